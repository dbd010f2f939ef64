// SPDX-License-Identifier: Apache-2.0
/**
 * The pods of an object as a table: (replica,) name (opens the pod), status with the
 * scheduler's reason, ready, restarts, node and container states.
 */
import type { PodView } from '../../../shared/kube/pod-view';
import { ContainerStates } from './ContainerStates';

/** Pods under one label (a replica type); without labels there is no "Replica" column. */
export interface PodGroup {
  label?: string;
  pods: PodView[];
}

/** The table; `brief` shortens the container states. */
export function PodsTable(props: { testId: string; groups: PodGroup[]; onOpen(name: string): void; brief?: boolean }) {
  const labelled = props.groups.some((g) => g.label !== undefined);
  return (
    <table className="table" data-testid={props.testId}>
      <thead>
        <tr>
          {labelled && <th>Replica</th>}
          <th>Pod</th>
          <th>Status</th>
          <th>Ready</th>
          <th>Restarts</th>
          <th>Node</th>
          <th>Containers</th>
        </tr>
      </thead>
      <tbody>
        {props.groups.flatMap((g) =>
          g.pods.map((p, i) => (
            <tr key={p.name} data-testid="pod-row" data-pod={p.name}>
              {labelled && <td>{i === 0 ? <strong>{g.label}</strong> : ''}</td>}
              <td className="nowrap">
                <button className="link" onClick={() => props.onOpen(p.name)}>
                  {p.name}
                </button>
              </td>
              <td>
                <span className={`pill ${p.status.tone}`}>{p.status.text}</span>
                {p.schedulerReason && (
                  <div className="warn-text small pre-line" data-testid="scheduler-reason">
                    {p.schedulerReason}
                  </div>
                )}
              </td>
              <td>{p.ready}</td>
              <td>{p.restarts}</td>
              <td className="nowrap">{p.node ?? '—'}</td>
              <td>
                <ContainerStates p={p} {...(props.brief ? { brief: true } : {})} />
              </td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
