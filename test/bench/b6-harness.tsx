// SPDX-License-Identifier: Apache-2.0
/**
 * B6's harness page (bundled by b6-profile.ts with esbuild, never part of the app): the
 * experiment page's charts and trials table (renderer/features/katib ExperimentTrials) with the
 * app's stylesheet, over `window.b6.make(n)` synthetic trials made as the benchmark makes them
 * (10 parameters: lr on a log scale, a categorical optimizer, an int, seven doubles; accuracy
 * and loss). It runs without the lab, so where a brush's time goes can be profiled (CPU
 * profile) in a page that has only what a brush touches.
 */
import { createRoot, type Root } from 'react-dom/client';
import type { TrialSummary } from '../../shared/features/katib/experiment-summary';
import type { KatibParameter } from '../../shared/features/katib/katib-objects';
import { ExperimentTrials } from '../../renderer/features/katib/ExperimentTrials';
import { warmLinesWorker } from '../../renderer/features/katib/lines-painter';
import { parameterImportance } from '../../renderer/features/katib/importance-model';
import { objectiveSeries } from '../../renderer/features/katib/objective-series-model';
import { parallelData } from '../../renderer/features/katib/parallel-coords-model';
import { bestTrial } from '../../shared/features/katib/experiment-summary';
import type {} from './b6-harness-api';
import '../../renderer/styles/app.css';

const parameters: KatibParameter[] = [
  { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.0001', max: '0.1', distribution: 'logUniform' } },
  { name: 'optimizer', parameterType: 'categorical', feasibleSpace: { list: ['sgd', 'adam', 'adamw'] } },
  { name: 'layers', parameterType: 'int', feasibleSpace: { min: '1', max: '8' } },
  ...Array.from({ length: 7 }, (_, i): KatibParameter => ({ name: `p${i}`, parameterType: 'double', feasibleSpace: { min: '0', max: '1' } })),
];
const metricNames = ['accuracy', 'loss'];

/** The benchmark's deterministic number in [0, 1) for trial `i`, parameter `j`. */
function u(i: number, j: number): number {
  const x = Math.sin(i * 12.9898 + j * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

function trial(i: number, now: number): TrialSummary {
  const params: Record<string, string> = {};
  parameters.forEach((p, j) => {
    params[p.name] =
      p.parameterType === 'categorical'
        ? ((p.feasibleSpace.list as string[])[Math.floor(u(i, j) * 3)] as string)
        : p.parameterType === 'int'
          ? String(1 + Math.floor(u(i, j) * 8))
          : p.name === 'lr'
            ? String(Number((0.0001 * 1000 ** u(i, j)).toPrecision(4)))
            : u(i, j).toFixed(4);
  });
  const accuracy = Number((0.5 + 0.45 * u(i, 99)).toFixed(4));
  const loss = Number((2 - 1.8 * u(i, 99)).toFixed(4));
  const created = new Date(1_700_000_000_000 + i * 1000).toISOString();
  return {
    name: `bench-${String(i).padStart(5, '0')}`,
    phase: 'Succeeded',
    params,
    metrics: { accuracy, loss },
    objective: accuracy,
    earlyStoppingRule: undefined,
    startTime: created,
    completionTime: created,
    durationMs: now - 1_700_000_000_000,
    created,
  };
}

let root: Root | undefined;

function render(count: number, now: number) {
  const trials = Array.from({ length: count }, (_, i) => trial(i, now));
  const valued = Array.from({ length: count }, (_, i) => trial(i, 0));
  const best = bestTrial(trials, 'maximize');
  const parallel = parallelData(parameters, metricNames, 'accuracy', valued);
  root ??= createRoot(document.getElementById('root') as HTMLElement);
  root.render(
    <main className="page katib-experiment">
      <ExperimentTrials
        parallel={parallel}
        trials={trials}
        best={best}
        objectiveName="accuracy"
        series={objectiveSeries(valued, 'maximize')}
        importance={parameterImportance(parameters, valued, 'maximize')}
        paramNames={parameters.map((p) => p.name)}
        metricNames={metricNames}
        selected={undefined}
        onOpen={() => undefined}
      />
    </main>,
  );
}

// as the experiment page does while its trials are read
warmLinesWorker();

window.b6 = {
  make(n) {
    render(n, Date.now());
  },
};
