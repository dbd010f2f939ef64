// SPDX-License-Identifier: Apache-2.0
/** A run's files, folder by folder; a file or folder in an object store opens in the storage browser (S3Link). */
import { useState } from 'react';
import type { TrackingServerRef } from '../../../shared/features/mlflow/tracking-types';
import { ErrorNote } from '../../components/ErrorNote';
import { S3Link, isS3Location } from '../../components/S3Link';
import { formatBytes } from './format';
import { useRunArtifacts } from './use-mlflow';

/** One folder (the root when `path` is ''). */
export function RunArtifacts({ server, runId, path, clusterId }: { server: TrackingServerRef; runId: string; path: string; clusterId: string | undefined }) {
  const a = useRunArtifacts(server, runId, path);
  const [open, setOpen] = useState<Set<string>>(new Set());
  if (a.error) return <ErrorNote error={a.error} onRetry={a.reload} />;
  if (!a.value) return <p className="muted small">Loading files…</p>;
  if (a.value.files.length === 0) return <p className="muted small">{path ? 'This folder is empty.' : 'This run logged no files.'}</p>;
  return (
    <ul>
      {a.value.files.map((f) => {
        const name = f.path.slice(path ? path.length + 1 : 0) || f.path;
        return (
          <li key={f.path} data-testid="run-artifact" data-path={f.path}>
            {f.isDir ? (
              <button
                className="link"
                aria-expanded={open.has(f.path)}
                onClick={() => setOpen((s) => (s.has(f.path) ? new Set([...s].filter((x) => x !== f.path)) : new Set([...s, f.path])))}
              >
                {open.has(f.path) ? '▾' : '▸'} {name}/
              </button>
            ) : (
              <span>{name}</span>
            )}{' '}
            {f.size !== undefined && <span className="muted small">{formatBytes(f.size)}</span>}{' '}
            {clusterId && isS3Location(f.storageUri) && <S3Link clusterId={clusterId} uri={f.storageUri} label="open in Storage" />}
            {f.isDir && open.has(f.path) && (
              <div style={{ paddingLeft: 16 }}>
                <RunArtifacts server={server} runId={runId} path={f.path} clusterId={clusterId} />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
