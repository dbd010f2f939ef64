// SPDX-License-Identifier: Apache-2.0
/**
 * How fresh a list is: live, syncing, stale with the time of the last sync and why, or not known
 * at all because MLDeck never read it from the cluster (and why).
 */
import type { SliceStatus } from '../../shared/features/sync/sync.contract';

function when(ms: number): string {
  const d = new Date(ms);
  const sameDay = d.toDateString() === new Date().toDateString();
  return sameDay ? d.toLocaleTimeString() : d.toLocaleString();
}

/** The banner; nothing while live. */
export function FreshnessBanner({ status }: { status: SliceStatus | undefined }) {
  if (!status) return null;
  if (status.snapshot)
    return (
      <div className="note snapshot" role="status" data-testid="freshness" data-freshness="snapshot">
        <strong>Snapshot</strong> taken {when(status.snapshot.takenAt)} — read-only ({status.snapshot.file})
      </div>
    );
  if (status.freshness === 'live')
    return (
      <span className="pill ok small" data-testid="freshness" data-freshness="live">
        live
      </span>
    );
  if (status.freshness === 'syncing')
    return (
      <span className="pill progress small" data-testid="freshness" data-freshness="syncing">
        syncing…
      </span>
    );
  if (status.freshness === 'forbidden')
    return (
      <div className="note forbidden" role="alert" data-testid="freshness" data-freshness="forbidden">
        <strong>Not allowed:</strong> {status.reason ?? 'your account may not list these.'}
      </div>
    );
  const state = status.freshness === 'offline' ? 'Offline' : 'Reconnecting';
  if (status.lastSyncedAt === undefined)
    return (
      <div className="note stale" role="status" data-testid="freshness" data-freshness={status.freshness} data-known="never">
        <strong>{state}</strong> — MLDeck has never read this from the cluster, so what is there is not known
        {status.reason ? `: ${status.reason}` : '.'}
      </div>
    );
  return (
    <div className="note stale" role="status" data-testid="freshness" data-freshness={status.freshness}>
      <strong>{state}</strong> — showing what MLDeck saw at {when(status.lastSyncedAt)}.{status.reason && <span className="muted"> {status.reason}</span>}
    </div>
  );
}
