// SPDX-License-Identifier: Apache-2.0
/**
 * lab-b's MLflow: seeds its own tracking server (seed-mlflow-b.py: experiments `churn-model`
 * and `demand-forecast`, registered model `churn-model`) and makes lab-b find it as lab-a finds
 * lab-a's: the in-cluster `mlflow/mlflow` Service with its pod `mlflow-0`, whose arguments
 * name lab-b's artifact destination, and a KWOK PortForward for that pod (it takes precedence
 * over the cluster-wide rule that sends port 5000 to lab-a's server) to 127.0.0.1:15001.
 * Idempotent; a pod made earlier with lab-a's destination is made again.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LabCluster } from '../control-plane.ts';
import { kubectl } from '../kwok.ts';
import { peerPorts } from '../ports.ts';
import { mlflowInCluster, mlflowServiceManifests } from '../seed-workloads/mlflow-service.ts';
import { mlflowS3Env } from './mlflow.ts';
import * as mlflowB from './mlflow-b.ts';
import { ensureEnv, python, pythonEnv } from './python-envs.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Experiments lab-b's server holds (tests may rely on these names). */
export const seededExperimentsB = ['churn-model', 'demand-forecast'] as const;

/** Runs seed-mlflow-b.py against lab-b's server, printing its progress lines. */
async function seedServer(): Promise<void> {
  await ensureEnv('mlflow');
  await new Promise<void>((resolvePromise, reject) => {
    const child = spawn(python('mlflow'), [join(here, 'seed-mlflow-b.py'), '--tracking-uri', mlflowB.mlflowBUrl], {
      env: { ...process.env, ...pythonEnv(), ...mlflowS3Env(), MLFLOW_TRACKING_URI: mlflowB.mlflowBUrl, MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const errLines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (l) => console.log(l));
    createInterface({ input: child.stderr }).on('line', (l) => {
      errLines.push(l);
      if (errLines.length > 40) errLines.shift();
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise() : reject(new Error(`seed-mlflow-b.py exited with ${code}:\n${errLines.join('\n')}`))));
  });
}

/** lab-b's in-cluster MLflow objects: lab-a's manifests with lab-b's artifact destination, and the pod's PortForward. */
export function labBMlflowManifests(): Record<string, unknown>[] {
  const items = mlflowServiceManifests().map((m) => {
    if (m.kind !== 'Pod') return m;
    const pod = structuredClone(m) as { spec: { containers: { args?: string[] }[] } };
    for (const c of pod.spec.containers)
      c.args = c.args?.map((a) => (a.startsWith('--artifacts-destination=') ? `--artifacts-destination=${mlflowB.mlflowBArtifactsDestination}` : a));
    return pod as unknown as typeof m;
  });
  const forward = {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'PortForward',
    metadata: { name: mlflowInCluster.pod, namespace: mlflowInCluster.namespace },
    spec: { forwards: [{ ports: [mlflowInCluster.port], target: { address: '127.0.0.1', port: peerPorts.mlflowB } }] },
  };
  return [...items, forward];
}

/** Makes lab-b's `mlflow/mlflow-0` reach lab-b's server (see the module comment). */
export function wireLabBMlflow(c: LabCluster): void {
  const items = labBMlflowManifests();
  const pod = items.find((m) => m.kind === 'Pod') as { spec: { containers: { args?: string[] }[] } };
  const want = pod.spec.containers[0]?.args ?? [];
  const { namespace, pod: podName } = mlflowInCluster;
  let have: string[] | undefined;
  try {
    const got = JSON.parse(kubectl(c, ['get', 'pod', '-n', namespace, podName, '-o', 'json'])) as { spec: { containers: { args?: string[] }[] } };
    have = got.spec.containers[0]?.args ?? [];
  } catch {
    have = undefined; // not made yet
  }
  if (have && have.join(' ') !== want.join(' ')) kubectl(c, ['delete', 'pod', '-n', namespace, podName, '--wait=true', '--grace-period=0', '--force']);
  const apply = items.filter((m) => m.kind !== 'Pod' || !have || have.join(' ') !== want.join(' '));
  kubectl(c, ['apply', '--server-side', '--force-conflicts', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: apply }));
}

/** Starts (or reuses) lab-b's server, seeds it and wires lab-b's in-cluster Service to it. */
export async function seedLabBMlflow(labB: LabCluster): Promise<void> {
  await mlflowB.start();
  await seedServer();
  wireLabBMlflow(labB);
}
