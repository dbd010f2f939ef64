// SPDX-License-Identifier: Apache-2.0
/** A cluster's last health check as a badge: reachable with version and latency, or why not. */
import { useClusters } from '../../lib/clusters.store';

/** The badge. */
export function HealthBadge({ clusterId }: { clusterId: string }) {
  const h = useClusters((s) => s.health[clusterId]);
  if (!h) return <span className="pill neutral">not checked</span>;
  if (h.reachable && h.auth === 'ok')
    return (
      <span className="pill ok" title={`checked ${h.checkedAt}`} data-testid="health-ok">
        {h.version} · {h.latencyMs} ms
      </span>
    );
  if (h.auth === 'needs-approval')
    return (
      <span className="pill warn" title={h.error?.message} data-testid="health-needs-approval">
        needs approval — not contacted
      </span>
    );
  return (
    <span className={`pill ${h.auth === 'forbidden' ? 'warn' : 'error'}`} title={h.error?.message} data-testid="health-bad">
      {h.error?.code === 'unauthenticated' ? 'sign-in failed' : h.error?.code === 'forbidden' ? `${h.version ?? 'reachable'} · limited access` : 'unreachable'}
      {h.error && <span className="small"> — {h.error.message}</span>}
    </span>
  );
}
