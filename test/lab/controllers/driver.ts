// SPDX-License-Identifier: Apache-2.0
/**
 * The lab's status driver: one Node process that plays the Kubeflow controllers the lab does
 * not run for real (Katib, KServe + Knative, the Notebook controller and PodDefault webhook,
 * Trainer v2 + JobSet, MXJob, MPI Operator v2beta1, Argo Workflows with the KFP driver and
 * launcher) against every lab cluster, writing status
 * through the status subresource. Each controller runs once a second per cluster where its
 * CRDs are served. `GET /health` on 127.0.0.1 reports each loop.
 *
 * Run: `node --import tsx test/lab/controllers/driver.ts <port> '<json KubeTarget[]>'`
 * (lab.ts starts it as the `status-driver` process).
 */
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kube, type KubeTarget } from './kube.ts';
import { inferenceServiceReconciler } from './kserve.ts';
import { kfpWorkflowReconciler } from './kfp-workflows.ts';
import { katibReconciler } from './katib.ts';
import { notebookReconciler } from './notebooks.ts';
import type { Reconciler } from './reconciler.ts';
import { mpiJobV2Reconciler, mxJobReconciler } from './replica-jobs.ts';
import { trainJobReconciler } from './trainjob.ts';

/** Every driven controller. */
export const reconcilers: Reconciler[] = [
  mxJobReconciler,
  mpiJobV2Reconciler,
  trainJobReconciler,
  katibReconciler,
  inferenceServiceReconciler,
  notebookReconciler,
  kfpWorkflowReconciler,
];

/** One controller loop's state, as `/health` reports it. */
export interface LoopHealth {
  served: boolean;
  lastOkAt?: string;
  lastError?: string;
  lastErrorAt?: string;
  objects: number;
  ticks: number;
}

/** What `/health` returns. */
export interface DriverHealth {
  ok: boolean;
  startedAt: string;
  clusters: Record<string, Record<string, LoopHealth>>;
}

const startedAt = new Date().toISOString();
const health: DriverHealth['clusters'] = {};
const intervalMs = Number(process.env.MLDECK_DRIVER_INTERVAL_MS ?? 1000);

function log(msg: string): void {
  process.stderr.write(`${new Date().toISOString()} ${msg}\n`);
}

async function runLoop(kube: Kube, r: Reconciler): Promise<void> {
  const h: LoopHealth = { served: false, objects: 0, ticks: 0 };
  (health[kube.target.name] ??= {})[r.name] = h;
  let servedCheckedAt = 0;
  let lastLogged = '';
  for (;;) {
    const started = Date.now();
    try {
      if (Date.now() - servedCheckedAt > 15_000) {
        h.served = (await Promise.all(r.requires.map((x) => kube.served(x)))).every(Boolean);
        servedCheckedAt = Date.now();
      }
      if (h.served) {
        h.objects = await r.tick(kube);
        h.ticks++;
      }
      h.lastOkAt = new Date().toISOString();
      lastLogged = '';
    } catch (e) {
      h.lastError = e instanceof Error ? e.message : String(e);
      h.lastErrorAt = new Date().toISOString();
      if (h.lastError !== lastLogged) log(`${kube.target.name}/${r.name}: ${h.lastError}`);
      lastLogged = h.lastError;
    }
    await sleep(Math.max(100, intervalMs - (Date.now() - started)));
  }
}

/** Is every loop of every cluster alive (a successful pass in the last 30 s)? */
export function isHealthy(h: DriverHealth['clusters'], at = Date.now()): boolean {
  const loops = Object.values(h).flatMap((c) => Object.values(c));
  return loops.length > 0 && loops.every((l) => l.lastOkAt !== undefined && at - Date.parse(l.lastOkAt) < 30_000);
}

function main(): void {
  const port = Number(process.argv[2]);
  const targets = JSON.parse(process.argv[3] ?? '[]') as KubeTarget[];
  if (!port || !targets.length) throw new Error('usage: driver.ts <port> <json KubeTarget[]>');
  for (const t of targets) {
    const kube = new Kube(t);
    for (const r of reconcilers) void runLoop(kube, r);
  }
  createServer((req, res) => {
    if (req.url === '/health' || req.url === '/healthz') {
      const body: DriverHealth = { ok: isHealthy(health), startedAt, clusters: health };
      res.writeHead(body.ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body, null, 1));
      return;
    }
    res.writeHead(404).end();
  }).listen(port, '127.0.0.1', () => log(`status driver on 127.0.0.1:${port} for ${targets.map((t) => t.name).join(', ')}`));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\0')) main();
