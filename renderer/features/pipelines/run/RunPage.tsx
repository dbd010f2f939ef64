// SPDX-License-Identifier: Apache-2.0
/**
 * One KFP run: its name and state (refreshed with back-off while it runs), the error of a failed
 * run, its pipeline version (a link), its parameters, the graph of its tasks in their states (a
 * loop frame showing all its iterations or the one picked) or their timeline, and the drawer of
 * the task chosen (at the iteration picked).
 */
import { useRouter, type Route } from '../../../app/router';
import { ErrorNote } from '../../../components/ErrorNote';
import { TensorboardFromRun } from '../../../components/TensorboardButton';
import { dateTime } from '../../../lib/date-time';
import { useClusterScope } from '../../../lib/use-cluster-scope';
import { ReactFlowProvider } from '@xyflow/react';
import { useState } from 'react';
import { KfpOriginNote } from '../KfpOriginNote';
import { LoopPickContext } from './loop-pick-context';
import { Tabs } from '../../../components/detail/Tabs';
import { RunGraph } from './RunGraph';
import { RunTimeline } from './RunTimeline';
import { TaskDrawer } from './TaskDrawer';
import { useRunGraph } from './use-run-graph';
import { useWarmLayout } from './use-run-layout';
import { stateText, stateTone } from './run-view-model';
import { useRun } from './use-run';
import '../pipelines.css';
import './run.css';

/** The page. */
export function RunPage({ route }: { route: Extract<Route, { page: 'pipeline-run' }> }) {
  const go = useRouter((s) => s.go);
  const { nameOf } = useClusterScope(route.clusterId);
  const { run, error, fromMemory, nextAt, reload } = useRun(route.clusterId, route.runId);
  const { view, problem, toggle, openAll, picks, pick, loopsOf, showInstance } = useRunGraph(run);
  useWarmLayout();
  const [chosen, setChosen] = useState<string | undefined>();
  const [tab, setTab] = useState<'graph' | 'timeline'>('graph');
  return (
    <div className="page run-page" data-testid="pipeline-run-page">
      <header className="page-head">
        <button className="link" onClick={() => go({ page: 'pipelines', clusterId: route.clusterId })}>
          Pipelines
        </button>
        <span className="muted">/</span>
        <h1 data-testid="run-name">{run?.displayName || route.runId}</h1>
        {run && (
          <span className={`pill ${stateTone(run.state)}`} data-testid="run-state" data-state={run.state}>
            {stateText(run.state)}
          </span>
        )}
        <span className="muted small">{nameOf(route.clusterId)}</span>
        {run?.origin.kind !== 'cache' && <KfpOriginNote origin={run?.origin} />}
        <span className="spacer" />
        {fromMemory && (
          <span className="muted small" data-testid="run-reading">
            as last seen, reading it again…
          </span>
        )}
        {run && <TensorboardFromRun run={run} />}
        {nextAt !== undefined && <span className="muted small">refreshing while it runs</span>}
        <button className="btn" onClick={reload}>
          Refresh
        </button>
      </header>
      {run?.origin.kind === 'cache' && <KfpOriginNote origin={run.origin} />}
      {error && <ErrorNote error={error} onRetry={reload} />}
      {run?.error && (
        <p className="note error" data-testid="run-error">
          {run.error}
        </p>
      )}
      {run && (
        <dl className="kv run-facts">
          <dt>Pipeline</dt>
          <dd>
            {run.pipelineId && run.versionId ? (
              <button
                className="link"
                data-testid="run-version-link"
                onClick={() => go({ page: 'pipeline-version', clusterId: route.clusterId, pipelineId: run.pipelineId, versionId: run.versionId })}
              >
                {run.pipelineName || run.pipelineId} / {run.versionName || run.versionId}
              </button>
            ) : (
              <span className="muted">the run carries its own spec</span>
            )}
          </dd>
          <dt>Created</dt>
          <dd>{dateTime(run.createdAt)}</dd>
          <dt>Finished</dt>
          <dd>{run.finishedAt ? dateTime(run.finishedAt) : '—'}</dd>
          <dt>Namespace</dt>
          <dd>{run.namespace}</dd>
          <dt>Parameters</dt>
          <dd>
            {run.parameters.length === 0 ? (
              <span className="muted">none</span>
            ) : (
              <table className="table run-params" data-testid="run-params">
                <tbody>
                  {run.parameters.map((p) => (
                    <tr key={p.name} data-name={p.name}>
                      <td className="mono">{p.name}</td>
                      <td className="mono">{p.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </dd>
        </dl>
      )}
      {run && run.unplaced > 0 && <p className="note warn small">{run.unplaced} of KFP&apos;s task details could not be placed on the graph.</p>}
      {problem && <p className="note warn small">{problem}</p>}
      {run?.cacheProblem && (
        <p className="note warn small" data-testid="run-cache-problem">
          {run.cacheProblem}
        </p>
      )}
      {run?.podsProblem && (
        <p className="note warn small" data-testid="run-pods-problem">
          {run.podsProblem}
        </p>
      )}
      {run && (
        <Tabs<'graph' | 'timeline'>
          tabs={[
            { id: 'graph', label: 'Graph' },
            { id: 'timeline', label: 'Timeline' },
          ]}
          value={tab}
          onChange={setTab}
          className="run-tabs"
        />
      )}
      {run && (tab === 'timeline' || view) && (
        <div className="run-body">
          {tab === 'graph' && view ? (
            <LoopPickContext.Provider value={pick}>
              <ReactFlowProvider>
                <RunGraph view={view} chosen={chosen} choose={setChosen} toggle={toggle} openAll={openAll} />
              </ReactFlowProvider>
            </LoopPickContext.Provider>
          ) : (
            <RunTimeline
              tasks={run.tasks}
              active={run.active}
              choose={(id, iterations) => {
                setChosen(id);
                showInstance(id, iterations);
              }}
            />
          )}
          {chosen && run && (
            <TaskDrawer
              key={chosen}
              run={run}
              graphId={chosen}
              loops={loopsOf(chosen)}
              picks={picks}
              showInstance={showInstance}
              onClose={() => setChosen(undefined)}
            />
          )}
        </div>
      )}
    </div>
  );
}
