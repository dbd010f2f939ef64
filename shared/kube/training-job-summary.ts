// SPDX-License-Identifier: Apache-2.0
/**
 * What a training job is doing, read from the object alone: its phase from conditions picked
 * by type (never by order), the condition that decided it, replicas per type, GPUs asked for,
 * times, the conditions as a timeline, the replica specs, and TrainJob's progress. Training
 * Operator v1 / MPI Operator jobs use the Kubeflow condition shape (`Created`, `Running`,
 * `Restarting`, `Succeeded`, `Suspended`, `Failed`); TrainJob uses metav1 conditions
 * (`Suspended`, `Complete`, `Failed`) and is running when none holds and a child job is active.
 */
import { gpuRequestOfPodSpec } from './gpus';
import type { KubeObject } from './object';
import type { TrainingKind } from './training-kinds';

/** A job's phase. `Created`: the operator made it, no replica runs yet; `Pending`: nothing reconciled or no pod ready yet. */
export type JobPhase = 'Pending' | 'Created' | 'Running' | 'Restarting' | 'Suspended' | 'Succeeded' | 'Failed';

/** Every phase, in the order filters offer them. */
export const jobPhases: readonly JobPhase[] = ['Running', 'Pending', 'Created', 'Restarting', 'Suspended', 'Succeeded', 'Failed'];

/** The tone a phase is drawn in (the `pill` classes). */
export function phaseTone(p: JobPhase): 'ok' | 'warn' | 'error' | 'neutral' | 'progress' {
  switch (p) {
    case 'Running':
      return 'progress';
    case 'Succeeded':
      return 'ok';
    case 'Failed':
      return 'error';
    case 'Suspended':
      return 'neutral';
    default:
      return 'warn';
  }
}

/** One condition as the timeline shows it. */
export interface JobCondition {
  type: string;
  status: string;
  reason: string | undefined;
  message: string | undefined;
  /** ISO time; undefined if the condition has none. */
  at: string | undefined;
}

/** Replicas of one type: wanted (spec) against what the status counts. */
export interface ReplicaSummary {
  type: string;
  /** Wanted replicas (pods); for TrainJob's `node` the number of nodes. Undefined when unknown. */
  desired: number | undefined;
  active: number;
  succeeded: number;
  failed: number;
  /** TrainJob counts child Jobs (JobSet `jobsStatus`), Training Operator counts pods. */
  unit: 'pods' | 'jobs';
  /** TrainJob: child Jobs whose pods are all ready. */
  ready?: number;
}

/** TrainJob `status.trainerStatus` (Trainer v2.2+, alpha). */
export interface TrainerProgress {
  progressPercentage: number | undefined;
  estimatedRemainingSeconds: number | undefined;
  metrics: { name: string; value: string }[];
  lastUpdatedTime: string | undefined;
}

/** What the jobs list shows of a job. */
export interface JobSummary {
  phase: JobPhase;
  /** The condition that decided the phase. */
  reason: string | undefined;
  message: string | undefined;
  replicas: ReplicaSummary[];
  /** GPUs asked for over all replicas. */
  gpus: number;
  createdAt: string | undefined;
  startedAt: string | undefined;
  finishedAt: string | undefined;
  /** ms; running jobs count up to `now`. */
  durationMs: number | undefined;
  progress: TrainerProgress | undefined;
}

/** One replica type's pod template, as the detail page shows it. */
export interface ReplicaSpecView {
  type: string;
  replicas: number;
  restartPolicy: string | undefined;
  container: string | undefined;
  image: string | undefined;
  command: string[];
  args: string[];
  requests: Record<string, string>;
  limits: Record<string, string>;
  /** GPUs per pod. */
  gpusPerPod: number;
}

interface RawCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
}

type Resources = { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
interface Container {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  resources?: Resources;
}
interface ReplicaSpec {
  replicas?: number;
  restartPolicy?: string;
  template?: { spec?: { containers?: Container[]; initContainers?: Container[] } };
}
interface TrainerSpec {
  image?: string;
  command?: string[];
  args?: string[];
  numNodes?: number;
  resourcesPerNode?: Resources;
}
interface JobsStatus {
  name?: string;
  active?: number;
  ready?: number;
  succeeded?: number;
  failed?: number;
  suspended?: number;
}

const isTrainJob = (k: TrainingKind) => k.replicaSpecsField === undefined;
const rec = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

function rawConditions(job: KubeObject): RawCondition[] {
  const c = rec(job.status)['conditions'];
  return Array.isArray(c) ? (c as RawCondition[]).filter((x) => typeof x === 'object' && x !== null && typeof x.type === 'string') : [];
}

const toCondition = (c: RawCondition): JobCondition => ({
  type: c.type ?? '',
  status: c.status ?? 'Unknown',
  reason: c.reason || undefined,
  message: c.message || undefined,
  at: c.lastTransitionTime ?? c.lastUpdateTime,
});

/** The conditions oldest first (by lastTransitionTime; the array's order only breaks ties). */
export function conditionTimeline(job: KubeObject): JobCondition[] {
  return rawConditions(job)
    .map((c, i) => ({ c: toCondition(c), i }))
    .sort((a, b) => {
      const ta = a.c.at ? Date.parse(a.c.at) : 0;
      const tb = b.c.at ? Date.parse(b.c.at) : 0;
      return ta - tb || a.i - b.i;
    })
    .map((x) => x.c);
}

function trueCondition(job: KubeObject, type: string): RawCondition | undefined {
  // several of one type should not happen; if they do the newest wins
  const all = rawConditions(job).filter((c) => c.type === type && c.status === 'True');
  return all.sort((a, b) => Date.parse(b.lastTransitionTime ?? '') - Date.parse(a.lastTransitionTime ?? '') || 0)[0];
}

function jobsStatus(job: KubeObject): JobsStatus[] {
  const j = rec(job.status)['jobsStatus'];
  return Array.isArray(j) ? (j as JobsStatus[]) : [];
}

/** The phase and the condition that decided it. */
export function jobPhase(job: KubeObject, kind: TrainingKind): { phase: JobPhase; condition: RawCondition | undefined } {
  if (isTrainJob(kind)) {
    for (const [type, phase] of [
      ['Failed', 'Failed'],
      ['Complete', 'Succeeded'],
      ['Suspended', 'Suspended'],
    ] as const) {
      const c = trueCondition(job, type);
      if (c) return { phase, condition: c };
    }
    const js = jobsStatus(job);
    const active = js.some((j) => (j.active ?? 0) > 0);
    // JobSet counts a child Job "ready" once all its pods are ready; active but none ready = still starting
    const anyReadyField = js.some((j) => j.ready !== undefined);
    if (active && (!anyReadyField || js.some((j) => (j.ready ?? 0) > 0))) return { phase: 'Running', condition: undefined };
    return { phase: js.length ? 'Created' : 'Pending', condition: undefined };
  }
  // Training Operator rules (pkg/util/status.go): Failed is final; Succeeded/Failed flip Running to
  // False; Running and Restarting replace each other; a resumed job's Suspended turns False.
  for (const type of ['Failed', 'Succeeded', 'Suspended', 'Restarting', 'Running', 'Created'] as const) {
    const c = trueCondition(job, type);
    if (c) return { phase: type, condition: c };
  }
  return { phase: 'Pending', condition: undefined };
}

function replicaSpecs(job: KubeObject, kind: TrainingKind): [string, ReplicaSpec][] {
  if (!kind.replicaSpecsField) return [];
  const specs = rec(rec(job.spec)[kind.replicaSpecsField]);
  const types = Object.keys(specs);
  const order = (t: string) => {
    const i = kind.replicaTypes.indexOf(t);
    return i < 0 ? kind.replicaTypes.length : i;
  };
  return types.sort((a, b) => order(a) - order(b) || a.localeCompare(b)).map((t) => [t, rec(specs[t]) as ReplicaSpec]);
}

function trainer(job: KubeObject): TrainerSpec {
  return rec(rec(job.spec)['trainer']) as TrainerSpec;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Replicas per type. */
export function replicaSummaries(job: KubeObject, kind: TrainingKind): ReplicaSummary[] {
  if (isTrainJob(kind)) {
    const nodes = trainer(job).numNodes;
    const js = jobsStatus(job);
    if (!js.length) return [{ type: 'node', desired: nodes, active: 0, succeeded: 0, failed: 0, unit: 'jobs' }];
    return js.map((j) => ({
      type: j.name ?? '',
      desired: j.name === 'node' ? nodes : undefined,
      active: num(j.active),
      succeeded: num(j.succeeded),
      failed: num(j.failed),
      ready: num(j.ready),
      unit: 'jobs' as const,
    }));
  }
  const statuses = rec(rec(job.status)['replicaStatuses']);
  return replicaSpecs(job, kind).map(([type, spec]) => {
    const s = rec(statuses[type]);
    return {
      type,
      desired: typeof spec.replicas === 'number' ? spec.replicas : 1,
      active: num(s['active']),
      succeeded: num(s['succeeded']),
      failed: num(s['failed']),
      unit: 'pods' as const,
    };
  });
}

/** "Worker 2/3 ✓1 ✗0"-style text of one replica type. */
export function replicaText(r: ReplicaSummary): string {
  const tail = `${r.succeeded ? ` ✓${r.succeeded}` : ''}${r.failed ? ` ✗${r.failed}` : ''}`;
  if (r.unit === 'jobs') {
    const jobs = Math.max(1, r.active + r.succeeded + r.failed);
    return `${r.type} ${r.ready ?? r.active}/${jobs}${r.desired !== undefined ? ` ×${r.desired}` : ''}${tail}`;
  }
  return `${r.type} ${r.active}/${r.desired ?? '?'}${tail}`;
}

/** GPUs a job asks for: replicas × the pod's GPUs (limits, else requests) per type; TrainJob numNodes × resourcesPerNode. */
export function jobGpus(job: KubeObject, kind: TrainingKind): number {
  if (isTrainJob(kind)) {
    const t = trainer(job);
    return (t.numNodes ?? 1) * gpuRequestOfPodSpec({ containers: [{ resources: t.resourcesPerNode }] });
  }
  return replicaSpecs(job, kind).reduce((n, [, rs]) => n + (typeof rs.replicas === 'number' ? rs.replicas : 1) * gpuRequestOfPodSpec(rs.template?.spec), 0);
}

const stringMap = (m: Record<string, string | number> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, String(v)]));

/** The replica specs (image, command, resources, GPUs) per type. */
export function replicaSpecViews(job: KubeObject, kind: TrainingKind): ReplicaSpecView[] {
  if (isTrainJob(kind)) {
    const t = trainer(job);
    return [
      {
        type: 'node',
        replicas: t.numNodes ?? 1,
        restartPolicy: undefined,
        container: kind.defaultContainer,
        image: t.image,
        command: t.command ?? [],
        args: t.args ?? [],
        requests: stringMap(t.resourcesPerNode?.requests),
        limits: stringMap(t.resourcesPerNode?.limits),
        gpusPerPod: gpuRequestOfPodSpec({ containers: [{ resources: t.resourcesPerNode }] }),
      },
    ];
  }
  return replicaSpecs(job, kind).map(([type, rs]) => {
    const containers = rs.template?.spec?.containers ?? [];
    const c = containers.find((x) => x.name === kind.defaultContainer) ?? containers[0];
    return {
      type,
      replicas: typeof rs.replicas === 'number' ? rs.replicas : 1,
      restartPolicy: rs.restartPolicy,
      container: c?.name,
      image: c?.image,
      command: c?.command ?? [],
      args: c?.args ?? [],
      requests: stringMap(c?.resources?.requests),
      limits: stringMap(c?.resources?.limits),
      gpusPerPod: gpuRequestOfPodSpec(rs.template?.spec),
    };
  });
}

/** TrainJob's progress, when the cluster reports it. */
export function trainerProgress(job: KubeObject): TrainerProgress | undefined {
  const t = rec(job.status)['trainerStatus'];
  if (typeof t !== 'object' || t === null) return undefined;
  const s = t as Record<string, unknown>;
  const metrics = Array.isArray(s['metrics'])
    ? (s['metrics'] as { name?: unknown; value?: unknown }[])
        .filter((m) => typeof m?.name === 'string')
        .map((m) => ({ name: String(m.name), value: String(m.value ?? '') }))
    : [];
  return {
    progressPercentage: typeof s['progressPercentage'] === 'number' ? s['progressPercentage'] : undefined,
    estimatedRemainingSeconds: typeof s['estimatedRemainingSeconds'] === 'number' ? s['estimatedRemainingSeconds'] : undefined,
    metrics,
    lastUpdatedTime: typeof s['lastUpdatedTime'] === 'string' ? s['lastUpdatedTime'] : undefined,
  };
}

/** Everything the jobs list shows of a job; `now` (ms) ends a running job's duration. */
export function summarizeJob(job: KubeObject, kind: TrainingKind, now = Date.now()): JobSummary {
  const { phase, condition } = jobPhase(job, kind);
  const st = rec(job.status);
  const createdAt = job.metadata.creationTimestamp;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const finishCond = phase === 'Succeeded' || phase === 'Failed' ? condition : undefined;
  const finishedAt = str(st['completionTime']) ?? finishCond?.lastTransitionTime;
  // TrainJob has no startTime: count from its creation once it has run
  const ran = phase === 'Running' || phase === 'Succeeded' || phase === 'Failed';
  const startedAt = str(st['startTime']) ?? (isTrainJob(kind) && ran ? createdAt : undefined);
  const running = phase === 'Running' || phase === 'Restarting';
  const end = finishedAt ? Date.parse(finishedAt) : running ? now : undefined;
  const begin = startedAt ? Date.parse(startedAt) : undefined;
  const durationMs = begin !== undefined && end !== undefined && !Number.isNaN(begin) && !Number.isNaN(end) ? Math.max(0, end - begin) : undefined;
  return {
    phase,
    reason: condition?.reason || undefined,
    message: condition?.message || undefined,
    replicas: replicaSummaries(job, kind),
    gpus: jobGpus(job, kind),
    createdAt,
    startedAt,
    finishedAt,
    durationMs,
    progress: trainerProgress(job),
  };
}

/**
 * A job's pods grouped by replica type (in the kind's order). Training Operator labels the
 * type lower-cased; it is mapped back to the spec's spelling. MPI Operator v2beta1 pods carry
 * `job-role` instead of `replica-type`.
 */
export function groupPodsByReplica(job: KubeObject, kind: TrainingKind, pods: KubeObject[]): { type: string; pods: KubeObject[] }[] {
  const known = isTrainJob(kind) ? kind.replicaTypes : replicaSpecs(job, kind).map(([t]) => t);
  const spelled = new Map(known.map((t) => [t.toLowerCase(), t]));
  const groups = new Map<string, KubeObject[]>();
  for (const p of pods) {
    if (p.metadata.labels?.[kind.pods.jobName] !== job.metadata.name) continue;
    const raw = p.metadata.labels?.[kind.pods.replicaType] ?? p.metadata.labels?.['training.kubeflow.org/job-role'] ?? '';
    const type = spelled.get(raw.toLowerCase()) ?? (raw || 'other');
    const list = groups.get(type) ?? [];
    list.push(p);
    groups.set(type, list);
  }
  const order = (t: string) => {
    const i = known.indexOf(t);
    return i < 0 ? known.length : i;
  };
  const index = (p: KubeObject) => Number(p.metadata.labels?.[kind.pods.replicaIndex] ?? NaN);
  return [...groups.entries()]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([type, list]) => ({
      type,
      pods: list.sort((a, b) => (index(a) || 0) - (index(b) || 0) || a.metadata.name.localeCompare(b.metadata.name)),
    }));
}
