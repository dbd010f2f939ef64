// SPDX-License-Identifier: Apache-2.0
/**
 * The trial pods' output, as a Katib training container with the StdOut metrics collector prints
 * it: one `epoch k/K` line per report, then one `<metric>=<value>` line per objective and
 * additional metric (the collector's default filter `([\w|-]+)\s*=\s*([+-]?\d*(\.\d+)?([Ee][+-]?\d+)?)`).
 * These lines are the trial's observation log: real Katib's collector sends them to
 * katib-db-manager; here they stay in the pod's log (KWOK `Logs` object per pod, file under
 * `.lab/sim-logs/katib/<cluster>/<ns>/<pod>.log`, CRI format), and MLDeck parses the log it kept.
 * Lines are appended as epochs pass (`epochMs` each), so the log grows while the pod runs. The
 * pod prints the same lines whatever the collector kind; File and TensorFlowEvent collectors also
 * get their file or event files in the pod's folder `<pod>.files/` beside its log (katib-collectors.ts).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simLogDir } from '../kubelet-sim.ts';
import { curveValue } from './katib-algorithms.ts';
import { writeCollectorReports, type MetricsCollectorSpec, type Report } from './katib-collectors.ts';
import type { Kube, KObject, Resource } from './kube.ts';
import type { Pod } from './pods.ts';

const kwokLogs: Resource = { group: 'kwok.x-k8s.io', version: 'v1alpha1', plural: 'logs', namespaced: true };

/** The directory of trial pods' log files. */
export const katibLogDir = join(simLogDir, 'katib');

/** Epochs already written per log file (read back from the file after a driver restart). */
const written = new Map<string, number>();
/** Pods whose `Logs` object exists. */
const served = new Set<string>();

/** A Go duration such as `40s`, `1m30s`, `500ms` in milliseconds, or undefined. */
export function goDurationMs(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let matched = '';
  for (const m of text.matchAll(re)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    matched += m[0];
  }
  return matched === text && total > 0 ? total : undefined;
}

function logFile(cluster: string, pod: { metadata: { name: string; namespace?: string } }): string {
  return join(katibLogDir, cluster, pod.metadata.namespace ?? '', `${pod.metadata.name}.log`);
}

function epochsIn(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => / stdout F epoch \d+\/\d+$/.test(l)).length;
}

/** What a trial reports: its metric names, quality and name (the metric function's inputs). */
export interface TrialOutput {
  trialName: string;
  metricNames: string[];
  quality: number;
  header: string;
  totalEpochs: number;
  /** The trial's `metricsCollector`: File and TensorFlowEvent also get their files (katib-collectors.ts). */
  collector?: MetricsCollectorSpec;
}

/** The folder standing for a trial pod's file system (File and TensorFlowEvent collectors' files). */
export function podFilesDir(cluster: string, pod: { metadata: { name: string; namespace?: string } }): string {
  return join(katibLogDir, cluster, pod.metadata.namespace ?? '', `${pod.metadata.name}.files`);
}

/**
 * Makes the pod's log hold epochs 1..`upTo` (appending what is missing, timestamped now) and
 * the KWOK `Logs` object that serves it (owned by the trial, so it goes with it).
 */
export async function writeTrialLog(kube: Kube, trial: KObject, pod: Pod, out: TrialOutput, upTo: number, tail?: string): Promise<void> {
  const file = logFile(kube.target.name, pod);
  await serveTrialLog(kube, trial, pod, out);
  const have = written.get(file) ?? epochsIn(file);
  if (have >= upTo && !tail) return;
  const time = new Date();
  const ts = time.toISOString();
  let text = '';
  const reports: Report[] = [];
  for (let k = have + 1; k <= upTo; k++) {
    const metrics = out.metricNames.map((name) => ({ name, value: curveValue(name, out.quality, out.trialName, k) }));
    reports.push({ epoch: k, totalEpochs: out.totalEpochs, metrics, time });
    text += `${ts} stdout F epoch ${k}/${out.totalEpochs}\n`;
    for (const m of metrics) text += `${ts} stdout F ${m.name}=${m.value.toFixed(4)}\n`;
  }
  writeCollectorReports(podFilesDir(kube.target.name, pod), pod.metadata.name, out.collector, reports);
  if (tail && !(written.get(`${file}#tail`) ?? 0)) {
    text += `${ts} stderr F ${tail}\n`;
    written.set(`${file}#tail`, 1);
  }
  if (text) appendFileSync(file, text);
  written.set(file, Math.max(have, upTo));
}

/**
 * Creates the pod's log file (its header) and the KWOK `Logs` object that serves it, once. Made
 * before the pod exists when its name is known, so the pod never serves the cluster-wide training
 * log (KWOK's `ClusterLogs`) to a follower that comes early.
 */
export async function serveTrialLog(kube: Kube, trial: KObject, pod: { metadata: { name: string; namespace?: string } }, out: TrialOutput): Promise<void> {
  const file = logFile(kube.target.name, pod);
  const key = `${kube.target.name}/${pod.metadata.namespace}/${pod.metadata.name}`;
  if (!served.has(key)) {
    mkdirSync(join(katibLogDir, kube.target.name, pod.metadata.namespace ?? ''), { recursive: true });
    if (!existsSync(file)) appendFileSync(file, `${new Date().toISOString()} stdout F ${out.header}\n`);
    await kube.create(kwokLogs, {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'Logs',
      metadata: {
        name: pod.metadata.name,
        namespace: pod.metadata.namespace,
        ownerReferences: [
          {
            apiVersion: 'kubeflow.org/v1beta1',
            kind: 'Trial',
            name: trial.metadata.name,
            uid: trial.metadata.uid ?? '',
            controller: false,
            blockOwnerDeletion: false,
          },
        ],
      },
      spec: { logs: [{ logsFile: file, follow: true }] },
    });
    served.add(key);
  }
}

/** Epochs that have passed for a pod (0 until it started). */
export function epochsPassed(pod: Pod, epochMs: number, total: number, nowMs = Date.now()): number {
  const start = pod.status?.startTime ? Date.parse(pod.status.startTime) : NaN;
  if (Number.isNaN(start)) return 0;
  return Math.max(0, Math.min(total, Math.floor((nowMs - start) / epochMs)));
}
