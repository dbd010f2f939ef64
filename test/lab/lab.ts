// SPDX-License-Identifier: Apache-2.0
/**
 * The lab as a whole: bring it up (idempotent), report its health, stop exactly what it
 * started. Used by `npm run lab` (cli.ts) and by the test harness.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { applyCrds } from './crds.ts';
import { apiGet, clusterNames, labCluster, startApiserver, startControllers, startEtcd, insecureHealthz, type LabCluster } from './control-plane.ts';
import { applyKwokCrds, kubectl, startKwok } from './kwok.ts';
import { applyKubeletSim, startLogWriter } from './kubelet-sim.ts';
import { writeLabKubeconfig } from './kubeconfig.ts';
import { bin, kubeconfigPath, labInfoPath, repoRoot, stateDir } from './paths.ts';
import { peerPorts } from './ports.ts';
import { allPids, httpStatus, isRunning, readPid, startProcess, stopProcess, waitFor } from './process.ts';
import { labUsers } from './pki.ts';
import { join } from 'node:path';
import { seedClusterBase, seedProfiles } from './seed-cluster.ts';
import { peersHealth, seedPeers, startPeers } from './peers/index.ts';
import { seedLabBMlflow } from './peers/seed-mlflow-b.ts';
import { kubeflowControllersHealth, startKubeflowControllers } from './controllers/index.ts';
import { seedWorkloads } from './seed-workloads/index.ts';
import { startVolumeDriver, volumeDriverHealth } from './volumes/index.ts';
import { feastHealth, startFeast } from './feast/index.ts';
import { isMultiUser, kfpApiUrl, kfpHealth, missingKfpBinaries, startKfp } from './kfp/index.ts';
import { spawnSync } from 'node:child_process';

/** One line of `status`. */
export interface ComponentHealth {
  name: string;
  ok: boolean;
  detail: string;
}

/** What tests and the app need to know about a running lab (written to .lab/lab.json). */
export interface LabInfo {
  kubeconfig: string;
  clusters: Record<string, { server: string; caFile: string }>;
  peers: typeof peerPorts;
  /** Each cluster's Kubeflow Pipelines API server (REST base URL) and whether it is multi-user. */
  kfp?: Record<string, { url: string; multiUser: boolean }>;
}

function step(msg: string): void {
  process.stderr.write(`[lab] ${msg}\n`);
}

/** Checks the prerequisites and names the fix for each one missing. */
export function checkPrerequisites(): void {
  const missing: string[] = [];
  for (const b of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'etcd', 'kwok', 'training-operator']) {
    if (!existsSync(bin(b))) missing.push(`${bin(b)} (run: bash test/lab/build/build-go.sh)`);
  }
  for (const b of missingKfpBinaries()) missing.push(`${bin(b)} (run: bash test/lab/build/build-go.sh kfp)`);
  if (missing.length) throw new Error(`the lab is not built:\n  ${missing.join('\n  ')}`);
}

/**
 * Builds what is missing (build-go.sh all: each program only when its stamp is stale), with the
 * build's progress on stderr; a first build takes 15-30 minutes on 2 cores. Then checks again.
 */
export function buildMissing(): void {
  try {
    checkPrerequisites();
    return;
  } catch (e) {
    step(`${e instanceof Error ? e.message : String(e)}\n[lab] building it now (bash test/lab/build/build-go.sh all; a first build takes 15-30 minutes)`);
  }
  const r = spawnSync('bash', [join(repoRoot, 'test', 'lab', 'build', 'build-go.sh'), 'all'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`building the lab failed (exit ${r.status ?? r.signal}); see the output above`);
  checkPrerequisites();
}

async function upCluster(c: LabCluster): Promise<void> {
  step(`${c.name}: etcd`);
  await startEtcd(c);
  step(`${c.name}: kube-apiserver`);
  await startApiserver(c);
  step(`${c.name}: namespaces, RBAC and CRDs`);
  applyCrds(c);
  applyKwokCrds(c);
  step(`${c.name}: controller-manager and scheduler`);
  await startControllers(c);
  step(`${c.name}: kwok and nodes`);
  await startKwok(c);
  seedClusterBase(c);
  seedProfiles(c);
  applyKubeletSim(c);
  kubectl(c, ['wait', '--for=condition=Ready', '--timeout=120s', 'node', '--all']);
}

/** Starts everything that is not already running and writes the kubeconfig and lab.json. */
export async function up(): Promise<LabInfo> {
  buildMissing();
  mkdirSync(stateDir, { recursive: true });
  const [a, b] = clusterNames.map(labCluster) as [LabCluster, LabCluster];
  startLogWriter();
  await upCluster(a);
  await upCluster(b);
  writeLabKubeconfig(a, b);
  step('DCGM-style GPU metrics exporter');
  await startDcgmExporter([a, b]);
  step('peers: S3, MLflow, Jupyter, inference server, Prometheus');
  await startPeers();
  step('seeding MLflow and S3');
  await seedPeers();
  step("lab-b's own MLflow: seeded, found in lab-b as mlflow/mlflow");
  await seedLabBMlflow(b);
  step('Kubeflow Pipelines 2.17.0 (real): MariaDB, then per cluster the API server, persistence agent, ScheduledWorkflow controller');
  await startKfp([a, b]);
  step('Kubeflow controllers: Training Operator (real) on both clusters, status driver for the rest');
  await startKubeflowControllers([a, b]);
  step('volume driver: PVC folders for KWOK exec, Tensorboard controller and TensorBoard servers');
  await startVolumeDriver([a, b]);
  step('Feast 0.67.0 (real): feature repositories applied into the lab S3, REST registry servers behind feast/feast-registry');
  await startFeast([a, b]);
  step('seeding workloads (jobs, notebooks, experiments, inference services)');
  await seedWorkloads();
  const info: LabInfo = {
    kubeconfig: kubeconfigPath,
    clusters: Object.fromEntries([a, b].map((c) => [c.name, { server: c.server, caFile: c.pki.caCrt }])),
    peers: peerPorts,
    kfp: Object.fromEntries([a, b].map((c) => [c.name, { url: kfpApiUrl(c), multiUser: isMultiUser(c) }])),
  };
  writeFileSync(labInfoPath, JSON.stringify(info, null, 2));
  return info;
}

/** Starts the lab's DCGM-exporter look-alike (GPU metrics of pods on GPU nodes, both clusters). */
async function startDcgmExporter(clusters: LabCluster[]): Promise<void> {
  const arg = JSON.stringify(clusters.map((c) => ({ name: c.name, server: c.server, caFile: c.pki.caCrt, token: labUsers.admin.token })));
  startProcess('dcgm-exporter', process.execPath, [join(repoRoot, 'test', 'lab', 'dcgm-exporter.mjs'), String(peerPorts.dcgmExporter), arg]);
  await waitFor('dcgm-exporter', '/health', async () => (await httpStatus(`http://127.0.0.1:${peerPorts.dcgmExporter}/health`)) === 200);
}

/** The health of every component; `ok` false for any that is down. */
export async function status(): Promise<ComponentHealth[]> {
  const out: ComponentHealth[] = [];
  const proc = (name: string): ComponentHealth | undefined => {
    const rec = readPid(name);
    if (!rec) return { name, ok: false, detail: 'not started' };
    if (!isRunning(rec)) return { name, ok: false, detail: `pid ${rec.pid} is gone` };
    return undefined;
  };
  for (const name of clusterNames) {
    const c = labCluster(name);
    const checks: [string, () => Promise<string>][] = [
      [
        `${name}-etcd`,
        async () => ((await fetch(`http://127.0.0.1:${c.ports.etcdClient}/health`, { signal: AbortSignal.timeout(2000) })).ok ? 'healthy' : 'unhealthy'),
      ],
      [`${name}-apiserver`, async () => ((await apiGet(c, '/readyz')).status === 200 ? `ready at ${c.server}` : 'not ready')],
      [`${name}-controller-manager`, async () => ((await insecureHealthz(c.ports.controllerManager)) ? 'healthy' : 'unhealthy')],
      [`${name}-scheduler`, async () => ((await insecureHealthz(c.ports.scheduler)) ? 'healthy' : 'unhealthy')],
      [`${name}-kwok`, async () => ((await httpStatus(`http://127.0.0.1:${c.ports.kwok}/healthz`)) === 200 ? 'healthy' : 'unhealthy')],
    ];
    for (const [comp, check] of checks) {
      const dead = proc(comp);
      if (dead) {
        out.push(dead);
        continue;
      }
      try {
        const detail = await check();
        out.push({ name: comp, ok: !/^(un|not)/.test(detail), detail });
      } catch (e) {
        out.push({ name: comp, ok: false, detail: e instanceof Error ? e.message : String(e) });
      }
    }
    try {
      const nodes = JSON.parse((await apiGet(c, '/api/v1/nodes')).body) as {
        items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[];
      };
      const ready = nodes.items.filter((n) => n.status?.conditions?.some((k) => k.type === 'Ready' && k.status === 'True'));
      out.push({ name: `${name}-nodes`, ok: ready.length === nodes.items.length && ready.length > 0, detail: `${ready.length}/${nodes.items.length} Ready` });
    } catch (e) {
      out.push({ name: `${name}-nodes`, ok: false, detail: e instanceof Error ? e.message : String(e) });
    }
  }
  const exporter = proc('dcgm-exporter');
  out.push(
    exporter ?? {
      name: 'dcgm-exporter',
      ok: (await httpStatus(`http://127.0.0.1:${peerPorts.dcgmExporter}/health`).catch(() => 0)) === 200,
      detail: `:${peerPorts.dcgmExporter}/metrics`,
    },
  );
  const writer = proc('log-writer');
  out.push(writer ?? { name: 'log-writer', ok: true, detail: 'writing training logs' });
  for (const p of await peersHealth()) out.push({ name: p.name, ok: p.ok, detail: p.detail });
  out.push(...(await kubeflowControllersHealth(clusterNames.map(labCluster))));
  out.push(await volumeDriverHealth());
  out.push(...(await feastHealth(clusterNames.map(labCluster))));
  out.push(...(await kfpHealth(clusterNames.map(labCluster))));
  return out;
}

/** Stops every process the lab started (by recorded id), newest first; keeps state and caches. */
export async function down(): Promise<string[]> {
  const recs = allPids().sort((x, y) => y.startedAt.localeCompare(x.startedAt));
  for (const rec of recs) await stopProcess(rec);
  return recs.map((r) => r.name);
}
