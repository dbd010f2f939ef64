// SPDX-License-Identifier: Apache-2.0
/**
 * Training jobs (every kind of shared/kube/training-kinds.ts) as compared runs: the parameters
 * are the primary container's command, arguments and literal environment of the first replica
 * type (`Master`, `Chief`, `Launcher`… in the kind's order; a TrainJob's `spec.trainer`), read by
 * shared/features/compare/log-metrics.ts's `paramsFromArgs`; the metrics are parsed from the kept
 * log of that replica's first pod (`metricsFromLog`: `key=value` / `key: value` per step). The
 * job's live pods are kept from here on (so their logs outlive them); a job read before any of its
 * log was kept has no metrics yet.
 */
import { AppError } from '../../../../shared/errors';
import type { ComparedRun, RunRef } from '../../../../shared/features/compare/compare-model';
import { runKey } from '../../../../shared/features/compare/compare-model';
import { metricsFromLog, paramsFromArgs } from '../../../../shared/features/compare/log-metrics';
import type { KubeObject } from '../../../../shared/kube/object';
import { jobPhase } from '../../../../shared/kube/training-job-summary';
import { jobPodSelector, trainingKinds, trainingKindKey, type TrainingKind } from '../../../../shared/kube/training-kinds';
import type { RunSourceReader, SourceClusters } from './run-source';

type JobRef = Extract<RunRef, { source: 'job' }>;

/** Kept logs, as this source needs them (LogCapture). */
export interface JobLogs {
  keepPod(cluster: string, namespace: string, pod: string): Promise<string[]>;
  list(cluster: string, namespace?: string): Promise<{ namespace: string; pod: string; container: string }[]>;
  read(key: { cluster: string; namespace: string; pod: string; container: string }): Promise<{ lines: { time: string; text: string }[] }>;
}

interface Container {
  name: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string }[];
}

/** The primary container and the replica type it belongs to. */
function primaryOf(kind: TrainingKind, job: KubeObject): { replicaType: string; container: Container | undefined } {
  const spec = (job as { spec?: Record<string, unknown> }).spec ?? {};
  if (!kind.replicaSpecsField) {
    const trainer = (spec.trainer ?? {}) as Omit<Container, 'name'>;
    return { replicaType: 'node', container: { name: kind.defaultContainer, ...trainer } };
  }
  const specs = (spec[kind.replicaSpecsField] ?? {}) as Record<string, { template?: { spec?: { containers?: Container[] } } }>;
  const type = kind.replicaTypes.find((t) => specs[t]) ?? Object.keys(specs)[0] ?? '';
  const containers = specs[type]?.template?.spec?.containers ?? [];
  return { replicaType: type, container: containers.find((c) => c.name === kind.defaultContainer) ?? containers[0] };
}

/** Reads training jobs. */
export class TrainingJobsSource implements RunSourceReader<JobRef> {
  constructor(
    private readonly clusters: SourceClusters,
    private readonly logs: JobLogs,
    private readonly now: () => number = Date.now,
  ) {}

  async read(ref: JobRef): Promise<ComparedRun> {
    const kind = trainingKinds.find((k) => trainingKindKey(k) === ref.kind);
    if (!kind) throw new AppError('validation', `${ref.kind} is not a training-job kind MLDeck knows.`);
    const h = await this.clusters.http(ref.clusterId);
    const base = `/apis/${kind.group}/${kind.version}/namespaces/${ref.namespace}`;
    const job = await h.request<KubeObject>({ path: `${base}/${kind.resource}/${ref.name}` });
    const { replicaType, container } = primaryOf(kind, job);
    const params = container ? paramsFromArgs([...(container.command ?? []), ...(container.args ?? [])], container.env ?? []) : {};
    const pods = await h.request<{ items: KubeObject[] }>({
      path: `/api/v1/namespaces/${ref.namespace}/pods`,
      query: { labelSelector: jobPodSelector(kind, ref.name) },
    });
    const live = pods.items.filter((p) => !p.metadata.deletionTimestamp && (p.status as { phase?: string } | undefined)?.phase !== 'Pending');
    await Promise.all(live.map((p) => this.logs.keepPod(ref.clusterId, ref.namespace, p.metadata.name)));
    const known = new Set(pods.items.map((p) => p.metadata.name));
    const kept = (await this.logs.list(ref.clusterId, ref.namespace))
      .filter((k) => (known.has(k.pod) || k.pod.startsWith(`${ref.name}-`)) && k.container === (container?.name ?? kind.defaultContainer))
      .sort((a, b) => a.pod.localeCompare(b.pod));
    const type = replicaType.toLowerCase();
    const first = kept.find((k) => k.pod.includes(`-${type}-0`)) ?? kept.find((k) => k.pod.includes(`-${type}-`)) ?? kept[0];
    const lines = first ? (await this.logs.read({ cluster: ref.clusterId, namespace: ref.namespace, pod: first.pod, container: first.container })).lines : [];
    const { series, final } = metricsFromLog(lines);
    return {
      key: runKey(ref),
      ref,
      label: ref.name,
      source: 'job',
      cluster: this.clusters.get(ref.clusterId).entry.name,
      where: `${ref.namespace} · ${kind.title}`,
      state: jobPhase(job, kind).phase,
      params,
      metrics: final,
      series,
      directions: {},
      fetchedAt: this.now(),
    };
  }
}
