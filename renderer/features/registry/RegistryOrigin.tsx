// SPDX-License-Identifier: Apache-2.0
/** Where registry data came from: a small "live" pill with the MLflow it came from, or "showing what MLDeck saw at …" when cached. */
import type { RegistrySource } from '../../../shared/features/registry/registry.contract';

function when(ms: number): string {
  const d = new Date(ms);
  return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
}

/** The words for a live source. */
export function sourceText(o: RegistrySource): string {
  if (o.kind === 'url') return o.url;
  if (o.kind === 'port-forward') return `${o.namespace}/${o.service} (port-forward to ${o.pod})`;
  return 'cache';
}

/** The banner or pill. */
export function RegistryOrigin({ origin }: { origin: RegistrySource | undefined }) {
  if (!origin) return null;
  if (origin.kind === 'cache')
    return (
      <div className="note stale" role="status" data-testid="registry-origin" data-origin="cache">
        <div>
          <strong>Offline</strong> — showing what MLDeck saw at {when(origin.seenAt)}.
        </div>
        <div className="muted small">{origin.why}</div>
      </div>
    );
  return (
    <span className="pill ok small" data-testid="registry-origin" data-origin={origin.kind} title={`MLflow at ${sourceText(origin)}`}>
      live · {sourceText(origin)}
    </span>
  );
}
