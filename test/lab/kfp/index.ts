// SPDX-License-Identifier: Apache-2.0
/**
 * Kubeflow Pipelines in the lab: one MariaDB for both clusters, then on each cluster the real
 * API server, persistence agent and ScheduledWorkflow controller (backend.ts). The status
 * driver's `kfp-workflows` controller plays the Workflows they create (../controllers).
 */
import type { LabCluster } from '../control-plane.ts';
import { kfpBackendHealth, startKfpBackend } from './backend.ts';
import { mariadbHealth, mariadbProcess, startMariadb } from './mariadb.ts';
import { isRunning, readPid } from '../process.ts';

export { kfpApiUrl, kfpBucket, kfpProcesses, missingKfpBinaries } from './backend.ts';
export { isMultiUser, userIdHeader } from './manifests.ts';

/** Starts MariaDB and every cluster's backend (reusing what is healthy). */
export async function startKfp(clusters: LabCluster[]): Promise<void> {
  let t = Date.now();
  await startMariadb(clusters.map((c) => c.name));
  console.log(`[kfp] mariadb up (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  for (const c of clusters) {
    t = Date.now();
    await startKfpBackend(c);
    console.log(`[kfp] ${c.name} backend up (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
}

/** Status lines: MariaDB, then each cluster's API server, persistence agent and controller. */
export async function kfpHealth(clusters: LabCluster[]): Promise<{ name: string; ok: boolean; detail: string }[]> {
  const rec = readPid(mariadbProcess);
  const db = !rec ? { ok: false, detail: 'not started' } : !isRunning(rec) ? { ok: false, detail: `pid ${rec.pid} is gone` } : mariadbHealth();
  const out = [{ name: mariadbProcess, ...db }];
  for (const c of clusters) out.push(...(await kfpBackendHealth(c)));
  return out;
}
