// SPDX-License-Identifier: Apache-2.0
/**
 * Starting and checking the lab's volume driver (PVC folders for KWOK exec, the driven
 * Tensorboard controller and its TensorBoard servers; see `volume-driver.ts`).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabCluster } from '../control-plane.ts';
import type { KubeTarget } from '../controllers/kube.ts';
import { labUsers } from '../pki.ts';
import { repoRoot, stateDir } from '../paths.ts';
import { isRunning, readPid, startProcess, stopProcess, waitFor } from '../process.ts';
import type { VolumeLoopHealth } from './volume-driver.ts';

/** Loopback port of the volume driver's health endpoint. */
export const volumeDriverPort = 19481;

/** Process name of the volume driver. */
export const volumeDriverProcess = 'volume-driver';

async function health(): Promise<{ ok: boolean; clusters: Record<string, Record<string, VolumeLoopHealth>> } | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${volumeDriverPort}/health`, { signal: AbortSignal.timeout(3000) });
    return (await res.json()) as { ok: boolean; clusters: Record<string, Record<string, VolumeLoopHealth>> };
  } catch {
    return undefined;
  }
}

/** A hash of the driver's code (this folder and the controller helpers it imports). */
function driverCodeHash(): string {
  const h = createHash('sha256');
  const here = join(repoRoot, 'test', 'lab', 'volumes');
  const files = [
    ...readdirSync(here)
      .filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))
      .sort()
      .map((n) => join(here, n)),
    join(repoRoot, 'test', 'lab', 'controllers', 'kube.ts'),
    join(repoRoot, 'test', 'lab', 'controllers', 'reconciler.ts'),
  ];
  for (const f of files) h.update(f).update(readFileSync(f));
  return h.digest('hex');
}

const hashFile = join(stateDir, 'volume-driver.code-hash');

/**
 * Starts the volume driver and waits until each loop ran once. A running driver is reused unless
 * its code changed since it started (then it is restarted, with its TensorBoard servers).
 */
export async function startVolumeDriver(clusters: LabCluster[]): Promise<void> {
  const hash = driverCodeHash();
  const running = readPid(volumeDriverProcess);
  if (running && isRunning(running) && (!existsSync(hashFile) || readFileSync(hashFile, 'utf8') !== hash)) await stopProcess(running);
  const targets: KubeTarget[] = clusters.map((c) => ({ name: c.name, server: c.server, caFile: c.pki.caCrt, token: labUsers.admin.token }));
  startProcess(
    volumeDriverProcess,
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'test', 'lab', 'volumes', 'volume-driver.ts'), String(volumeDriverPort), JSON.stringify(targets)],
    {
      cwd: repoRoot,
    },
  );
  writeFileSync(hashFile, hash);
  await waitFor(volumeDriverProcess, '/health', async () => (await health())?.ok === true, 60_000);
}

/** The volume driver's status line. */
export async function volumeDriverHealth(): Promise<{ name: string; ok: boolean; detail: string }> {
  const rec = readPid(volumeDriverProcess);
  if (!rec) return { name: volumeDriverProcess, ok: false, detail: 'not started' };
  if (!isRunning(rec)) return { name: volumeDriverProcess, ok: false, detail: `pid ${rec.pid} is gone` };
  const h = await health();
  if (!h) return { name: volumeDriverProcess, ok: false, detail: `:${volumeDriverPort}/health does not answer` };
  const parts = Object.entries(h.clusters).map(
    ([c, loops]) =>
      `${c}: ${Object.entries(loops)
        .map(([n, l]) => `${n}(${l.lastError ? `error: ${l.lastError}` : l.served ? l.objects : 'not served'})`)
        .join(' ')}`,
  );
  return { name: volumeDriverProcess, ok: h.ok, detail: `:${volumeDriverPort} ${parts.join('; ')}` };
}
