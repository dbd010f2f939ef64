// SPDX-License-Identifier: Apache-2.0
/**
 * A task's input or output artifacts in its drawer: each with its type, producer, size, where it
 * is (an "Open in storage" link) and a preview opened on demand (metrics and classification
 * metrics open by themselves); why one was not found; and when the listing was fetched (or that
 * it comes from the cache).
 */
import { useState } from 'react';
import type { ArtifactIo, RunArtifact, TaskArtifacts } from '../../../../../shared/features/pipelines/run-artifacts.contract';
import { S3Link } from '../../../../components/S3Link';
import { bytes } from '../../../../lib/format';
import { ArtifactPreview } from './ArtifactPreview';
import { fetchedText } from './artifact-model';
import type { TaskRef } from './use-task-artifacts';
import './artifacts.css';

const when = (ms: number) => new Date(ms).toLocaleString();
const opensByItself = (a: RunArtifact) => a.schemaTitle === 'system.Metrics' || a.schemaTitle === 'system.ClassificationMetrics';

function ArtifactRow({ task, a, version }: { task: TaskRef; a: RunArtifact; version: string }) {
  const [open, setOpen] = useState(opensByItself(a));
  const found = !!a.uri && a.size !== undefined;
  return (
    <li className="artifact-row" data-testid="artifact" data-name={a.name} data-io={a.io}>
      <div className="artifact-head">
        <strong className="mono">{a.name}</strong>
        <span className="muted small">{a.schemaTitle || 'artifact'}</span>
        {a.from && <span className="small">from {a.from}</span>}
        {found && <span className="small muted">{a.folder ? `folder, ${bytes(a.size ?? 0)}` : bytes(a.size ?? 0)}</span>}
        <span className="spacer" />
        {found && (
          <button className="btn small ghost" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="artifact-toggle">
            {open ? 'Hide' : 'Preview'}
          </button>
        )}
      </div>
      {found && (
        <div className="small">
          <S3Link clusterId={task.clusterId} uri={a.uri} label={`Open in storage: ${a.uri}`} />
        </div>
      )}
      {a.note && <p className="small muted">{a.note}</p>}
      {!found && !a.note && <p className="small muted">Not found.</p>}
      {found && open && <ArtifactPreview task={task} io={a.io} name={a.name} version={version} />}
    </li>
  );
}

/** The artifacts of one side (inputs or outputs). */
export function ArtifactsPanel({ task, io, listing, testId }: { task: TaskRef; io: ArtifactIo; listing: TaskArtifacts; testId: string }) {
  const rows = listing.artifacts.filter((a) => a.io === io);
  if (rows.length === 0) return <p className="muted small">no artifacts</p>;
  // a newer listing (the task ended, a refresh) reads the previews again
  const version = `${listing.fetchedAt}|${listing.origin.kind}`;
  return (
    <>
      <ul className="artifact-list" data-testid={testId}>
        {rows.map((a) => (
          <ArtifactRow key={`${a.io}/${a.name}`} task={task} a={a} version={version} />
        ))}
      </ul>
      {io === 'output' && (
        <p className={`small ${listing.origin.kind === 'cache' ? 'note warn' : 'muted'}`} data-testid="artifacts-fetched">
          Artifacts {fetchedText(listing.fetchedAt, listing.origin, when)}
          {listing.runRoot ? ` from ${listing.runRoot}` : ''}.{listing.problem ? ` ${listing.problem}` : ''}
        </p>
      )}
    </>
  );
}
