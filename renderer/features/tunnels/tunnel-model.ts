// SPDX-License-Identifier: Apache-2.0
/** Words for a tunnel in the list: its target and how long until it closes by itself. */
import type { TunnelInfo } from '../../../shared/features/tunnels/tunnels.contract';

/** "service mlflow:5000 → pod mlflow-0:5000 (mlflow)". */
export function targetText(t: TunnelInfo): string {
  const to = t.target.kind === 'pod' ? '' : ` → pod ${t.pod}:${t.podPort}`;
  return `${t.target.kind} ${t.target.name}:${t.target.port}${to} (${t.namespace})`;
}

/** Minutes left before the idle tunnel closes (0 when due). */
export function idleLeftMinutes(t: TunnelInfo, now = Date.now()): number {
  return Math.max(0, Math.ceil((Date.parse(t.lastActivityAt) + t.idleMinutes * 60_000 - now) / 60_000));
}
