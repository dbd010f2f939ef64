// SPDX-License-Identifier: Apache-2.0
/** Uploads and downloads with progress, speed and time left; cancel, retry. */
import { bytes } from '../../lib/format';
import { duration, rate } from './storage-model';
import { useTransfers } from './transfers.store';

export function TransfersPanel() {
  const { transfers, cancel, clearFinished } = useTransfers();
  if (transfers.length === 0) return null;
  return (
    <section className="storage-transfers" aria-label="Transfers" data-testid="storage-transfers">
      <header className="row">
        <h2>Transfers</h2>
        <button className="btn ghost small" onClick={clearFinished}>
          Clear finished
        </button>
      </header>
      <ul>
        {transfers.map((t) => {
          const r = rate(t.samples, t.total);
          const pct = t.total ? Math.min(100, (t.loaded / t.total) * 100) : undefined;
          return (
            <li key={t.id} data-testid="transfer" data-state={t.state}>
              <span className="small">
                {t.kind === 'upload' ? '↑' : '↓'} {t.name}
              </span>
              <progress max={100} value={pct ?? 0} aria-label={`${t.kind} ${t.name}`} />
              <span className="small muted" data-testid="transfer-progress">
                {bytes(t.loaded)}
                {t.total !== undefined ? ` of ${bytes(t.total)}` : ''}
                {t.state === 'running' && r.speed > 0 ? ` · ${bytes(r.speed)}/s` : ''}
                {t.state === 'running' && r.secondsLeft !== undefined ? ` · ${duration(r.secondsLeft)} left` : ''}
                {t.state === 'done' ? ' · done' : ''}
                {t.state === 'cancelled' ? ' · cancelled' : ''}
                {t.state === 'failed' ? ` · failed: ${t.message ?? ''}` : ''}
              </span>
              {t.state === 'running' && (
                <button className="btn ghost small" onClick={() => cancel(t.id)} aria-label={`Cancel ${t.name}`}>
                  Cancel
                </button>
              )}
              {(t.state === 'failed' || t.state === 'cancelled') && t.retry && (
                <button className="btn ghost small" onClick={t.retry} aria-label={`Retry ${t.name}`}>
                  Retry
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
