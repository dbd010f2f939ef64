// SPDX-License-Identifier: Apache-2.0
/**
 * The lab's volume driver: a Node process beside the status driver that plays the kubelet's
 * PVC mounts for exec (`volume-mounts.ts`), Kubeflow's Tensorboard controller with the
 * TensorBoard servers behind its pods (`tensorboards.ts`) and Kubeflow's pvcviewer-controller with
 * its pods' file servers (`pvcviewers.ts`, where the CRD is served) on every lab cluster, once a
 * second.
 * `GET /health` on 127.0.0.1 reports each loop. TensorBoard processes are its children (same
 * process group), so stopping it stops them.
 *
 * Run: `node --import tsx test/lab/volumes/volume-driver.ts <port> '<json KubeTarget[]>'`
 * (`index.ts` starts it as the `volume-driver` process).
 */
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kube, type KubeTarget } from '../controllers/kube.ts';
import type { Reconciler } from '../controllers/reconciler.ts';
import { pvcViewerReconciler } from './pvcviewers.ts';
import { tensorboardReconciler } from './tensorboards.ts';
import { mountedPodSelectors, volumeMountReconciler, watchMountedPods } from './volume-mounts.ts';

/** One loop's state. */
export interface VolumeLoopHealth {
  served: boolean;
  lastOkAt?: string;
  lastError?: string;
  objects: number;
}

const health: Record<string, Record<string, VolumeLoopHealth>> = {};

async function runLoop(kube: Kube, r: Reconciler): Promise<void> {
  const h: VolumeLoopHealth = { served: false, objects: 0 };
  (health[kube.target.name] ??= {})[r.name] = h;
  let checkedAt = 0;
  for (;;) {
    const started = Date.now();
    try {
      if (Date.now() - checkedAt > 15_000) {
        h.served = (await Promise.all(r.requires.map((x) => kube.served(x)))).every(Boolean);
        checkedAt = Date.now();
      }
      if (h.served) h.objects = await r.tick(kube);
      h.lastOkAt = new Date().toISOString();
      h.lastError = undefined;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (msg !== h.lastError) process.stderr.write(`${new Date().toISOString()} ${kube.target.name}/${r.name}: ${msg}\n`);
      h.lastError = msg;
    }
    await sleep(Math.max(100, 1000 - (Date.now() - started)));
  }
}

function main(): void {
  const port = Number(process.argv[2]);
  const targets = JSON.parse(process.argv[3] ?? '[]') as KubeTarget[];
  if (!port || !targets.length) throw new Error('usage: volume-driver.ts <port> <json KubeTarget[]>');
  for (const t of targets) {
    const kube = new Kube(t);
    for (const r of [volumeMountReconciler, tensorboardReconciler, pvcViewerReconciler]) void runLoop(kube, r);
    for (const sel of mountedPodSelectors) void watchMountedPods(kube, sel);
  }
  createServer((req, res) => {
    if (req.url !== '/health') return void res.writeHead(404).end();
    const loops = Object.values(health).flatMap((c) => Object.values(c));
    const ok = loops.length > 0 && loops.every((l) => l.lastOkAt !== undefined && Date.now() - Date.parse(l.lastOkAt) < 30_000);
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok, clusters: health }, null, 1));
  }).listen(port, '127.0.0.1');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\0')) main();
