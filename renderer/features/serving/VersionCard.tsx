// SPDX-License-Identifier: Apache-2.0
/** The registry version a deploy starts from: its name, aliases, status and source, or why it cannot be read. */
import { AppError } from '../../../shared/errors';
import { ErrorNote } from '../../components/ErrorNote';
import type { VersionPrefill } from './registry-prefill';
import type { DeployRoute } from './use-deploy';

/** The card (nothing when the route names no version). */
export function VersionCard({ v, route }: { v: VersionPrefill | AppError | undefined; route: DeployRoute }) {
  if (!route.model || !route.version) return null;
  if (!v)
    return (
      <div className="muted">
        Reading {route.model} version {route.version} from the registry…
      </div>
    );
  if (v instanceof AppError)
    return (
      <>
        <ErrorNote error={v} />
        <div className="note stale" role="status">
          The registry cannot be read now: type the model’s storageUri yourself.
        </div>
      </>
    );
  return (
    <div className="note info" role="status" data-testid="deploy-version">
      <div>
        <strong>
          {v.model} version {v.version}
        </strong>{' '}
        {v.aliases.length > 0 && <span className="muted">({v.aliases.map((a) => `@${a}`).join(', ')})</span>} · {v.status}
      </div>
      <div className="muted small mono">source: {v.source}</div>
      {!v.storageUri && <div className="warn-text">No storageUri KServe can load: {v.storageUriReason ?? 'unknown'}. Type one below.</div>}
    </div>
  );
}
