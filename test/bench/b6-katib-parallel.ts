// SPDX-License-Identifier: Apache-2.0
/**
 * B6: an experiment of 5,000 trials × 10 parameters in the parallel coordinates of its page.
 * The trials are made in a temporary namespace on lab-a (created in Lists through kubectl, their
 * observations written through the status subresource; the experiment is marked for the lab's
 * Katib to leave alone, so it neither adds a trial nor lists the 5,000 every second). First
 * render: a fresh MLDeck (empty cache) opens the experiment's page, timed in the page
 * (in-page-timing.ts) from the route change to the frame after the chart had every trial and
 * had drawn their lines (`data-drawn`), against fetching and parsing the same trials
 * (`GET …/trials` + `JSON.parse`, median of 3). Brush: 20 drags along the objective axis, each
 * timed in the page from the last mouse move's input to the frame showing the brush applied
 * (the trials inside it counted, the lines drawn again; b6-brush.ts), p95 against 100 ms; the
 * test driver's times, which add its round trips to Chromium, are in the details.
 */
import * as k8s from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';
import { clusterIdOf } from '../e2e/app-host';
import { kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { mapLimit } from '../lab/controllers/kube';
import { unmanagedAnnotation } from '../lab/controllers/katib';
import { bin } from '../lab/paths';
import { openBenchApp } from './bench-app';
import { brushObjective, markBrushes } from './b6-brush';
import { openTimedScript, type OpenTiming } from './in-page-timing';
import { median, p95, type BenchResult } from './report';

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const katib = { group: 'kubeflow.org', version: 'v1beta1' };

/** The experiment's 10 parameters. */
const parameters = [
  { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.0001', max: '0.1', distribution: 'logUniform' } },
  { name: 'optimizer', parameterType: 'categorical', feasibleSpace: { list: ['sgd', 'adam', 'adamw'] } },
  { name: 'layers', parameterType: 'int', feasibleSpace: { min: '1', max: '8' } },
  ...Array.from({ length: 7 }, (_, i) => ({ name: `p${i}`, parameterType: 'double', feasibleSpace: { min: '0', max: '1' } })),
];

/** A deterministic number in [0, 1) for trial `i`, parameter `j`. */
function u(i: number, j: number): number {
  const x = Math.sin(i * 12.9898 + j * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

function trial(namespace: string, i: number) {
  return {
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Trial',
    metadata: { name: `bench-${String(i).padStart(5, '0')}`, namespace, labels: { 'katib.kubeflow.org/experiment': 'bench' } },
    spec: {
      objective: { type: 'maximize', objectiveMetricName: 'accuracy', additionalMetricNames: ['loss'] },
      parameterAssignments: parameters.map((p, j) => ({
        name: p.name,
        value:
          p.parameterType === 'categorical'
            ? (p.feasibleSpace.list as string[])[Math.floor(u(i, j) * 3)]
            : p.parameterType === 'int'
              ? String(1 + Math.floor(u(i, j) * 8))
              : p.name === 'lr'
                ? String(Number((0.0001 * 1000 ** u(i, j)).toPrecision(4)))
                : u(i, j).toFixed(4),
      })),
      runSpec: { apiVersion: 'batch/v1', kind: 'Job' },
    },
  };
}

/** The API server of lab-a, reached as a plain client: its URL, the admin token and a connection pool trusting its CA. */
function apiServer() {
  const cluster = labInfo().clusters['lab-a'];
  return {
    server: cluster?.server ?? '',
    token: kubeConfig('lab-a').getCurrentUser()?.token ?? '',
    dispatcher: new Agent({ connect: { ca: readFileSync(cluster?.caFile ?? '') } }),
  };
}

/**
 * Waits until no earlier run's namespace is still being deleted: the API server deletes its 5,000
 * trials one by one for minutes, and the app's watches see every deletion (a B6 run right after
 * another measured 1.7 s instead of 1.0 s).
 */
async function earlierRunsGone(): Promise<void> {
  const core = kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
  for (let waited = 0; ; waited += 5) {
    const left = (await core.listNamespace()).items.filter((n) => n.metadata?.name?.startsWith('bench-katib-')).map((n) => n.metadata?.name);
    if (left.length === 0) return;
    if (waited >= 600) throw new Error(`B6: an earlier run's namespace is still being deleted after 10 minutes: ${left.join(', ')}`);
    if (waited % 30 === 0) log(`B6: waiting for an earlier run's namespace to go (${left.join(', ')})`);
    await new Promise((r) => setTimeout(r, 5000));
  }
}

/**
 * Runs B6 with `count` trials. MLDECK_B6_KEEP=1 keeps the namespace (its name is printed);
 * MLDECK_B6_NAMESPACE=<it> measures that experiment again without making it.
 */
export async function b6(count = 5000): Promise<BenchResult[]> {
  const reuse = process.env.MLDECK_B6_NAMESPACE;
  if (!reuse) await earlierRunsGone();
  const ns = reuse ? { name: reuse, remove: async () => undefined } : await tempNamespace('bench-katib');
  const api = apiServer();
  try {
    if (!reuse) await makeTrials(ns.name, count, api);
    return await measure(ns.name, api);
  } finally {
    await api.dispatcher.close();
    if (process.env.MLDECK_B6_KEEP === '1') log(`kept ${ns.name}`);
    else await ns.remove();
  }
}

/** Makes the experiment `bench` and its trials with their observations. */
async function makeTrials(namespace: string, count: number, api: ReturnType<typeof apiServer>): Promise<void> {
  const { server, token, dispatcher } = api;
  const ns = { name: namespace };
  const kc = labInfo().kubeconfig;
  const custom = kubeConfig('lab-a').makeApiClient((await import('@kubernetes/client-node')).CustomObjectsApi);
  await custom.createNamespacedCustomObject({
    ...katib,
    plural: 'experiments',
    namespace: ns.name,
    body: {
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Experiment',
      // the lab's Katib leaves it alone: no trial of its own, and no list of the 5,000 every second
      metadata: { name: 'bench', annotations: { [unmanagedAnnotation]: 'true' } },
      spec: {
        objective: { type: 'maximize', objectiveMetricName: 'accuracy', additionalMetricNames: ['loss'] },
        algorithm: { algorithmName: 'random' },
        parameters,
        parallelTrialCount: 1,
        maxTrialCount: 1,
        trialTemplate: {
          primaryContainerName: 'main',
          trialParameters: [{ name: 'lr', reference: 'lr' }],
          trialSpec: {
            apiVersion: 'batch/v1',
            kind: 'Job',
            spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox', args: ['--lr=${trialParameters.lr}'] }] } } },
          },
        },
      },
    },
  });
  const t0 = performance.now();
  for (let from = 0; from < count; from += 500) {
    const items = Array.from({ length: Math.min(500, count - from) }, (_, j) => trial(ns.name, from + j));
    const child = execFile(bin('kubectl'), ['--kubeconfig', kc, '--context', 'lab-a', 'create', '-f', '-', '-o', 'name'], { maxBuffer: 64 * 1024 * 1024 });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => void (stderr += d.toString()));
    const done = new Promise<void>((res, rej) =>
      child.on('close', (code) => (code === 0 ? res() : rej(new Error(`kubectl create of trials ${from}… exited ${code}: ${stderr.trim().slice(-500)}`)))),
    );
    child.stdin?.end(JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    await done;
  }
  await mapLimit(
    Array.from({ length: count }, (_, i) => i),
    16,
    async (i) => {
      const acc = (0.5 + 0.45 * u(i, 99)).toFixed(4);
      const loss = (2 - 1.8 * u(i, 99)).toFixed(4);
      const res = await undiciFetch(`${server}/apis/kubeflow.org/v1beta1/namespaces/${ns.name}/trials/bench-${String(i).padStart(5, '0')}/status`, {
        method: 'PATCH',
        dispatcher,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({
          status: {
            conditions: [{ type: 'Succeeded', status: 'True', reason: 'TrialSucceeded', message: 'Trial has succeeded' }],
            observation: {
              metrics: [
                { name: 'accuracy', min: '0.1', max: acc, latest: acc },
                { name: 'loss', min: loss, max: '2.3', latest: loss },
              ],
            },
          },
        }),
      });
      if (!res.ok) throw new Error(`the trial's status was refused: HTTP ${res.status} ${await res.text()}`);
    },
  );
  log(`made ${count} trials with observations in ${ns.name} in ${Math.round(performance.now() - t0)} ms`);
}

/** Fetch + parse of the trials against the first render of the page, and the brushes. */
async function measure(namespace: string, api: ReturnType<typeof apiServer>): Promise<BenchResult[]> {
  const { server, token, dispatcher } = api;
  const ns = { name: namespace };
  // baseline: fetch + JSON.parse of the same trials, straight from the API server
  const url = `${server}/apis/kubeflow.org/v1beta1/namespaces/${ns.name}/trials`;
  const fetches: number[] = [];
  let total = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const res = await undiciFetch(url, { headers: { authorization: `Bearer ${token}` }, dispatcher });
    const body = JSON.parse(await res.text()) as { items: unknown[] };
    fetches.push(performance.now() - t);
    total = body.items.length;
  }
  const fetchMs = median(fetches);
  log(`fetch + parse of ${total} trials: ${Math.round(fetchMs)} ms`);

  const renders: number[] = [];
  const driverRenders: number[] = [];
  const brushes: number[] = [];
  const driverBrushes: number[] = [];
  for (let round = 0; round < 3; round++) {
    const app = await openBenchApp();
    try {
      const { page } = app;
      await page.getByTestId('overview-health').waitFor({ timeout: 60_000 });
      const labA = await clusterIdOf(page, 'lab-a');
      const t = performance.now();
      // timed in the page (in-page-timing.ts): every trial in the chart's data, and its lines drawn
      const ready = `(document.querySelector('[data-testid="katib-parallel"]')?.getAttribute('aria-label') ?? '').startsWith('Parallel coordinates of ${total} trials') && document.querySelector('[data-testid="katib-parallel"]')?.getAttribute('data-drawn') === '${total}'`;
      const timing = (await page.evaluate(openTimedScript(`#/katib/${encodeURIComponent(labA)}/${ns.name}/bench`, ready))) as OpenTiming;
      renders.push(timing.paintedMs);
      driverRenders.push(performance.now() - t);
      if (round > 0) continue;
      // 20 brushes along the objective axis (b6-brush.ts), timed in the page
      await markBrushes(page);
      const measured = await brushObjective(page);
      brushes.push(...measured.inPage);
      driverBrushes.push(...measured.driver);
    } finally {
      await app.close();
    }
  }
  const brushP95 = p95(brushes);
  return [
    {
      id: 'B6',
      what: 'parallel coordinates first render vs fetch and parse',
      ratio: median(renders) / fetchMs,
      goal: { op: '<=', target: 2 },
      details: {
        trials: total,
        parameters: parameters.length,
        fetchParseMs: Math.round(fetchMs),
        firstRenderMs: Math.round(median(renders)),
        firstRenderByDriverMs: Math.round(median(driverRenders)),
      },
    },
    {
      id: 'B6',
      what: 'parallel coordinates brush p95 vs 100 ms',
      ratio: brushP95 / 100,
      goal: { op: '<=', target: 1 },
      details: {
        brushes: brushes.length,
        p95Ms: Math.round(brushP95),
        medianMs: Math.round(median(brushes)),
        driverP95Ms: Math.round(p95(driverBrushes)),
        driverMedianMs: Math.round(median(driverBrushes)),
      },
    },
  ];
}
