// SPDX-License-Identifier: Apache-2.0
/**
 * Driven replica-job controllers for what the real Training Operator v1.9 does not run:
 * MXJob (removed upstream after 1.7; the lab still serves its last CRD) and the MPI
 * Operator's MPIJob v2beta1 (lab-b). Behaviour follows the upstream controllers:
 * pods `<job>-<replica type>-<i>` with the `training.kubeflow.org/*` labels (replica type
 * lower-cased), headless Services, Created/Running/Succeeded/Failed/Suspended conditions
 * with `<Kind><Verb>` reasons, `replicaStatuses`, `startTime` and `completionTime`.
 * MPIJob v2beta1 also gets its `<job>-config` ConfigMap (hostfile), `<job>-ssh` Secret and a
 * launcher; upstream the launcher is a batch Job, here a pod `<job>-launcher-<suffix>` owned
 * by the MPIJob, because KWOK's stock stage completes every Job-owned pod at once.
 */
import { generateKeyPairSync } from 'node:crypto';
import { setJobCondition, isTrue, now, sameJson, type KubeflowCondition } from './conditions.ts';
import { controllerRef, core, type KObject, type Kube, type Manifest, type Resource } from './kube.ts';
import { failureMessage, groupByLabel, podFromTemplate, suffix, withEnv, type EnvVar, type Pod, type PodTemplate } from './pods.ts';
import { kf, reconcileEach, type Reconciler } from './reconciler.ts';

/** One entry of a `*ReplicaSpecs` map. */
export interface ReplicaSpec {
  replicas?: number;
  restartPolicy?: string;
  template: PodTemplate;
}

interface RunPolicy {
  suspend?: boolean;
  cleanPodPolicy?: string;
}

interface ReplicaJobSpec {
  runPolicy?: RunPolicy;
  slotsPerWorker?: number;
  mxReplicaSpecs?: Record<string, ReplicaSpec>;
  mpiReplicaSpecs?: Record<string, ReplicaSpec>;
}

interface ReplicaStatus {
  active?: number;
  succeeded?: number;
  failed?: number;
  selector?: string;
}

interface JobStatus {
  conditions?: KubeflowCondition[];
  replicaStatuses?: Record<string, ReplicaStatus>;
  startTime?: string;
  completionTime?: string;
  lastReconcileTime?: string;
}

type ReplicaJob = KObject<ReplicaJobSpec, JobStatus>;

/** What differs between the driven kinds. */
interface KindRules {
  kind: string;
  resource: Resource;
  specKey: 'mxReplicaSpecs' | 'mpiReplicaSpecs';
  operatorName: string;
  /** The replica type whose success finishes the job. */
  master: string;
  defaultRestart: string;
  /** The pod name of a replica. */
  podName(job: ReplicaJob, rtype: string, index: number): string;
  /** Labels beyond job-name and operator-name. */
  labels(rtype: string, index: number, hasMaster: boolean): Record<string, string>;
  /** Env injected into every container. */
  env(job: ReplicaJob, rtype: string, index: number): EnvVar[];
  messages: {
    created: (j: ReplicaJob) => string;
    running: (j: ReplicaJob) => string;
    succeeded: (j: ReplicaJob) => string;
    failed: (j: ReplicaJob, rtype: string, n: number, why?: string) => string;
  };
  /** Extra objects (ConfigMaps, Secrets, Services) the controller creates. */
  extras(kube: Kube, job: ReplicaJob): Promise<void>;
}

const jobId = (j: ReplicaJob): string => `${j.metadata.namespace}/${j.metadata.name}`;
const specs = (r: KindRules, j: ReplicaJob): Record<string, ReplicaSpec> => j.spec?.[r.specKey] ?? {};

const mxRules: KindRules = {
  kind: 'MXJob',
  resource: kf.mxjobs,
  specKey: 'mxReplicaSpecs',
  operatorName: 'mxjob-controller',
  master: 'Scheduler',
  defaultRestart: 'Never',
  podName: (j, rtype, i) => `${j.metadata.name}-${rtype.toLowerCase()}-${i}`,
  labels: (rtype, i) => ({
    'training.kubeflow.org/replica-type': rtype.toLowerCase(),
    'training.kubeflow.org/replica-index': String(i),
    ...(rtype === 'Scheduler' ? { 'training.kubeflow.org/job-role': 'master' } : {}),
  }),
  env: (j, rtype, i) => {
    const s = j.spec?.mxReplicaSpecs ?? {};
    return [
      { name: 'DMLC_PS_ROOT_URI', value: `${j.metadata.name}-scheduler-0` },
      { name: 'DMLC_PS_ROOT_PORT', value: '9091' },
      { name: 'DMLC_NUM_SERVER', value: String(s['Server']?.replicas ?? 0) },
      { name: 'DMLC_NUM_WORKER', value: String(s['Worker']?.replicas ?? 0) },
      { name: 'DMLC_ROLE', value: rtype.toLowerCase() },
      { name: 'DMLC_USE_KUBERNETES', value: '1' },
      { name: 'MX_CONFIG', value: JSON.stringify({ task: { type: rtype.toLowerCase(), index: i } }) },
    ];
  },
  messages: {
    created: (j) => `MXJob ${j.metadata.name} is created.`,
    running: (j) => `MXJob ${j.metadata.name} is running.`,
    succeeded: (j) => `MXJob ${j.metadata.name} is successfully completed.`,
    failed: (j, rtype, n) => `MXJob ${j.metadata.name} is failed because ${n} ${rtype} replica(s) failed.`,
  },
  extras: async (kube, job) => {
    for (const [rtype, spec] of Object.entries(specs(mxRules, job))) {
      for (let i = 0; i < (spec.replicas ?? 1); i++)
        await ensureHeadlessService(kube, job, mxRules.podName(job, rtype, i), { ...selector(mxRules, job), ...mxRules.labels(rtype, i, true) }, 9091);
    }
  },
};

const mpiRules: KindRules = {
  kind: 'MPIJob',
  resource: kf.mpijobsV2,
  specKey: 'mpiReplicaSpecs',
  operatorName: 'mpi-operator',
  master: 'Launcher',
  defaultRestart: 'Never',
  podName: (j, rtype, i) =>
    rtype === 'Launcher' ? `${j.metadata.name}-launcher-${suffix(j.metadata.uid ?? j.metadata.name)}` : `${j.metadata.name}-worker-${i}`,
  labels: (rtype, i): Record<string, string> =>
    rtype === 'Launcher'
      ? { 'training.kubeflow.org/job-role': 'launcher' }
      : { 'training.kubeflow.org/job-role': 'worker', 'training.kubeflow.org/replica-index': String(i) },
  env: (j, rtype) => [
    { name: 'K_MPI_JOB_ROLE', value: rtype.toLowerCase() },
    { name: 'OMPI_MCA_orte_keep_fqdn_hostnames', value: 'true' },
    { name: 'OMPI_MCA_orte_default_hostfile', value: '/etc/mpi/hostfile' },
    { name: 'OMPI_MCA_plm_rsh_args', value: '-o ConnectionAttempts=10' },
    { name: 'OMPI_MCA_orte_set_default_slots', value: String(j.spec?.slotsPerWorker ?? 1) },
  ],
  messages: {
    created: (j) => `MPIJob ${jobId(j)} is created.`,
    running: (j) => `MPIJob ${jobId(j)} is running.`,
    succeeded: (j) => `MPIJob ${jobId(j)} successfully completed.`,
    failed: (j, _rtype, _n, why) => `MPIJob ${jobId(j)} has failed${why ? `: ${why}` : ''}`,
  },
  extras: async (kube, job) => {
    const ns = job.metadata.namespace ?? '';
    const name = job.metadata.name;
    const workers = job.spec?.mpiReplicaSpecs?.['Worker']?.replicas ?? 0;
    const slots = job.spec?.slotsPerWorker ?? 1;
    const hostfile = Array.from({ length: workers }, (_, i) => `${name}-worker-${i}.${name}.${ns}.svc slots=${slots}`).join('\n') + '\n';
    const owner = [controllerRef(job)];
    const labels = { 'app.kubernetes.io/name': name };
    await kube.create(core.configmaps, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${name}-config`, namespace: ns, labels, ownerReferences: owner },
      data: {
        hostfile,
        'discover_hosts.sh': `#!/bin/sh\n${hostfile
          .replace(/ slots=\d+/g, '')
          .trim()
          .split('\n')
          .map((h) => `echo ${h}`)
          .join('\n')}\n`,
      },
    });
    if (!(await kube.get(core.secrets, ns, `${name}-ssh`))) {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-521' });
      const priv = privateKey.export({ format: 'pem', type: 'sec1' }).toString();
      const pub = publicKey.export({ format: 'pem', type: 'spki' }).toString();
      await kube.create(core.secrets, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: `${name}-ssh`, namespace: ns, labels, ownerReferences: owner },
        type: 'kubernetes.io/ssh-auth',
        stringData: { 'ssh-privatekey': priv, 'ssh-publickey': pub },
      });
    }
    await ensureHeadlessService(kube, job, name, { ...selector(mpiRules, job), 'training.kubeflow.org/job-role': 'worker' }, undefined);
  },
};

function selector(r: KindRules, j: ReplicaJob): Record<string, string> {
  return { 'training.kubeflow.org/job-name': j.metadata.name, 'training.kubeflow.org/operator-name': r.operatorName };
}

async function ensureHeadlessService(kube: Kube, job: ReplicaJob, name: string, sel: Record<string, string>, port: number | undefined): Promise<void> {
  const svc: Manifest = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: job.metadata.namespace,
      labels: { 'training.kubeflow.org/job-name': job.metadata.name },
      ownerReferences: [controllerRef(job)],
    },
    spec: { clusterIP: 'None', selector: sel, publishNotReadyAddresses: true, ...(port ? { ports: [{ name: 'port', port }] } : {}) },
  };
  if (!(await kube.get(core.services, job.metadata.namespace, name))) await kube.create(core.services, svc);
}

function restartPolicy(r: KindRules, spec: ReplicaSpec): string {
  const p = spec.restartPolicy ?? r.defaultRestart;
  return p === 'ExitCode' ? 'Never' : p;
}

async function reconcileJob(kube: Kube, r: KindRules, job: ReplicaJob, pods: Pod[]): Promise<void> {
  if (job.metadata.deletionTimestamp) return;
  const st: JobStatus = structuredClone(job.status ?? {});
  const before = structuredClone(st);
  let conds = st.conditions ?? [];
  const finished = isTrue(conds, 'Succeeded') || isTrue(conds, 'Failed');
  const replicaSpecs = specs(r, job);
  if (!finished && job.spec?.runPolicy?.suspend) {
    await Promise.all(pods.filter((p) => !p.metadata.deletionTimestamp).map((p) => kube.delete(core.pods, p.metadata.namespace, p.metadata.name)));
    conds = setJobCondition(conds, 'Created', 'True', `${r.kind}Created`, r.messages.created(job));
    conds = setJobCondition(conds, 'Running', 'False', `${r.kind}Suspended`, `${r.kind} ${job.metadata.name} is suspended.`);
    conds = setJobCondition(conds, 'Suspended', 'True', `${r.kind}Suspended`, `${r.kind} ${job.metadata.name} is suspended.`);
    st.conditions = conds;
    delete st.startTime;
    st.replicaStatuses = Object.fromEntries(Object.keys(replicaSpecs).map((t) => [t, { active: 0 }]));
  } else if (!finished) {
    if (isTrue(conds, 'Suspended')) conds = setJobCondition(conds, 'Suspended', 'False', `${r.kind}Resumed`, `${r.kind} ${job.metadata.name} is resumed.`);
    conds = setJobCondition(conds, 'Created', 'True', `${r.kind}Created`, r.messages.created(job));
    await r.extras(kube, job);
    const have = new Set(pods.map((p) => p.metadata.name));
    const hasMaster = r.master in replicaSpecs;
    for (const [rtype, spec] of Object.entries(replicaSpecs)) {
      const n = spec.replicas ?? (rtype === 'Launcher' ? 1 : rtype === 'Worker' && r.kind === 'MPIJob' ? 0 : 1);
      for (let i = 0; i < n; i++) {
        const name = r.podName(job, rtype, i);
        if (have.has(name)) continue;
        const pod = podFromTemplate({
          name,
          namespace: job.metadata.namespace ?? '',
          owner: job,
          template: spec.template,
          labels: { ...selector(r, job), ...r.labels(rtype, i, hasMaster) },
          restartPolicy: restartPolicy(r, spec),
          container: (c) => withEnv(c, r.env(job, rtype, i)),
        });
        if (r.kind === 'MXJob') Object.assign(pod.spec ?? {}, { hostname: name, subdomain: name });
        if (await kube.create(core.pods, pod)) pods.push(pod);
      }
      st.startTime ??= now();
    }
    const statuses: Record<string, ReplicaStatus> = {};
    let failedType: string | undefined;
    let failedCount = 0;
    let why: string | undefined;
    for (const rtype of Object.keys(replicaSpecs)) {
      const mine = pods.filter(
        (p) =>
          p.metadata.labels?.['training.kubeflow.org/replica-type'] === rtype.toLowerCase() ||
          p.metadata.labels?.['training.kubeflow.org/job-role'] === rtype.toLowerCase(),
      );
      const s: ReplicaStatus = {
        active: mine.filter((p) => p.status?.phase === 'Running').length,
        succeeded: mine.filter((p) => p.status?.phase === 'Succeeded').length,
        failed: mine.filter((p) => p.status?.phase === 'Failed').length,
      };
      if (rtype === r.master || !hasMaster)
        s.selector = Object.entries({
          ...selector(r, job),
          ...(r.kind === 'MPIJob' ? { 'training.kubeflow.org/job-role': rtype.toLowerCase() } : { 'training.kubeflow.org/replica-type': rtype.toLowerCase() }),
        })
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
      statuses[rtype] = Object.fromEntries(Object.entries(s).filter(([, v]) => v !== 0)) as ReplicaStatus;
      if ((s.failed ?? 0) > 0 && !failedType) {
        failedType = rtype;
        failedCount = s.failed ?? 0;
        why = mine.map(failureMessage).find(Boolean);
      }
    }
    st.replicaStatuses = statuses;
    const masterSpec = replicaSpecs[r.master];
    const masterDone = hasMaster
      ? (statuses[r.master]?.succeeded ?? 0) >= (masterSpec?.replicas ?? 1)
      : Object.entries(replicaSpecs).every(([t, s]) => (statuses[t]?.succeeded ?? 0) >= (s.replicas ?? 1));
    const anyRunning = Object.values(statuses).some((s) => (s.active ?? 0) > 0);
    if (failedType) {
      conds = setJobCondition(conds, 'Failed', 'True', `${r.kind}Failed`, r.messages.failed(job, failedType, failedCount, why));
      st.completionTime ??= now();
    } else if (masterDone) {
      conds = setJobCondition(conds, 'Succeeded', 'True', `${r.kind}Succeeded`, r.messages.succeeded(job));
      st.completionTime ??= now();
    } else if (anyRunning) {
      conds = setJobCondition(conds, 'Running', 'True', `${r.kind}Running`, r.messages.running(job));
    }
    st.conditions = conds;
  }
  if (!sameJson(before, st)) {
    st.lastReconcileTime = now();
    await kube.patchStatus(r.resource, job.metadata.namespace, job.metadata.name, st);
    const last = st.conditions?.at(-1);
    if (last && last.type !== before.conditions?.at(-1)?.type)
      await kube.event(job, last.type === 'Failed' ? 'Warning' : 'Normal', last.reason ?? last.type, last.message ?? '', r.operatorName);
  }
}

function replicaJobReconciler(r: KindRules, name: string): Reconciler {
  return {
    name,
    requires: [r.resource],
    async tick(kube) {
      const [jobs, pods] = await Promise.all([
        kube.list<ReplicaJob>(r.resource),
        kube.list<Pod>(core.pods, { labelSelector: `training.kubeflow.org/operator-name=${r.operatorName}` }),
      ]);
      const byJob = groupByLabel(pods, 'training.kubeflow.org/job-name');
      await reconcileEach(jobs, 8, async (j) => {
        const mine = (byJob.get(`${j.metadata.namespace}/${j.metadata.name}`) ?? []).filter((p) =>
          p.metadata.ownerReferences?.some((o) => o.uid === j.metadata.uid),
        );
        await reconcileJob(kube, r, { ...j, apiVersion: `${r.resource.group}/${r.resource.version}`, kind: r.kind }, mine);
      });
      return jobs.length;
    },
  };
}

/** MXJob (kubeflow.org/v1), as the Training Operator 1.7 ran it. */
export const mxJobReconciler: Reconciler = replicaJobReconciler(mxRules, 'mxjob');

/** MPIJob v2beta1, as the MPI Operator runs it. */
export const mpiJobV2Reconciler: Reconciler = replicaJobReconciler(mpiRules, 'mpijob-v2beta1');
