// SPDX-License-Identifier: Apache-2.0
/**
 * The drawer of a task of the run: its state and error, whether KFP served it from its cache (and
 * the earlier run whose execution made its outputs, when its artifacts were found there), the
 * iteration shown (a task inside a ParallelFor runs once per iteration: the one picked in its loops'
 * frames, else a failed or running one; picking one here picks it in the graph too), its inputs and
 * outputs (artifacts previewed by type, `artifacts/`), its pods (name, node, phase; gone ones with
 * their kept logs), the events about them, and the log of the chosen pod.
 */
import { useEffect, useMemo, useState } from 'react';
import type { RunDetail, TaskParameter } from '../../../../shared/features/pipelines/run-details.contract';
import { useRouter } from '../../../app/router';
import { ErrorNote } from '../../../components/ErrorNote';
import { dateTime } from '../../../lib/date-time';
import { TaskArtifactsSection } from './artifacts/TaskArtifactsSection';
import { useTaskArtifacts } from './artifacts/use-task-artifacts';
import { compareIterations } from './run-graph-model';
import { shownInstance, type LoopPicks } from './run-loops';
import { stateText, stateTone } from './run-view-model';
import { TaskLogs } from './TaskLogs';
import { useRunTask } from './use-run-task';

function Params({ rows, testId }: { rows: TaskParameter[]; testId: string }) {
  if (rows.length === 0) return <p className="muted small">none</p>;
  return (
    <table className="table run-params" data-testid={testId}>
      <tbody>
        {rows.map((p) => (
          <tr key={p.name} data-name={p.name}>
            <td className="mono">{p.name}</td>
            <td className="mono">{p.value || <span className="muted">kept in ML Metadata</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An iteration path in words, counted from 1: "iteration 3", "iteration 2 / 1". */
const iterationWords = (iterations: readonly number[]) => `iteration ${iterations.map((i) => i + 1).join(' / ')}`;

/** The drawer. */
export function TaskDrawer(props: {
  run: RunDetail;
  graphId: string;
  /** The loops holding the task, outermost first. */
  loops: readonly string[];
  /** The iteration picked in each loop. */
  picks: LoopPicks;
  /** Shows an iteration of the task (picks it in its loops). */
  showInstance(graphId: string, iterations: readonly number[]): void;
  onClose(): void;
}) {
  const { run, graphId, loops, picks, showInstance, onClose } = props;
  const go = useRouter((s) => s.go);
  const instances = run.tasks.filter((t) => t.role === 'node' && t.graphId === graphId).sort((a, b) => compareIterations(a.iterations, b.iterations));
  const { current, iterations } = shownInstance(instances, loops, picks);
  const iterKey = iterations.join(',');
  const data = useRunTask(run.clusterId, run.runId, graphId, iterations, current?.state);
  const taskRef = useMemo(
    () => ({ clusterId: run.clusterId, runId: run.runId, graphId, iterations: iterKey ? iterKey.split(',').map(Number) : [] }),
    [run.clusterId, run.runId, graphId, iterKey],
  );
  const artifacts = useTaskArtifacts(taskRef, current?.state);
  // the listing of the iteration shown (not the last one's, while this one is read)
  const listing = artifacts.value?.graphId === graphId && artifacts.value.iterations.join(',') === iterKey ? artifacts.value : undefined;
  const cachedFrom = current?.cached ? (listing?.cachedFrom ?? listing?.artifacts.find((a) => a.io === 'output' && a.cachedFrom)?.cachedFrom) : undefined;
  // the answer for the iteration shown (not the last one's, while this one is read)
  const d = data.value?.graphId === graphId && data.value.iterations.join(',') === iterKey ? data.value : undefined;
  const [podName, setPodName] = useState<string | undefined>();
  useEffect(() => setPodName(undefined), [graphId, iterKey]);
  const pod = d?.pods.find((p) => p.name === podName) ?? d?.pods[d.pods.length - 1];
  return (
    <aside className="run-drawer" data-testid="task-drawer" data-task={graphId}>
      <header className="run-drawer-head">
        <strong>{graphId}</strong>
        {current && (
          <span className={`pill ${stateTone(current.state)}`} data-testid="task-state">
            {stateText(current.state)}
          </span>
        )}
        <span className="spacer" />
        <button className="btn ghost" onClick={onClose} aria-label="Close the task drawer">
          ✕
        </button>
      </header>
      {(loops.length > 0 || instances.length > 1) && (
        <label className="small">
          Iteration{' '}
          <select value={iterKey} onChange={(e) => showInstance(graphId, e.target.value.split(',').map(Number))} data-testid="task-iteration">
            {!current && iterKey && <option value={iterKey}>{iterationWords(iterations)} — not started</option>}
            {instances.map((t) => (
              <option key={t.iterations.join(',')} value={t.iterations.join(',')}>
                {iterationWords(t.iterations)} — {stateText(t.state)}
              </option>
            ))}
          </select>
        </label>
      )}
      {current?.cached && (
        <p className="note small" data-testid="task-cached">
          Served from KFP&apos;s cache: this task did not run in this run; its outputs are those of an earlier execution
          {cachedFrom ? (
            <>
              {' '}
              in the run{' '}
              <button
                className="link"
                data-testid="task-cached-from"
                onClick={() => go({ page: 'pipeline-run', clusterId: run.clusterId, runId: cachedFrom.runId })}
              >
                {cachedFrom.displayName || cachedFrom.runId}
              </button>
              .
            </>
          ) : (
            <>
              {' '}
              (which run made them is kept by KFP in ML Metadata; its artifacts below say where they were found).
              {listing?.cachedFromProblem && (
                <span className="muted" data-testid="task-cached-problem">
                  {' '}
                  {listing.cachedFromProblem}
                </span>
              )}
            </>
          )}
        </p>
      )}
      {current && (
        <p className="muted small">
          {current.startedAt ? `started ${dateTime(current.startedAt)}` : 'not started'}
          {current.finishedAt ? `, ended ${dateTime(current.finishedAt)}` : ''}
        </p>
      )}
      {(d?.message || current?.message) && (
        <p className="note error small" data-testid="task-error">
          {d?.message || current?.message}
        </p>
      )}
      {data.error && <ErrorNote error={data.error} onRetry={data.reload} />}
      {d && (
        <>
          <h4>Inputs</h4>
          <Params rows={d.inputs.parameters} testId="task-inputs" />
          <TaskArtifactsSection task={taskRef} io="input" declared={d.inputs.artifacts} listing={artifacts} />
          <h4>Outputs</h4>
          <Params rows={d.outputs.parameters} testId="task-outputs" />
          <TaskArtifactsSection task={taskRef} io="output" declared={d.outputs.artifacts} listing={artifacts} />
          <p className="muted small">{d.ioNote}</p>
          <h4>Pods</h4>
          {d.pods.length === 0 ? (
            <p className="muted small">No pod of this task was seen.</p>
          ) : (
            <table className="table run-params" data-testid="task-pods">
              <tbody>
                {d.pods.map((p) => (
                  <tr key={p.name} data-name={p.name} className={p === pod ? 'chosen' : ''}>
                    <td>
                      <button className="link mono small" onClick={() => setPodName(p.name)}>
                        {p.name}
                      </button>
                    </td>
                    <td className="small">{p.node || '—'}</td>
                    <td className="small">{p.exists ? p.phase : 'gone (log kept)'}</td>
                    <td className="small">{p.terminated}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {d.events.length > 0 && (
            <>
              <h4>Events</h4>
              <table className="table run-params" data-testid="task-events">
                <tbody>
                  {d.events.map((e, i) => (
                    <tr key={i} className={e.type === 'Warning' ? 'warn' : ''}>
                      <td className="small">{e.reason}</td>
                      <td className="small">{e.message}</td>
                      <td className="small muted">{e.count > 1 ? `×${e.count}` : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {pod && (
            <>
              <h4>Log of {pod.name}</h4>
              <TaskLogs key={pod.name} clusterId={run.clusterId} pod={pod} />
            </>
          )}
        </>
      )}
    </aside>
  );
}
