// SPDX-License-Identifier: Apache-2.0
/**
 * The lab's Kubeflow controllers: the real Training Operator on each cluster and the status
 * driver for the rest (see README.md). `up()` calls {@link startKubeflowControllers} once
 * the clusters are up; `status()` adds {@link kubeflowControllersHealth}.
 */
import { join } from 'node:path';
import type { LabCluster } from '../control-plane.ts';
import { labUsers } from '../pki.ts';
import { repoRoot } from '../paths.ts';
import { isRunning, readPid, startProcess, waitFor } from '../process.ts';
import type { DriverHealth } from './driver.ts';
import type { KubeTarget } from './kube.ts';
import { startTrainingOperator, trainingOperatorHealth } from './training-operator.ts';

/** Loopback port of the status driver's health endpoint. */
export const statusDriverPort = 19480;

/** Process name of the status driver. */
export const statusDriverProcess = 'status-driver';

/** The health endpoint of the status driver. */
export const statusDriverUrl = `http://127.0.0.1:${statusDriverPort}/health`;

async function driverHealth(): Promise<DriverHealth | undefined> {
  try {
    const res = await fetch(statusDriverUrl, { signal: AbortSignal.timeout(3000) });
    return (await res.json()) as DriverHealth;
  } catch {
    return undefined;
  }
}

/** Starts (or reuses) the status driver for these clusters and waits until every loop ran. */
export async function startStatusDriver(clusters: LabCluster[]): Promise<void> {
  const targets: KubeTarget[] = clusters.map((c) => ({ name: c.name, server: c.server, caFile: c.pki.caCrt, token: labUsers.admin.token }));
  startProcess(
    statusDriverProcess,
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'test', 'lab', 'controllers', 'driver.ts'), String(statusDriverPort), JSON.stringify(targets)],
    { cwd: repoRoot },
  );
  await waitFor(statusDriverProcess, '/health', async () => (await driverHealth())?.ok === true, 60_000);
}

/** Starts the Training Operator on every cluster (lab-a first: the others copy its webhook Secret), then the driver. */
export async function startKubeflowControllers(clusters: LabCluster[]): Promise<void> {
  const [primary, ...rest] = clusters;
  if (!primary) return;
  await startTrainingOperator(primary);
  for (const c of rest) await startTrainingOperator(c, primary);
  await startStatusDriver(clusters);
}

/** Health lines of the Training Operators and the status driver. */
export async function kubeflowControllersHealth(clusters: LabCluster[]): Promise<{ name: string; ok: boolean; detail: string }[]> {
  const out = await Promise.all(clusters.map((c) => trainingOperatorHealth(c)));
  const rec = readPid(statusDriverProcess);
  if (!rec) return [...out, { name: statusDriverProcess, ok: false, detail: 'not started' }];
  if (!isRunning(rec)) return [...out, { name: statusDriverProcess, ok: false, detail: `pid ${rec.pid} is gone` }];
  const h = await driverHealth();
  if (!h) return [...out, { name: statusDriverProcess, ok: false, detail: `${statusDriverUrl} not answering` }];
  const loops = Object.entries(h.clusters).map(
    ([c, l]) =>
      `${c}: ${Object.entries(l)
        .filter(([, x]) => x.served)
        .map(([n, x]) => `${n}(${x.objects})`)
        .join(' ')}`,
  );
  const errors = Object.values(h.clusters).flatMap((l) =>
    Object.entries(l)
      .filter(([, x]) => x.lastErrorAt && (!x.lastOkAt || x.lastErrorAt > x.lastOkAt))
      .map(([n, x]) => `${n}: ${x.lastError}`),
  );
  return [
    ...out,
    { name: statusDriverProcess, ok: h.ok, detail: `:${statusDriverPort} ${loops.join('; ')}${errors.length ? ` | errors: ${errors.join('; ')}` : ''}` },
  ];
}
