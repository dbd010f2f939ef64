// SPDX-License-Identifier: Apache-2.0
/** Add a kubeconfig by path or by pasting it (the clusters store adds it). Nothing typed is lost when adding fails. */
import { useState } from 'react';
import { describeError, notify } from '../../lib/notify';
import { useClusters } from '../../lib/clusters.store';
import { addedText } from './cluster-view-model';

/** The form. */
export function AddKubeconfig({ onAdded }: { onAdded?: () => void }) {
  const [mode, setMode] = useState<'file' | 'paste'>('file');
  const [path, setPath] = useState(() => sessionStorage.getItem('mldeck.draft.kubeconfig-path') ?? '');
  const [text, setText] = useState(() => sessionStorage.getItem('mldeck.draft.kubeconfig-text') ?? '');
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const keep = (k: string, v: string) => sessionStorage.setItem(`mldeck.draft.${k}`, v);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { addFile, addText } = useClusters.getState();
      const added = mode === 'file' ? await addFile(path.trim()) : await addText(text, label);
      notify('success', 'Kubeconfig added', addedText(added));
      sessionStorage.removeItem(`mldeck.draft.kubeconfig-${mode === 'file' ? 'path' : 'text'}`);
      if (mode === 'file') setPath('');
      else setText('');
      onAdded?.();
    } catch (e) {
      const d = describeError(e);
      setError(`${d.title} ${d.message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card add-kubeconfig">
      <div className="tabs" role="tablist">
        <button role="tab" aria-selected={mode === 'file'} className={`tab ${mode === 'file' ? 'active' : ''}`} onClick={() => setMode('file')}>
          From a file
        </button>
        <button role="tab" aria-selected={mode === 'paste'} className={`tab ${mode === 'paste' ? 'active' : ''}`} onClick={() => setMode('paste')}>
          Paste
        </button>
      </div>
      {mode === 'file' ? (
        <label className="field">
          Kubeconfig path
          <input
            className="input"
            value={path}
            placeholder="/home/you/.kube/other-cluster.yaml"
            onChange={(e) => {
              setPath(e.target.value);
              keep('kubeconfig-path', e.target.value);
            }}
            aria-label="Kubeconfig path"
          />
        </label>
      ) : (
        <>
          <label className="field">
            Name (optional)
            <input className="input" value={label} onChange={(e) => setLabel(e.target.value)} aria-label="Kubeconfig name" />
          </label>
          <label className="field">
            Kubeconfig YAML
            <textarea
              className="input mono"
              rows={10}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                keep('kubeconfig-text', e.target.value);
              }}
              aria-label="Kubeconfig YAML"
              spellCheck={false}
            />
          </label>
        </>
      )}
      {error && (
        <div className="note error" role="alert">
          {error}
        </div>
      )}
      <button className="btn primary" disabled={busy || (mode === 'file' ? !path.trim() : !text.trim())} onClick={() => void submit()}>
        {busy ? 'Adding…' : 'Add kubeconfig'}
      </button>
    </div>
  );
}
