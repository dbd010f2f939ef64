// SPDX-License-Identifier: Apache-2.0
/**
 * The images a cluster offers in the new-server form, per server type, and whether a typed
 * image is allowed; kept by main per cluster (defaults: the Kubeflow web app's list).
 */
import { useState } from 'react';
import type { NotebookSettings } from '../../../shared/features/notebook-servers/notebook-servers.contract';
import { defaultImages, serverTypes } from '../../../shared/kube/notebook-form';
import { serverTypeTitle } from '../../../shared/kube/notebook-summary';
import { useSaveNotebookSettings } from './use-notebook-settings';

const lines = (t: string) =>
  t
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The editor; `onSaved` gets what main stored. */
export function NotebookImagesSettings(props: { settings: NotebookSettings; clusterName: string; onSaved(s: NotebookSettings): void; onClose(): void }) {
  const [text, setText] = useState(
    () => Object.fromEntries(serverTypes.map((t) => [t, props.settings.images[t].join('\n')])) as Record<(typeof serverTypes)[number], string>,
  );
  const [allowCustom, setAllowCustom] = useState(props.settings.allowCustomImage);
  const { busy, save: store } = useSaveNotebookSettings(props.settings.clusterId, props.clusterName, props.onSaved);
  const save = () => store({ jupyter: lines(text.jupyter), 'group-one': lines(text['group-one']), 'group-two': lines(text['group-two']) }, allowCustom);
  return (
    <section className="card nbs-images" data-testid="notebook-images-settings">
      <h3>Images offered on {props.clusterName}</h3>
      <p className="muted small">One image per line; the first is the default. Kept by MLDeck for this cluster only.</p>
      <div className="form-grid3">
        {serverTypes.map((t) => (
          <label key={t} className="form-field">
            <span className="muted">{serverTypeTitle(t)}</span>
            <textarea
              className="input mono"
              rows={6}
              spellCheck={false}
              aria-label={`${serverTypeTitle(t)} images`}
              value={text[t]}
              onChange={(e) => setText({ ...text, [t]: e.target.value })}
            />
          </label>
        ))}
      </div>
      <label className="check">
        <input type="checkbox" checked={allowCustom} onChange={(e) => setAllowCustom(e.target.checked)} /> Allow a custom image
      </label>
      <div className="dialog-buttons">
        <button className="btn ghost" onClick={() => setText(Object.fromEntries(serverTypes.map((t) => [t, defaultImages[t].join('\n')])) as typeof text)}>
          Kubeflow defaults
        </button>
        <button className="btn" onClick={props.onClose} disabled={busy}>
          Close
        </button>
        <button className="btn primary" onClick={() => void save()} disabled={busy || serverTypes.some((t) => lines(text[t]).length === 0)}>
          {busy ? 'Saving…' : 'Save images'}
        </button>
      </div>
    </section>
  );
}
