// SPDX-License-Identifier: Apache-2.0
/** A pod's containers and their states (reason, message; exit codes and the last run unless brief). */
import type { PodView } from '../../../shared/kube/pod-view';

/** The list; `brief` leaves out exit codes and the previous run. */
export function ContainerStates({ p, brief }: { p: PodView; brief?: boolean }) {
  return (
    <ul className="container-states">
      {p.containers.map((c) => (
        <li key={`${c.init ? 'init:' : ''}${c.name}`}>
          <span className="muted">{c.init ? `init ${c.name}` : c.name}</span>{' '}
          <span className={c.state === 'terminated' && c.exitCode !== 0 ? 'error-text' : c.state === 'waiting' ? 'warn-text' : ''}>
            {c.state === 'unknown' ? 'not started' : c.state}
            {c.reason ? ` (${c.reason})` : ''}
            {!brief && c.exitCode !== undefined ? `, exit code ${c.exitCode}` : ''}
          </span>
          {c.message && <div className="muted small pre-line">{c.message}</div>}
          {!brief && c.lastTermination && (
            <div className="muted small">
              last run: {c.lastTermination.reason ?? 'terminated'}
              {c.lastTermination.exitCode !== undefined ? `, exit code ${c.lastTermination.exitCode}` : ''}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
