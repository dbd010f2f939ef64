// SPDX-License-Identifier: Apache-2.0
/** Uploads the pipeline being built to the cluster: as a new pipeline (in a profile namespace on a multi-user KFP) or a new version of one. */
import { useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { useGraph } from './builder.store';
import { useBuilderUpload } from './use-builder-io';
import { useUploadChoices } from './use-upload-choices';

export function UploadToClusterDialog({ clusterId, onClose }: { clusterId: string; onClose(): void }) {
  const graph = useGraph();
  const choices = useUploadChoices(clusterId);
  const up = useBuilderUpload(clusterId);
  const [kind, setKind] = useState<'pipeline' | 'version'>('pipeline');
  const [name, setName] = useState(graph.info.name);
  const [description, setDescription] = useState(graph.info.description ?? '');
  const [pipelineId, setPipelineId] = useState('');
  const [namespace, setNamespace] = useState('');
  const multi = choices.connection?.multiUser === true;
  const ns = namespace || choices.connection?.namespaces[0] || '';
  const target = pipelineId || choices.pipelines[0]?.pipelineId || '';
  return (
    <div className="dialog-backdrop" onClick={() => !up.busy && onClose()}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Upload to the cluster"
        onClick={(e) => e.stopPropagation()}
        data-testid="builder-upload-dialog"
      >
        <h3>Upload to the cluster</h3>
        <div className="dialog-body">
          <label className="field builder-check">
            <input type="radio" checked={kind === 'pipeline'} onChange={() => setKind('pipeline')} /> As a new pipeline
          </label>
          <label className="field builder-check">
            <input type="radio" checked={kind === 'version'} onChange={() => setKind('version')} data-testid="upload-as-version" /> As a new version of
          </label>
          {kind === 'version' && (
            <select className="input" value={target} onChange={(e) => setPipelineId(e.target.value)} aria-label="Pipeline">
              {choices.pipelines.map((p) => (
                <option key={p.pipelineId} value={p.pipelineId}>
                  {p.displayName || p.name}
                  {p.namespace ? ` (${p.namespace})` : ''}
                </option>
              ))}
            </select>
          )}
          {kind === 'pipeline' && multi && (
            <label className="field">
              <span>Namespace</span>
              <select className="input" value={ns} onChange={(e) => setNamespace(e.target.value)}>
                {choices.connection?.namespaces.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
          )}
          <label className="field">
            <span>{kind === 'pipeline' ? 'Pipeline name' : 'Version name'}</span>
            <input className="input" value={name} onChange={(e) => setName(e.target.value)} data-testid="upload-name" />
          </label>
          <label className="field">
            <span>Description</span>
            <input className="input" value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
          {choices.connection && !choices.connection.ok && <p className="note warn small">{choices.connection.message}</p>}
          {choices.error && <ErrorNote error={choices.error} />}
          {up.error && <ErrorNote error={up.error} />}
          {up.done && (
            <p className="note info small" data-testid="upload-done">
              Uploaded {'pipeline' in up.done ? `pipeline ${up.done.pipeline.name}` : `version ${up.done.name}`}.
            </p>
          )}
        </div>
        <div className="dialog-buttons">
          <button className="btn" onClick={onClose} disabled={up.busy}>
            Close
          </button>
          <button
            className="btn primary"
            data-testid="builder-upload-confirm"
            disabled={up.busy || !name.trim() || (kind === 'version' && !target)}
            onClick={() =>
              void up.upload(
                kind === 'pipeline'
                  ? { kind, name: name.trim(), description, ...(multi && ns ? { namespace: ns } : {}) }
                  : { kind, pipelineId: target, name: name.trim(), description },
              )
            }
          >
            {up.busy ? 'Uploading…' : 'Upload'}
          </button>
        </div>
      </div>
    </div>
  );
}
