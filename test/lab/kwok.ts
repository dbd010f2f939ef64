// SPDX-License-Identifier: Apache-2.0
/**
 * KWOK: the nodes and pod lifecycles of a lab cluster. The real KWOK controller (v0.8.0,
 * built from its module) plays kubelets: it initialises nodes, keeps their leases, moves
 * pods to Running and, through the lab's stages, to Succeeded or Failed. Its kubelet
 * server serves logs, exec and port-forward for the API server. Logs, PortForward and
 * Exec objects are served as CRDs so tests can add per-pod rules at run time.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabCluster } from './control-plane.ts';
import { goModuleDir } from './go-modules.ts';
import { bin, repoRoot } from './paths.ts';
import { httpStatus, startProcess, waitFor } from './process.ts';

/** The kwok module version, as built by build/build-go.sh. */
export const kwokVersion = 'v0.8.0';

/** KWOK kinds served as CRDs (so tests can create them). */
const crdKinds = ['Logs', 'ClusterLogs', 'PortForward', 'ClusterPortForward', 'Exec', 'ClusterExec'];

/** The KWOK module directory in the Go module cache. */
export function kwokDir(): string {
  return goModuleDir('sigs.k8s.io/kwok', kwokVersion);
}

/** Applies the CRDs of the kwok.x-k8s.io kinds the lab serves as objects. */
export function applyKwokCrds(c: LabCluster): void {
  const base = join(kwokDir(), 'kustomize', 'crd', 'bases');
  const files = ['logs', 'clusterlogs', 'portforwards', 'clusterportforwards', 'execs', 'clusterexecs'].map((k) => join(base, `kwok.x-k8s.io_${k}.yaml`));
  kubectl(c, ['apply', '--server-side', '--force-conflicts', ...files.flatMap((f) => ['-f', f])]);
}

/** Runs kubectl (built with the control plane) against a lab cluster as admin. */
export function kubectl(c: LabCluster, args: string[], input?: string): string {
  return execFileSync(bin('kubectl'), ['--kubeconfig', c.adminKubeconfig, ...args], {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Starts the KWOK controller for a cluster and waits for its health endpoint. */
export async function startKwok(c: LabCluster): Promise<void> {
  const name = `${c.name}-kwok`;
  const dir = join(c.dir, 'kwok');
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'kwok.yaml');
  writeFileSync(
    config,
    [
      'apiVersion: config.kwok.x-k8s.io/v1alpha1',
      'kind: KwokConfiguration',
      'options:',
      '  manageNodesWithAnnotationSelector: kwok.x-k8s.io/node=fake',
      '  nodeIP: 127.0.0.1',
      '  nodeName: localhost',
      `  nodePort: ${c.ports.kwok}`,
      `  serverAddress: 127.0.0.1:${c.ports.kwok}`,
      `  cidr: ${c.name === 'lab-a' ? '10.244.0.0/16' : '10.245.0.0/16'}`,
      '  nodeLeaseDurationSeconds: 40',
      // defaults are not applied to a config file given with --config: set them
      '  nodeLeaseParallelism: 4',
      '  podPlayStageParallelism: 4',
      '  nodePlayStageParallelism: 4',
      '  podsOnNodeSyncParallelism: 2',
      '  enablePodsOnNodeSyncListPager: true',
      '  enablePodsOnNodeSyncStreamWatch: false',
      '  enableDebuggingHandlers: true',
      `  enableCRDs: [${crdKinds.join(', ')}]`,
      '',
    ].join('\n'),
  );
  const stage = (p: string) => join(kwokDir(), 'kustomize', 'stage', p);
  startProcess(name, bin('kwok'), [
    `--kubeconfig=${c.adminKubeconfig}`,
    `--config=${config}`,
    `--config=${stage('node/fast/node-initialize.yaml')}`,
    `--config=${stage('node/heartbeat-with-lease/node-heartbeat-with-lease.yaml')}`,
    `--config=${stage('pod/fast/pod-ready.yaml')}`,
    `--config=${stage('pod/fast/pod-complete.yaml')}`,
    `--config=${stage('pod/fast/pod-delete.yaml')}`,
    `--config=${join(repoRoot, 'test', 'lab', 'manifests', 'stages.yaml')}`,
  ]);
  await waitFor(name, 'healthz', async () => (await httpStatus(`http://127.0.0.1:${c.ports.kwok}/healthz`)) === 200, 60_000);
}
