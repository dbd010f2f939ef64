// SPDX-License-Identifier: Apache-2.0
/**
 * Driven Kubeflow Trainer v2 (TrainJob controller) and the part of the JobSet controller it
 * needs. For each TrainJob it resolves its (Cluster)TrainingRuntime, creates the JobSet
 * `<trainjob>` from the runtime template with the TrainJob's `trainer` overrides
 * (image, command, args, env, numNodes, resourcesPerNode) and `runtimePatches` pod metadata,
 * then plays the JobSet controller: pods `<jobset>-<replicatedJob>-<jobIndex>-<podIndex>-<suffix>`
 * with the `jobset.sigs.k8s.io/*` labels, honouring `dependsOn` (initializers before the
 * trainer). Upstream each replicated job is a batch Job; here the pods are owned by the JobSet
 * directly, because KWOK's stock stage completes every Job-owned pod at once.
 * JobSet status (`replicatedJobsStatus`, Completed/Failed/Suspended) is written, and the
 * TrainJob gets `jobsStatus` and the `metav1.Condition`s Complete/Failed (copied from the
 * JobSet, as the trainer's jobset plugin does) and Suspended (Suspended/Resumed).
 */
import { isTrue, sameJson, setMetaCondition, type MetaCondition } from './conditions.ts';
import { controllerRef, core, type KObject, type Kube, type Manifest } from './kube.ts';
import { groupByOwner, isReady, podFromTemplate, suffix, withEnv, type Container, type EnvVar, type Pod, type PodTemplate } from './pods.ts';
import { kf, reconcileEach, type Reconciler } from './reconciler.ts';

interface JobTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { parallelism?: number; completions?: number; completionMode?: string; template: PodTemplate; [k: string]: unknown };
}

interface ReplicatedJob {
  name: string;
  replicas?: number;
  dependsOn?: { name: string; status: 'Complete' | 'Ready' }[];
  template: JobTemplate;
}

interface RuntimeSpec {
  mlPolicy?: { numNodes?: number; torch?: { numProcPerNode?: number | string } };
  template?: { metadata?: { labels?: Record<string, string> }; spec?: { replicatedJobs?: ReplicatedJob[]; [k: string]: unknown } };
}

interface PodPatch {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
}

interface TrainJobSpec {
  runtimeRef: { name: string; kind?: string; apiGroup?: string };
  trainer?: {
    image?: string;
    command?: string[];
    args?: string[];
    env?: EnvVar[];
    numNodes?: number;
    resourcesPerNode?: Container['resources'];
    numProcPerNode?: number | string;
  };
  runtimePatches?: {
    manager?: string;
    trainingRuntimeSpec?: { template?: { spec?: { replicatedJobs?: { name: string; template?: { spec?: { template?: PodPatch } } }[] } } };
  }[];
  suspend?: boolean;
}

interface TrainJobStatus {
  conditions?: MetaCondition[];
  jobsStatus?: { name: string; ready: number; succeeded: number; failed: number; active: number; suspended: number }[];
}

type TrainJob = KObject<TrainJobSpec, TrainJobStatus>;
type Runtime = KObject<RuntimeSpec>;

interface JobSetStatus {
  conditions?: MetaCondition[];
  replicatedJobsStatus?: { name: string; ready: number; succeeded: number; failed: number; active: number; suspended: number }[];
  terminalState?: string;
}

type JobSet = KObject<{ replicatedJobs: ReplicatedJob[]; suspend?: boolean; [k: string]: unknown }, JobSetStatus>;

const trainerStep = 'trainer.kubeflow.org/trainjob-ancestor-step';

/** The JobSet spec of a TrainJob: runtime template + trainer overrides + numNodes. */
function jobSetSpec(tj: TrainJob, rt: Runtime): { replicatedJobs: ReplicatedJob[]; suspend: boolean } {
  const rjs = structuredClone(rt.spec?.template?.spec?.replicatedJobs ?? []);
  const t = tj.spec?.trainer;
  const numNodes = t?.numNodes ?? rt.spec?.mlPolicy?.numNodes ?? 1;
  for (const rj of rjs) {
    const isTrainer = rj.template.metadata?.labels?.[trainerStep] === 'trainer' || rj.name === 'node';
    if (!isTrainer) continue;
    rj.template.spec.parallelism = numNodes;
    rj.template.spec.completions = numNodes;
    rj.template.spec.completionMode = 'Indexed';
    const pod = rj.template.spec.template.spec;
    pod.containers = pod.containers.map((c) => {
      if (c.name !== 'node' && c.name !== 'trainer') return c;
      let next: Container = { ...c };
      if (t?.image) next.image = t.image;
      if (t?.command) next.command = t.command;
      if (t?.args) next.args = t.args;
      if (t?.resourcesPerNode) next.resources = t.resourcesPerNode;
      if (rt.spec?.mlPolicy?.torch) {
        const nproc = String(t?.numProcPerNode ?? rt.spec.mlPolicy.torch.numProcPerNode ?? 'auto');
        next = withEnv(next, [
          { name: 'PET_NNODES', value: String(numNodes) },
          { name: 'PET_NPROC_PER_NODE', value: nproc },
          { name: 'PET_NODE_RANK', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } },
          { name: 'PET_MASTER_ADDR', value: `${tj.metadata.name}-${rj.name}-0-0.${tj.metadata.name}` },
          { name: 'PET_MASTER_PORT', value: '29400' },
        ]);
      }
      if (t?.env) next = withEnv(next, t.env);
      return next;
    });
    for (const patch of tj.spec?.runtimePatches ?? []) {
      const p = patch.trainingRuntimeSpec?.template?.spec?.replicatedJobs?.find((x) => x.name === rj.name)?.template?.spec?.template?.metadata;
      if (!p) continue;
      const meta = (rj.template.spec.template.metadata ??= {});
      meta.labels = { ...(meta.labels ?? {}), ...(p.labels ?? {}) };
      meta.annotations = { ...(meta.annotations ?? {}), ...(p.annotations ?? {}) };
    }
  }
  return { replicatedJobs: rjs, suspend: tj.spec?.suspend ?? false };
}

interface JobCounts {
  name: string;
  ready: number;
  succeeded: number;
  failed: number;
  active: number;
  suspended: number;
}

/** Counts each replicated job's child jobs (a child job = the pods sharing a job index). */
function countJobs(rj: ReplicatedJob, pods: Pod[], suspended: boolean): JobCounts {
  const c: JobCounts = { name: rj.name, ready: 0, succeeded: 0, failed: 0, active: 0, suspended: 0 };
  const replicas = rj.replicas ?? 1;
  const perJob = rj.template.spec.parallelism ?? 1;
  for (let j = 0; j < replicas; j++) {
    if (suspended) {
      c.suspended++;
      continue;
    }
    const mine = pods.filter(
      (p) => p.metadata.labels?.['jobset.sigs.k8s.io/replicatedjob-name'] === rj.name && p.metadata.labels?.['jobset.sigs.k8s.io/job-index'] === String(j),
    );
    if (mine.some((p) => p.status?.phase === 'Failed')) c.failed++;
    else if (mine.length >= perJob && mine.every((p) => p.status?.phase === 'Succeeded')) c.succeeded++;
    else if (mine.length) {
      c.active++;
      if (mine.length >= perJob && mine.every((p) => isReady(p) || p.status?.phase === 'Succeeded')) c.ready++;
    }
  }
  return c;
}

function depsMet(rj: ReplicatedJob, counts: Map<string, JobCounts>, all: ReplicatedJob[]): boolean {
  return (rj.dependsOn ?? []).every((d) => {
    const c = counts.get(d.name);
    const n = all.find((x) => x.name === d.name)?.replicas ?? 1;
    return c !== undefined && (d.status === 'Complete' ? c.succeeded >= n : c.ready + c.succeeded >= n);
  });
}

function jobSetPod(js: JobSet, rj: ReplicatedJob, j: number, k: number, tjLabels: Record<string, string>): Pod {
  const jsName = js.metadata.name;
  const tpl = rj.template.spec.template;
  const simLabels = Object.fromEntries(Object.entries(tjLabels).filter(([key]) => key.startsWith('mldeck.dev/sim-')));
  return podFromTemplate({
    name: `${jsName}-${rj.name}-${j}-${k}-${suffix(`${js.metadata.uid}/${rj.name}/${j}/${k}`)}`,
    namespace: js.metadata.namespace ?? '',
    owner: js,
    template: tpl,
    labels: {
      ...(rj.template.metadata?.labels ?? {}),
      ...simLabels,
      'jobset.sigs.k8s.io/jobset-name': jsName,
      'jobset.sigs.k8s.io/replicatedjob-name': rj.name,
      'jobset.sigs.k8s.io/replicatedjob-replicas': String(rj.replicas ?? 1),
      'jobset.sigs.k8s.io/job-index': String(j),
      'batch.kubernetes.io/job-name': `${jsName}-${rj.name}-${j}`,
      'batch.kubernetes.io/job-completion-index': String(k),
    },
    annotations: { 'batch.kubernetes.io/job-completion-index': String(k), 'jobset.sigs.k8s.io/jobset-name': jsName },
    restartPolicy: tpl.spec.restartPolicy ?? 'OnFailure',
  });
}

async function reconcileTrainJob(kube: Kube, tj: TrainJob, rt: Runtime | undefined, js: JobSet | undefined, pods: Pod[]): Promise<void> {
  if (tj.metadata.deletionTimestamp || !rt) return;
  const ns = tj.metadata.namespace ?? '';
  const spec = jobSetSpec(tj, rt);
  if (!js) {
    const body: Manifest = {
      apiVersion: 'jobset.x-k8s.io/v1alpha2',
      kind: 'JobSet',
      metadata: {
        name: tj.metadata.name,
        namespace: ns,
        labels: { ...(rt.spec?.template?.metadata?.labels ?? {}), 'trainer.kubeflow.org/trainjob-name': tj.metadata.name },
        ownerReferences: [controllerRef(tj)],
      },
      spec,
    };
    js = await kube.create<JobSet>(kf.jobsets, body);
    if (!js) return;
    await kube.event(tj, 'Normal', 'Created', `Created JobSet ${ns}/${tj.metadata.name}`, 'trainjob-controller');
  } else if ((js.spec?.suspend ?? false) !== spec.suspend) {
    js = await kube.patch<JobSet>(kf.jobsets, ns, js.metadata.name, { spec: { suspend: spec.suspend } });
  }
  js = { ...js, apiVersion: 'jobset.x-k8s.io/v1alpha2', kind: 'JobSet' };
  const jsStatus: JobSetStatus = structuredClone(js.status ?? {});
  const finished = isTrue(jsStatus.conditions, 'Completed') || isTrue(jsStatus.conditions, 'Failed');
  const rjs = js.spec?.replicatedJobs ?? spec.replicatedJobs;
  if (spec.suspend && !finished) {
    await Promise.all(pods.filter((p) => !p.metadata.deletionTimestamp).map((p) => kube.delete(core.pods, ns, p.metadata.name)));
    pods = [];
  }
  const counts = new Map(rjs.map((rj) => [rj.name, countJobs(rj, pods, spec.suspend && !finished)]));
  if (!spec.suspend && !finished) {
    const have = new Set(pods.map((p) => p.metadata.name));
    for (const rj of rjs) {
      if (!depsMet(rj, counts, rjs)) continue;
      for (let j = 0; j < (rj.replicas ?? 1); j++) {
        for (let k = 0; k < (rj.template.spec.parallelism ?? 1); k++) {
          const pod = jobSetPod(js, rj, j, k, tj.metadata.labels ?? {});
          if (have.has(pod.metadata.name)) continue;
          if (await kube.create(core.pods, pod)) pods.push(pod);
        }
      }
    }
    for (const rj of rjs) counts.set(rj.name, countJobs(rj, pods, false));
  }
  const list = rjs.map((rj) => counts.get(rj.name) as JobCounts);
  jsStatus.replicatedJobsStatus = list;
  const gen = js.metadata.generation;
  if (!finished) {
    if (list.some((c) => c.failed > 0)) {
      jsStatus.conditions = setMetaCondition(jsStatus.conditions, {
        type: 'Failed',
        status: 'True',
        reason: 'FailedJobs',
        message: 'jobset failed due to one or more job failures',
        observedGeneration: gen,
      });
      jsStatus.terminalState = 'Failed';
    } else if (rjs.every((rj) => (counts.get(rj.name)?.succeeded ?? 0) >= (rj.replicas ?? 1))) {
      jsStatus.conditions = setMetaCondition(jsStatus.conditions, {
        type: 'Completed',
        status: 'True',
        reason: 'AllJobsCompleted',
        message: 'jobset completed successfully',
        observedGeneration: gen,
      });
      jsStatus.terminalState = 'Completed';
    }
    if (spec.suspend)
      jsStatus.conditions = setMetaCondition(jsStatus.conditions, {
        type: 'Suspended',
        status: 'True',
        reason: 'SuspendedJobs',
        message: 'jobset is suspended',
        observedGeneration: gen,
      });
    else if (isTrue(jsStatus.conditions, 'Suspended'))
      jsStatus.conditions = setMetaCondition(jsStatus.conditions, {
        type: 'Suspended',
        status: 'False',
        reason: 'ResumeJobs',
        message: 'jobset is resumed',
        observedGeneration: gen,
      });
  }
  if (!sameJson(jsStatus, js.status ?? {})) await kube.patchStatus(kf.jobsets, ns, js.metadata.name, jsStatus);

  const st: TrainJobStatus = structuredClone(tj.status ?? {});
  let conds = st.conditions;
  const tgen = tj.metadata.generation;
  for (const [from, to] of [
    ['Completed', 'Complete'],
    ['Failed', 'Failed'],
  ] as const) {
    const c = jsStatus.conditions?.find((x) => x.type === from && x.status === 'True');
    if (c) conds = setMetaCondition(conds, { type: to, status: 'True', reason: c.reason, message: c.message, observedGeneration: tgen });
  }
  if (spec.suspend && !finished)
    conds = setMetaCondition(conds, { type: 'Suspended', status: 'True', reason: 'Suspended', message: 'TrainJob is suspended', observedGeneration: tgen });
  else if (isTrue(conds, 'Suspended'))
    conds = setMetaCondition(conds, { type: 'Suspended', status: 'False', reason: 'Resumed', message: 'TrainJob is resumed', observedGeneration: tgen });
  st.conditions = conds;
  st.jobsStatus = list;
  if (!sameJson(st, tj.status ?? {})) {
    await kube.patchStatus(kf.trainjobs, ns, tj.metadata.name, st);
    const done = conds?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
    if (done && !tj.status?.conditions?.some((c) => c.type === done.type))
      await kube.event(tj, done.type === 'Failed' ? 'Warning' : 'Normal', done.reason, done.message, 'trainjob-controller');
  }
}

/** The TrainJob controller (with the JobSet controller's pod handling). */
export const trainJobReconciler: Reconciler = {
  name: 'trainjob',
  requires: [kf.trainjobs, kf.clustertrainingruntimes, kf.jobsets],
  async tick(kube) {
    const [tjs, crts, rts, sets, pods] = await Promise.all([
      kube.list<TrainJob>(kf.trainjobs),
      kube.list<Runtime>(kf.clustertrainingruntimes),
      kube.list<Runtime>(kf.trainingruntimes),
      kube.list<JobSet>(kf.jobsets),
      kube.list<Pod>(core.pods, { labelSelector: 'jobset.sigs.k8s.io/jobset-name' }),
    ]);
    const setsByOwner = groupByOwner(sets);
    const podsByOwner = groupByOwner(pods);
    await reconcileEach(tjs, 8, async (tj) => {
      const ref = tj.spec?.runtimeRef;
      const rt =
        (ref?.kind ?? 'ClusterTrainingRuntime') === 'ClusterTrainingRuntime'
          ? crts.find((r) => r.metadata.name === ref?.name)
          : rts.find((r) => r.metadata.name === ref?.name && r.metadata.namespace === tj.metadata.namespace);
      const js = setsByOwner.get(tj.metadata.uid ?? '')?.[0];
      const mine = js ? (podsByOwner.get(js.metadata.uid ?? '') ?? []) : [];
      await reconcileTrainJob(kube, { ...tj, apiVersion: 'trainer.kubeflow.org/v1alpha1', kind: 'TrainJob' }, rt, js, mine);
    });
    return tjs.length;
  },
};
