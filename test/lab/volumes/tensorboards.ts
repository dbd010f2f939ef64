// SPDX-License-Identifier: Apache-2.0
/**
 * Driven Kubeflow Tensorboard controller (tensorboard.kubeflow.org/v1alpha1), as upstream's
 * `tensorboard_controller.go` does it: a Deployment `<name>` (container `tensorboard`,
 * `--logdir=<path>`, port 6006; a `pvc://<claim>/<path>` log directory mounted read-only at
 * `/tensorboard_logs/` with the path as subPath) and a Service `<name>` (port 80 named
 * `http-<name>` to 6006); status `conditions` (the Deployment's first condition, appended on
 * change) and `readyReplicas`. The real kube-controller-manager makes the pod and KWOK runs it.
 *
 * What the pod's image would do is done by the real `tensorboard` from PyPI (the lab's
 * `tensorboard` environment), one process per Tensorboard on a free 127.0.0.1 port over the
 * folder standing for the log directory: the claim's folder (`volume-folders.ts`), or for
 * `s3://<bucket>/<prefix>` the lab S3 server's own folder of that prefix. Each pod gets a KWOK
 * `PortForward` rule from its port 6006 to that process, so a port-forward to the pod (or to
 * the Service) reaches TensorBoard. A process is stopped when its Tensorboard goes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { controllerRef, core, type KObject, type Kube, type Resource } from '../controllers/kube.ts';
import { reconcileEach, type Reconciler } from '../controllers/reconciler.ts';
import { s3Dirs } from '../peers/s3.ts';
import { envDir, pythonEnv } from '../peers/python-envs.ts';
import { logDir, stateDir } from '../paths.ts';
import { forwardPods } from './pod-forwards.ts';
import { ensureVolumeDir } from './volume-folders.ts';

/** The Tensorboard resource. */
export const tensorboards: Resource = { group: 'tensorboard.kubeflow.org', version: 'v1alpha1', plural: 'tensorboards', namespaced: true };

/** The image the controller's `TENSORBOARD_IMAGE` names in Kubeflow's manifests. */
export const tensorboardImage = 'tensorflow/tensorflow:2.5.1';

type Tensorboard = KObject<{ logspath: string }, { conditions?: { deploymentState: string; lastProbeTime?: string }[]; readyReplicas?: number }>;
type Deployment = KObject<unknown, { readyReplicas?: number; conditions?: { type: string; lastUpdateTime?: string }[] }>;

/** Where a log directory lives: a claim and a path in it, or a cloud path. */
export type LogsPath = { kind: 'pvc'; claim: string; subPath: string } | { kind: 's3'; bucket: string; prefix: string } | { kind: 'other'; path: string };

/** Parses `spec.logspath` as the controller does (`isPVCPath`, `extractPVCName`, `extractPVCSubPath`). */
export function parseLogsPath(p: string): LogsPath {
  if (p.startsWith('pvc://')) {
    const rest = p.slice('pvc://'.length);
    const at = rest.indexOf('/');
    return at === -1 ? { kind: 'pvc', claim: rest, subPath: '' } : { kind: 'pvc', claim: rest.slice(0, at), subPath: rest.slice(at + 1) };
  }
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(p);
  if (s3) return { kind: 's3', bucket: s3[1] ?? '', prefix: s3[2] ?? '' };
  return { kind: 'other', path: p };
}

/** The Deployment upstream makes for a Tensorboard. */
export function tensorboardDeployment(tb: Tensorboard): KObject & Record<string, unknown> {
  const lp = parseLogsPath(tb.spec?.logspath ?? '');
  const mountPath = lp.kind === 'pvc' ? '/tensorboard_logs/' : (tb.spec?.logspath ?? '');
  const pvc = lp.kind === 'pvc';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: tb.metadata.name, namespace: tb.metadata.namespace, ownerReferences: [controllerRef(tb)] },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: tb.metadata.name } },
      template: {
        metadata: { labels: { ...(tb.metadata.labels ?? {}), app: tb.metadata.name } },
        spec: {
          restartPolicy: 'Always',
          containers: [
            {
              name: 'tensorboard',
              image: tensorboardImage,
              imagePullPolicy: 'IfNotPresent',
              command: ['/usr/local/bin/tensorboard'],
              workingDir: '/',
              args: [`--logdir=${mountPath}`, '--bind_all'],
              ports: [{ containerPort: 6006 }],
              ...(pvc ? { volumeMounts: [{ name: 'tbpd', readOnly: true, mountPath, subPath: lp.subPath }] } : {}),
            },
          ],
          ...(pvc ? { volumes: [{ name: 'tbpd', persistentVolumeClaim: { claimName: lp.claim } }] } : {}),
        },
      },
    },
  };
}

const processes = new Map<string, { child: ChildProcess; port: number; logdir: string }>();
const pidDir = join(stateDir, 'tensorboard');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** Stops a process started by an earlier driver for this key (its pid file). */
function stopOrphan(key: string): void {
  const file = join(pidDir, `${key}.pid`);
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8'));
  try {
    if (pid > 0) process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
  rmSync(file, { force: true });
}

/** The TensorBoard process of a Tensorboard, started when missing or when its folder changed. */
async function ensureProcess(cluster: string, tb: Tensorboard): Promise<number | undefined> {
  const ns = tb.metadata.namespace ?? 'default';
  const key = `${cluster}.${ns}.${tb.metadata.name}`;
  const lp = parseLogsPath(tb.spec?.logspath ?? '');
  let logdir: string;
  if (lp.kind === 'pvc') logdir = join(ensureVolumeDir(cluster, ns, lp.claim), ...lp.subPath.split('/').filter((x) => x && x !== '..'));
  else if (lp.kind === 's3') logdir = join(s3Dirs.data, lp.bucket, ...lp.prefix.split('/').filter((x) => x && x !== '..'));
  else return undefined;
  const have = processes.get(key);
  if (have && have.logdir === logdir && have.child.exitCode === null) return have.port;
  if (have) have.child.kill('SIGTERM');
  stopOrphan(key);
  mkdirSync(pidDir, { recursive: true });
  const port = await freePort();
  const out = openSync(join(logDir, `tensorboard-${key}.log`), 'a');
  const child = spawn(join(envDir('tensorboard'), 'bin', 'tensorboard'), [`--logdir=${logdir}`, '--host=127.0.0.1', `--port=${port}`, '--reload_interval=5'], {
    env: { ...process.env, ...pythonEnv() },
    stdio: ['ignore', out, out],
  });
  if (child.pid) writeFileSync(join(pidDir, `${key}.pid`), String(child.pid));
  processes.set(key, { child, port, logdir });
  return port;
}

/** Plays the Tensorboard controller and the TensorBoard pods' server. */
export const tensorboardReconciler: Reconciler = {
  name: 'tensorboard',
  requires: [tensorboards],
  async tick(kube: Kube): Promise<number> {
    const cluster = kube.target.name;
    const tbs = await kube.list<Tensorboard>(tensorboards);
    const live = new Set<string>();
    await reconcileEach(tbs, 4, async (tb) => {
      if (tb.metadata.deletionTimestamp) return;
      const ns = tb.metadata.namespace ?? 'default';
      live.add(`${cluster}.${ns}.${tb.metadata.name}`);
      await kube.apply(core.deployments, tensorboardDeployment(tb));
      await kube.apply(core.services, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: tb.metadata.name, namespace: ns, ownerReferences: [controllerRef(tb)] },
        spec: { type: 'ClusterIP', selector: { app: tb.metadata.name }, ports: [{ name: `http-${tb.metadata.name}`, port: 80, targetPort: 6006 }] },
      });
      const port = await ensureProcess(cluster, tb);
      if (port !== undefined) await forwardPods(kube, ns, `app=${tb.metadata.name}`, 6006, port);
      const dep = await kube.get<Deployment>(core.deployments, ns, tb.metadata.name);
      if (!dep) return;
      const conditions = [...(tb.status?.conditions ?? [])];
      const first = dep.status?.conditions?.[0];
      if (first && conditions[conditions.length - 1]?.deploymentState !== first.type)
        conditions.push({ deploymentState: first.type, lastProbeTime: first.lastUpdateTime });
      const readyReplicas = dep.status?.readyReplicas ?? 0;
      if (conditions.length !== (tb.status?.conditions ?? []).length || readyReplicas !== (tb.status?.readyReplicas ?? 0)) {
        await kube.patchStatus(tensorboards, ns, tb.metadata.name, { conditions, readyReplicas });
      }
    });
    for (const [key, p] of processes) {
      if (key.startsWith(`${cluster}.`) && !live.has(key)) {
        p.child.kill('SIGTERM');
        processes.delete(key);
        rmSync(join(pidDir, `${key}.pid`), { force: true });
      }
    }
    return tbs.length;
  },
};
