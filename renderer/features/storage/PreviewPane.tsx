// SPDX-License-Identifier: Apache-2.0
/**
 * One object: its preview (a table with column types for CSV/TSV/JSON Lines/Parquet, JSON, an
 * image, text and logs, a notebook read-only, an MLmodel with "Deploy…"), and what can be done
 * with it: download, copy its `s3://` URI, a presigned link with an expiry.
 */
import { useState } from 'react';
import { storageContract } from '../../../shared/features/storage/storage.contract';
import type { AppError } from '../../../shared/errors';
import { ErrorNote } from '../../components/ErrorNote';
import { PreviewTable } from '../../components/PreviewTable';
import { api } from '../../lib/api/api-context';
import { bytes } from '../../lib/format';
import { notify, notifyError } from '../../lib/notify';
import { NotebookPreview } from './NotebookPreview';
import { imageType, s3Uri, type BrowserRow } from './storage-model';
import { useObjectPreview } from './use-object-preview';

/** What the pane needs to know of the store. */
export interface PaneTarget {
  clusterId: string;
  connectionId: string;
  bucket: string;
  canPresign: boolean;
}

export function PreviewPane({
  target,
  row,
  onDownload,
  onDeploy,
}: {
  target: PaneTarget;
  row: BrowserRow;
  onDownload(): void;
  onDeploy?: (() => void) | undefined;
}) {
  const { clusterId, connectionId, bucket } = target;
  const preview = useObjectPreview(clusterId, connectionId, bucket, row.key, row.size ?? 0);
  const [expiry, setExpiry] = useState(3600);
  const [link, setLink] = useState<{ url: string; expiresAt: string } | undefined>(undefined);
  const uri = s3Uri(bucket, row.key);
  const p = preview.value;
  return (
    <aside className="storage-preview" aria-label={`Preview of ${row.name}`} data-testid="storage-preview">
      <header>
        <h2>{row.name}</h2>
        <div className="small muted">
          {bytes(row.size ?? 0)} · {row.lastModified ? new Date(row.lastModified).toLocaleString() : ''}
        </div>
        <div className="row">
          <button className="btn small" onClick={onDownload}>
            Download
          </button>
          <button
            className="btn small"
            onClick={() => void navigator.clipboard.writeText(uri).then(() => notify('info', 'Copied', uri), notifyError)}
            aria-label={`Copy ${uri}`}
          >
            Copy s3:// URI
          </button>
          {onDeploy && (
            <button className="btn small primary" onClick={onDeploy}>
              Deploy…
            </button>
          )}
        </div>
        {target.canPresign && (
          <div className="row small">
            <label>
              Link valid for{' '}
              <select value={expiry} onChange={(e) => setExpiry(Number(e.target.value))} aria-label="Link expiry">
                <option value={900}>15 minutes</option>
                <option value={3600}>1 hour</option>
                <option value={86400}>1 day</option>
                <option value={604800}>7 days</option>
              </select>
            </label>
            <button
              className="btn small"
              onClick={() =>
                void api().call(storageContract.presign, { clusterId, connectionId, bucket, key: row.key, expiresSeconds: expiry }).then(setLink, notifyError)
              }
            >
              Presigned link
            </button>
          </div>
        )}
        {link && (
          <div className="small" data-testid="presigned-link">
            <input className="input mono" readOnly value={link.url} aria-label="Presigned link" onFocus={(e) => e.target.select()} /> until{' '}
            {new Date(link.expiresAt).toLocaleString()}
          </div>
        )}
      </header>
      {preview.error && <ErrorNote error={preview.error as AppError} onRetry={preview.reload} />}
      {preview.loading && <p className="muted">Reading…</p>}
      {p?.kind === 'table' && (
        <>
          {p.totalRows !== undefined && (
            <p className="small muted">
              {p.totalRows.toLocaleString()} rows; the first {p.table.rows.length} shown.
            </p>
          )}
          {p.totalRows === undefined && p.truncated && <p className="small muted">The first {p.table.rows.length} rows of the file’s first MiB.</p>}
          <PreviewTable table={p.table} types={p.types} />
        </>
      )}
      {(p?.kind === 'text' || p?.kind === 'json') && (
        <>
          {p.truncated && <p className="small muted">The first MiB of {bytes(p.size)}.</p>}
          <pre className="storage-text" data-testid="preview-text">
            {p.text}
          </pre>
        </>
      )}
      {p?.kind === 'image' && <img className="storage-image" alt={row.name} src={`data:${imageType(row.key)};base64,${p.base64}`} />}
      {p?.kind === 'notebook' && <NotebookPreview json={p.json} />}
      {p?.kind === 'too-large' && <p className="muted">{bytes(p.size)} is too large to preview here; download it.</p>}
      {p?.kind === 'none' && <p className="muted">No preview for this kind of file.</p>}
    </aside>
  );
}
