// SPDX-License-Identifier: Apache-2.0
/**
 * The browser of one claim: open it read-only or for writing (a Kubeflow PVCViewer or a pod is
 * started for it, and what the user should know about where it runs is said), then folders with
 * breadcrumbs, a file's preview, download, upload into the folder shown and delete with
 * confirmation. Closing (or leaving the page) deletes the PVCViewer or the pod.
 */
import { useRef, useState } from 'react';
import type { VolumeEntry } from '../../../shared/features/volumes/volumes.contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { age, bytes } from '../../lib/format';
import { useVolumeBrowser, type ClaimRef } from './use-volume-browser';
import { VolumePreview } from './VolumePreview';

/** The browser; `writableAllowed` is false for a ReadOnlyMany claim. */
export function VolumeBrowser({ claim, writableAllowed }: { claim: ClaimRef; writableAllowed: boolean }) {
  const b = useVolumeBrowser(claim);
  const [confirm, setConfirm] = useState<VolumeEntry>();
  const fileInput = useRef<HTMLInputElement>(null);
  const path = b.listing?.path ?? '';
  const crumbs = path ? path.split('/') : [];

  if (!b.session) {
    return (
      <section className="vol-browser" data-testid="volume-browser">
        <p>
          MLDeck looks inside {claim.claim} through Kubeflow&apos;s PVCViewer where the cluster has it, else a short-lived pod in {claim.namespace}; either
          mounts it and is deleted when you close the browser.
        </p>
        <div className="row">
          <button className="btn primary" data-testid="volume-open" disabled={b.opening} onClick={() => void b.open(false)}>
            {b.opening ? 'Starting the browser…' : 'Browse files'}
          </button>
          <button
            className="btn"
            data-testid="volume-open-writable"
            disabled={b.opening || !writableAllowed}
            title={writableAllowed ? 'Mount the volume read-write to upload and delete files' : 'This claim can only be mounted read-only (ReadOnlyMany)'}
            onClick={() => void b.open(true)}
          >
            Browse and edit
          </button>
        </div>
        {b.error && <ErrorNote error={b.error} />}
      </section>
    );
  }

  return (
    <section className="vol-browser" data-testid="volume-browser">
      <div className="row vol-bar">
        <span className="pill small" data-testid="volume-mode">
          {b.session.writable ? 'read-write' : 'read-only'}
        </span>
        <span className="muted small" data-testid="volume-pod" data-pod={b.session.pod} data-via={b.session.via}>
          {b.session.via === 'pvcviewer' ? `PVCViewer ${b.session.viewer ?? ''}, pod ` : 'pod '}
          {b.session.pod}
          {b.session.node ? ` on ${b.session.node}` : ''}
        </span>
        <span className="spacer" />
        {b.busy && (
          <span className="muted small" role="status">
            {b.busy}
          </span>
        )}
        {b.session.writable && (
          <>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              data-testid="volume-upload-input"
              onChange={(e) => {
                if (e.target.files?.length) void b.upload(e.target.files);
                e.target.value = '';
              }}
            />
            <button className="btn small" data-testid="volume-upload" onClick={() => fileInput.current?.click()}>
              Upload…
            </button>
          </>
        )}
        <button className="btn small" data-testid="volume-close" onClick={() => void b.close()}>
          Close
        </button>
      </div>
      {b.session.notes.map((n) => (
        <p key={n} className="note info small" data-testid="volume-note">
          {n}
        </p>
      ))}
      <nav className="vol-crumbs" aria-label="Folder">
        <button className="link" onClick={() => void b.go('')}>
          {claim.claim}
        </button>
        {crumbs.map((c, i) => (
          <span key={i}>
            {' / '}
            <button className="link" onClick={() => void b.go(crumbs.slice(0, i + 1).join('/'))}>
              {c}
            </button>
          </span>
        ))}
      </nav>
      {b.error && <ErrorNote error={b.error} onRetry={() => void b.go(path)} />}
      <div className="vol-split">
        <table className="table compact vol-entries" data-testid="volume-entries">
          <thead>
            <tr>
              <th>Name</th>
              <th className="num">Size</th>
              <th className="num">Modified</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(b.listing?.entries ?? []).map((e) => (
              <tr key={e.path} data-testid="volume-entry" data-name={e.name} className={b.preview?.entry.path === e.path ? 'selected' : ''}>
                <td>
                  <button className="link" onClick={() => void (e.kind === 'directory' ? b.go(e.path) : b.show(e))}>
                    {e.kind === 'directory' ? `${e.name}/` : e.name}
                  </button>
                </td>
                <td className="num">{e.kind === 'directory' ? '' : bytes(e.size)}</td>
                <td className="num">{age(e.modifiedAt)} ago</td>
                <td className="vol-actions">
                  {e.kind === 'file' && (
                    <button className="btn ghost small" aria-label={`Download ${e.name}`} onClick={() => void b.download(e)}>
                      Download
                    </button>
                  )}
                  {b.session?.writable && (
                    <button className="btn ghost small danger" aria-label={`Delete ${e.name}`} onClick={() => setConfirm(e)}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {b.listing && b.listing.entries.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  This folder is empty.
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {b.preview && (
          <div className="vol-preview" data-testid="volume-preview">
            <h3>{b.preview.entry.name}</h3>
            <VolumePreview name={b.preview.entry.name} preview={b.preview.preview} truncated={b.preview.truncated} />
          </div>
        )}
      </div>
      {confirm && (
        <ConfirmDialog
          title={`Delete ${confirm.name}?`}
          confirm="Delete"
          danger
          onCancel={() => setConfirm(undefined)}
          onConfirm={async () => {
            await b.remove([confirm]);
            setConfirm(undefined);
          }}
        >
          <p>
            {confirm.kind === 'directory' ? `The folder ${confirm.path} and everything in it` : confirm.path} will be deleted from the volume {claim.claim}.
            This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
