// SPDX-License-Identifier: Apache-2.0
/**
 * `npm run bench` (all) or `npm run bench -- B1 B4`: runs workloads against the lab (it must
 * be up; `npm run lab -- seed --scale N` adds the load B1 is meant for), prints one line per
 * result and writes test-results/bench.json and bench.svg. Each workload runs isolated
 * (isolate.ts): one that fails prints a `miss` line with its error for every result it owes,
 * and the run goes on, so one run always prints every line.
 */
import { join, resolve } from 'node:path';
import { status } from '../lab/lab';
import { line, writeReport, type BenchResult } from './report';
import { b10 } from './b10-jobs-list';
import { b5 } from './b5-notebook-open';
import { b6 } from './b6-katib-parallel';
import { b7 } from './b7-metric-overlay';
import { b1, b2, b3, b4, kubectlBaseline } from './workloads';
import { b2RendererHeap } from './b2-renderer-heap';
import { b8 } from './b8-log-tail';
import { b9 } from './b9-runs-list';
import { b9Mlflow } from './b9-mlflow-runs';
import { b11 } from './b11-run-graph';
import { runIsolated, type Workload } from './isolate';

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const wanted = new Set(process.argv.slice(2).map((a) => a.toUpperCase()));
const want = (id: string) => wanted.size === 0 || wanted.has(id);
const results: BenchResult[] = [];
const print = (rs: BenchResult[]) => {
  for (const r of rs) {
    results.push(r);
    process.stdout.write(`${line(r)}\n`);
  }
};

/** The lab check, once: lab-a's API server must answer; other parts down are reported. */
let labChecked: Promise<void> | undefined;
const labUp = () =>
  (labChecked ??= status().then((health) => {
    const down = health.filter((h) => !h.ok && /^lab-a/.test(h.name));
    if (down.length) log(`lab-a parts not up: ${down.map((d) => d.name).join(', ')}`);
    if (down.some((d) => d.name === 'lab-a-apiserver')) throw new Error('the lab is not up (lab-a-apiserver): run npm run lab -- up');
  }));
/** `kubectl get pods -A -o json`, measured once for B1 and B4. */
let baselineRun: ReturnType<typeof kubectlBaseline> | undefined;
const baseline = () =>
  (baselineRun ??= labUp()
    .then(() => kubectlBaseline())
    .then((b) => {
      log(`kubectl get pods -A -o json: ${Math.round(b.ms)} ms for ${b.pods} pods`);
      return b;
    }));

const le = (target: number) => ({ op: '<=' as const, target });
const ge = (target: number) => ({ op: '>=' as const, target });
const workloads: Workload[] = [
  {
    ids: ['B1'],
    expected: [
      { id: 'B1', what: 'first rows in the UI vs kubectl get -A', goal: le(0.3) },
      { id: 'B1', what: 'whole sortable table vs kubectl get -A', goal: le(1.5) },
    ],
    run: async () => b1(await baseline()),
  },
  {
    ids: ['B2'],
    expected: [{ id: 'B2', what: 'watch events applied vs raw watch stream', goal: ge(0.8) }],
    run: async () => (await labUp(), b2()),
  },
  {
    ids: ['B2'],
    expected: [{ id: 'B2', what: 'renderer heap slope during churn vs 50 kB/s', goal: le(1) }],
    run: async () => (await labUp(), b2RendererHeap()),
  },
  {
    ids: ['B3'],
    expected: [{ id: 'B3', what: 'relist after 410 vs cold list', goal: le(1.2) }],
    run: async () => (await labUp(), b3()),
  },
  {
    ids: ['B4'],
    expected: [
      { id: 'B4', what: 'cache write rate vs plain sqlite inserts', goal: ge(0.5) },
      { id: 'B4', what: 'cache read and parse vs flat JSON parse', goal: le(1.5) },
      { id: 'B4', what: 'cold start to first rows vs kubectl get -A', goal: le(0.2) },
    ],
    // the cache alone: its write and read lines do not need the lab, only the cold-start ratio does
    run: () => b4(() => baseline().then((b) => b.ms)),
  },
  {
    ids: ['B5'],
    expected: [{ id: 'B5', what: 'notebook open and keystrokes vs JupyterLab', goal: le(1) }],
    named: false,
    run: async () => (await labUp(), b5()),
  },
  {
    ids: ['B6'],
    expected: [
      { id: 'B6', what: 'parallel coordinates first render vs fetch and parse', goal: le(2) },
      { id: 'B6', what: 'parallel coordinates brush p95 vs 100 ms', goal: le(1) },
    ],
    run: async () => (await labUp(), b6()),
  },
  {
    ids: ['B7'],
    expected: [{ id: 'B7', what: 'metric overlay render vs decode into typed arrays', goal: le(1.5) }],
    // the chart in a harness page: no lab needed
    run: () => b7(),
  },
  {
    ids: ['B8'],
    expected: [
      { id: 'B8', what: 'log tail lines/s vs kubectl logs -f', goal: ge(0.8) },
      { id: 'B8', what: 'main heap retained after the floods vs before', goal: le(1.5) },
    ],
    run: async () => (await labUp(), b8()),
  },
  {
    ids: ['B9'],
    expected: [
      { id: 'B9', what: 'runs list first page vs direct KFP REST', goal: le(1.3) },
      { id: 'B9', what: 'whole sortable runs list vs direct KFP REST', goal: le(1.3) },
      { id: 'B9', what: 'KFP calls per runs page vs 3', goal: le(1) },
    ],
    run: async () => (await labUp(), b9()),
  },
  {
    ids: ['B9', 'B9-MLFLOW'],
    expected: [
      { id: 'B9', what: 'MLflow runs first page vs direct runs/search', goal: le(1.3) },
      { id: 'B9', what: 'MLflow whole sortable runs table vs direct runs/search', goal: le(1.3) },
      { id: 'B9', what: 'MLflow calls per runs page vs 3', goal: le(1) },
    ],
    run: async () => (await labUp(), b9Mlflow()),
  },
  {
    ids: ['B10'],
    expected: [{ id: 'B10', what: 'jobs list of every training kind vs kubectl get', goal: le(1.5) }],
    run: async () => (await labUp(), b10()),
  },
  {
    ids: ['B11'],
    expected: [
      { id: 'B11', what: 'run graph of 300 tasks interactive vs fetch and parse', goal: le(1.5) },
      { id: 'B11', what: 'run graph pan/zoom frame p95 vs 16 ms', goal: le(1) },
    ],
    run: async () => (await labUp(), b11()),
  },
];

for (const w of workloads) {
  if (!w.ids.some(want)) continue;
  print(await runIsolated(w, log));
}
writeReport(join(resolve(import.meta.dirname, '..', '..'), 'test-results'), results);
log('wrote test-results/bench.json and bench.svg');
const errors = results.filter((r) => r.error !== undefined).length;
if (errors) log(`${errors} result(s) could not be measured (see the miss lines)`);
process.exit(errors ? 1 : 0);
