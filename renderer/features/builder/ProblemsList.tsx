// SPDX-License-Identifier: Apache-2.0
/** What pipeline-check finds, listed with the task and port each is at; a click selects the task. */
import type { GraphProblem } from '../../../shared/kfp/pipeline-check';
import { useBuilder } from './builder.store';

export function ProblemsList({ problems }: { problems: GraphProblem[] }) {
  const select = useBuilder((s) => s.select);
  if (problems.length === 0)
    return (
      <div className="note small" data-testid="builder-problems">
        No problems: the pipeline is complete.
      </div>
    );
  return (
    <div className="builder-problems" data-testid="builder-problems">
      <h4>
        {problems.length} problem{problems.length === 1 ? '' : 's'}
      </h4>
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.node}|${p.port ?? ''}|${p.edge ?? ''}|${i}`}>
            <button className="link" onClick={() => select([p.node])}>
              {p.node}
              {p.port ? `.${p.port}` : ''}
            </button>
            : {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
