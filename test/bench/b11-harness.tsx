// SPDX-License-Identifier: Apache-2.0
/**
 * B11's harness page (bundled by b11-harness-run.ts with esbuild, never part of the app): the
 * app's stylesheet and the run page's graph (useRunGraph + RunGraph, as RunPage composes them) of
 * a finished run of the lab's `large` pipeline (its compiled spec, test/fixtures/kfp/lab; 300
 * tasks in 10 sub-pipelines), without the lab: every task placed as KFP's task details would
 * place it, SUCCEEDED. Driven through `window.b11`.
 */
import { ReactFlowProvider } from '@xyflow/react';
import { useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { parse } from 'yaml';
import type { RunDetail, RunTask } from '../../shared/features/pipelines/run-details.contract';
import { runSpecGraph } from '../../shared/features/pipelines/run-spec-graph';
import { RunGraph } from '../../renderer/features/pipelines/run/RunGraph';
import { runShape } from '../../renderer/features/pipelines/run/run-graph-model';
import { useRunGraph } from '../../renderer/features/pipelines/run/use-run-graph';
import { elkLayout } from '../../renderer/lib/elk-worker-layout';
import largeSpec from '../fixtures/kfp/lab/large--v1.yaml?raw';
import type {} from './b11-harness-api';
import '../../renderer/styles/app.css';
import '../../renderer/features/pipelines/pipelines.css';
import '../../renderer/features/pipelines/run/run.css';

/** The finished run: the spec as KFP returns it (JSON), a node task per task of the graph. */
function largeRun(): RunDetail {
  const spec = parse(largeSpec) as unknown;
  const built = runSpecGraph(spec);
  if (!built.graph) throw new Error(built.problem);
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const tasks: RunTask[] = runShape(built.graph).items.map((it, i) => ({
    taskId: `task-${i}`,
    displayName: it.label,
    nodeId: `large-${i}`,
    role: 'node',
    graphId: it.id,
    iterations: [],
    state: 'SUCCEEDED',
    startedAt: new Date(t0 + i * 1000).toISOString(),
    finishedAt: new Date(t0 + i * 1000 + 5000).toISOString(),
    children: [],
    executors: [],
    pods: [],
    message: '',
  }));
  return {
    clusterId: 'harness',
    runId: 'b11-harness-run',
    displayName: 'bench-b11-large',
    description: '',
    state: 'SUCCEEDED',
    error: '',
    experimentId: 'e',
    pipelineId: 'p',
    versionId: 'v',
    versionName: 'large',
    pipelineName: 'large',
    namespace: 'kubeflow',
    workflowName: 'large',
    createdAt: new Date(t0).toISOString(),
    scheduledAt: new Date(t0).toISOString(),
    finishedAt: new Date(t0 + 400_000).toISOString(),
    parameters: [],
    spec,
    tasks,
    pods: [],
    podsProblem: '',
    unplaced: 0,
    active: false,
    origin: { kind: 'port-forward', namespace: 'kubeflow', service: 'ml-pipeline', pod: 'ml-pipeline-0', port: 8888 },
  };
}

/** The graph as RunPage composes it. */
function Harness({ run }: { run: RunDetail }) {
  const { view, toggle, openAll } = useRunGraph(run);
  const [chosen, setChosen] = useState<string | undefined>();
  return (
    <div className="page run-page" data-testid="pipeline-run-page" style={{ height: '100vh' }}>
      <h1 style={{ margin: '8px 0' }}>B11 harness: run graph of {run.tasks.length} tasks</h1>
      <div className="run-body">
        {view && (
          <ReactFlowProvider>
            <RunGraph view={view} chosen={chosen} choose={setChosen} toggle={toggle} openAll={openAll} />
          </ReactFlowProvider>
        )}
      </div>
      {chosen && <p data-testid="harness-chosen">{chosen}</p>}
    </div>
  );
}

let root: Root | undefined;
let run: RunDetail | undefined;
const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
const until = async (test: () => boolean) => {
  while (!test()) await frame();
};

window.b11 = {
  async open() {
    const el = document.getElementById('root') as HTMLElement;
    run ??= largeRun(); // as the page gets it from main: the spec as a value (the YAML not timed)
    const t = performance.now();
    root ??= createRoot(el);
    root.render(<Harness run={run} />);
    await until(() => el.querySelector('[data-testid="run-node"]') !== null);
    await frame();
    await frame();
    const firstMs = performance.now() - t;
    await until(() => el.querySelector('[data-testid="run-graph"][data-laid-out="yes"]') !== null);
    return { firstMs, laidOutMs: performance.now() - t };
  },
  async warm() {
    await elkLayout({ id: 'warm-up', children: [] });
  },
  close() {
    root?.unmount();
    root = undefined;
  },
};
