// SPDX-License-Identifier: Apache-2.0
/**
 * What KWOK's kubelet serves for the lab's pods: container logs from files that grow like
 * real training logs, port-forwards to the lab's peers (Jupyter, MLflow, the inference
 * server, Prometheus), and exec in a sandbox directory.
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabCluster } from './control-plane.ts';
import { kubectl } from './kwok.ts';
import { repoRoot, stateDir } from './paths.ts';
import { peerPorts } from './ports.ts';
import { startProcess } from './process.ts';

/** The directory of simulated container log files. */
export const simLogDir = join(stateDir, 'sim-logs');

/** The log file every training container streams (it grows while the lab runs). */
export const trainLog = join(simLogDir, 'train.log');

/** The log file a failed container shows as its previous run. */
export const previousLog = join(simLogDir, 'train-previous.log');

/** Starts the process that appends training progress to {@link trainLog}. */
export function startLogWriter(): void {
  mkdirSync(simLogDir, { recursive: true });
  if (!existsSync(trainLog)) appendFileSync(trainLog, '');
  const t = '2026-01-01T00:00:00.000000000Z';
  writeFileSync(
    previousLog,
    [
      'INFO  starting worker rank=0 world_size=2',
      'INFO  epoch=0 step=10 loss=2.3012 accuracy=0.1031 lr=0.001',
      'Traceback (most recent call last):',
      '  File "/workspace/train.py", line 88, in <module>',
      '    loss.backward()',
      'RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB',
    ]
      .map((l) => `${t} ${l.startsWith('INFO') ? 'stdout' : 'stderr'} F ${l}`)
      .join('\n') + '\n',
  );
  startProcess('log-writer', process.execPath, [join(repoRoot, 'test', 'lab', 'log-writer.mjs'), trainLog]);
}

/** Creates the cluster-wide Logs, PortForward and Exec rules in a cluster. */
export function applyKubeletSim(c: LabCluster): void {
  const sandbox = join(c.dir, 'exec-sandbox');
  mkdirSync(sandbox, { recursive: true });
  writeFileSync(join(sandbox, 'README.txt'), 'This is a KWOK exec sandbox of the MLDeck lab.\n');
  const items = [
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterLogs',
      metadata: { name: 'training-logs' },
      spec: { logs: [{ logsFile: trainLog, previousLogsFile: previousLog, follow: true }] },
    },
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterPortForward',
      metadata: { name: 'lab-peers' },
      spec: {
        forwards: [
          { ports: [8888], target: { address: '127.0.0.1', port: peerPorts.jupyter } },
          { ports: [5000], target: { address: '127.0.0.1', port: peerPorts.mlflow } },
          { ports: [8080], target: { address: '127.0.0.1', port: peerPorts.inferenceHttp } },
          { ports: [9090], target: { address: '127.0.0.1', port: peerPorts.prometheus } },
          { ports: [9400], target: { address: '127.0.0.1', port: peerPorts.dcgmExporter } },
        ],
      },
    },
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterExec',
      metadata: { name: 'sandbox' },
      spec: { execs: [{ local: { workDir: sandbox, envs: [{ name: 'MLDECK_LAB_POD', value: '1' }] } }] },
    },
  ];
  kubectl(c, ['apply', '--server-side', '--force-conflicts', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
}
