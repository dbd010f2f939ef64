// SPDX-License-Identifier: Apache-2.0
/** A notebook server's summary card: status and why, cluster, namespace, type, image, CPU, memory, GPUs, times. */
import { notebookTone, serverTypeTitle, type NotebookSummary } from '../../../shared/kube/notebook-summary';
import { dateTime } from '../../lib/date-time';
import { requestLimit } from './notebook-servers-model';

/** The card. */
export function ServerSummary({ s, clusterName, namespace }: { s: NotebookSummary; clusterName: string; namespace: string }) {
  return (
    <section className="card job-summary" data-testid="server-summary">
      <dl className="kv">
        <dt>Status</dt>
        <dd>
          <span className={`pill ${notebookTone(s.status)}`} data-testid="server-status" data-status={s.status}>
            {s.status}
          </span>
          {s.reason && (
            <span className="job-reason" data-testid="server-reason">
              {s.reason}
            </span>
          )}
        </dd>
        {s.message && s.status !== 'ready' && (
          <>
            <dt>Message</dt>
            <dd className="job-message pre-line" data-testid="server-message">
              {s.message}
            </dd>
          </>
        )}
        <dt>Cluster</dt>
        <dd>{clusterName}</dd>
        <dt>Namespace</dt>
        <dd>{namespace}</dd>
        <dt>Type</dt>
        <dd>{serverTypeTitle(s.serverType)}</dd>
        <dt>Image</dt>
        <dd className="mono wrap" data-testid="server-image">
          {s.image || '—'}
        </dd>
        <dt>CPU</dt>
        <dd>{requestLimit(s.cpu) || '—'}</dd>
        <dt>Memory</dt>
        <dd>{requestLimit(s.memory) || '—'}</dd>
        <dt>GPUs</dt>
        <dd data-testid="server-gpus">{s.gpus.count ? `${s.gpus.count} × ${s.gpus.vendor ?? ''}` : 'none'}</dd>
        <dt>Created</dt>
        <dd>{dateTime(s.createdAt)}</dd>
        {s.creator && (
          <>
            <dt>Creator</dt>
            <dd>{s.creator}</dd>
          </>
        )}
        <dt>Last activity</dt>
        <dd>{dateTime(s.lastActivity)}</dd>
        {s.stoppedAt && (
          <>
            <dt>Stopped</dt>
            <dd>{dateTime(s.stoppedAt)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
