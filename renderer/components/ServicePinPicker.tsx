// SPDX-License-Identifier: Apache-2.0
/**
 * Choosing the in-cluster service MLDeck may talk to (and send stored credentials to): the
 * services found, each with "Use this one", and the one confirmed, pinned by namespace, name and
 * uid. A confirmed service that is gone or was made again (another uid) is said to be so.
 */
import type { ServiceCandidate, ServicePin } from '../../shared/kube/service-pin';
import { pinLabel, samePin } from '../../shared/kube/service-pin';
import type { ServiceCandidates } from '../lib/use-service-candidates';
import { ErrorNote } from './ErrorNote';

const short = (uid: string) => uid.slice(0, 8);

/** The picker. `what` names the server ("MLflow"); `testId` prefixes the test ids. */
export function ServicePinPicker(props: {
  what: string;
  testId: string;
  pin: ServicePin | null;
  found: ServiceCandidates;
  onPin: (pin: ServicePin | null) => void;
}) {
  const { what, pin, found } = props;
  const list = found.candidates ?? [];
  const pinnedHere = pin ? list.find((c) => samePin(c, pin)) : undefined;
  const renamed = pin && !pinnedHere ? list.find((c) => c.namespace === pin.namespace && c.name === pin.name) : undefined;
  const use = (c: ServiceCandidate) => props.onPin({ namespace: c.namespace, name: c.name, uid: c.uid });
  return (
    <div className="service-pin" data-testid={`${props.testId}-pin`}>
      <p className="muted small">
        MLDeck sends nothing to an in-cluster {what} service, and never your credentials, until you confirm it here. It is then pinned by namespace, name and
        uid: a service of the same name elsewhere, or made again, is not it.
      </p>
      {pin ? (
        <div className="service-pin-current" data-testid={`${props.testId}-pinned`} data-pin={pinLabel(pin)}>
          Confirmed: <strong>{pinLabel(pin)}</strong> <span className="muted small">(uid {short(pin.uid)}…)</span>{' '}
          <button type="button" className="btn ghost small" onClick={() => props.onPin(null)}>
            Forget
          </button>
          {!found.loading && !pinnedHere && (
            <div className="error-text small" data-testid={`${props.testId}-pin-missing`}>
              {renamed
                ? `${pinLabel(pin)} was deleted and made again (uid ${short(renamed.uid)}…): MLDeck does not use it until you confirm it again.`
                : `${pinLabel(pin)} is not among the services found now.`}
            </div>
          )}
        </div>
      ) : (
        <div className="muted small">No {what} service confirmed yet.</div>
      )}
      {found.error && <ErrorNote error={found.error} />}
      {found.loading && <div className="muted small">Looking for {what} services…</div>}
      {!found.loading && !found.error && list.length === 0 && <div className="muted small">No {what} service found in this cluster.</div>}
      {list.length > 0 && (
        <ul className="service-pin-list">
          {list.map((c) => (
            <li key={c.uid} data-testid={`${props.testId}-candidate`} data-service={pinLabel(c)}>
              <span>
                {pinLabel(c)}:{c.port} {c.pod ? `→ ${c.pod}` : <span className="muted">(no Running pod)</span>}
              </span>{' '}
              {samePin(c, pin) ? (
                <span className="muted small">in use</span>
              ) : (
                <button type="button" className="btn small" data-testid={`${props.testId}-use`} onClick={() => use(c)}>
                  Use this one
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="btn ghost small" onClick={found.reload} disabled={found.loading}>
        Look again
      </button>
    </div>
  );
}
