// SPDX-License-Identifier: Apache-2.0
/**
 * The new-job form's model, one per training kind, and the two ways between it and a manifest.
 * The form edits what users change most (image, command, replicas, CPU/memory/GPUs, env,
 * volumes, run policy); everything else in a manifest (tolerations, node selectors, a second
 * container…) is kept in `base` and passes through untouched, so a clone or a YAML edit never
 * loses a field the form does not show. Server field paths map back to form fields.
 */
import { formKind } from './job-form-fields';
import type { ContainerForm, JobForm, NameValue, ReplicaForm, RunPolicyForm, VolumeForm } from './job-form-types';
import { trainingKinds, type TrainingKind } from './training-kinds';

export type { ContainerForm, JobForm, NameValue, ReplicaForm, RunPolicyForm, TrainJobForm, VolumeForm } from './job-form-types';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
/** A deep copy of JSON data. */
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** An empty container part. */
export function emptyContainer(): ContainerForm {
  return { image: '', command: [], args: [], cpu: '', memory: '', gpus: '', env: [], volumes: [] };
}

/** A replica type with one replica and nothing set. */
export function emptyReplica(type: string): ReplicaForm {
  return { type, replicas: 1, restartPolicy: '', podLabels: [], podAnnotations: [], ...emptyContainer() };
}

const defaultTypes: Record<string, string[]> = {
  pytorchjobs: ['Master', 'Worker'],
  tfjobs: ['Worker'],
  mpijobs: ['Launcher', 'Worker'],
  xgboostjobs: ['Master', 'Worker'],
  paddlejobs: ['Master', 'Worker'],
  jaxjobs: ['Worker'],
  mxjobs: ['Scheduler', 'Server', 'Worker'],
};

/** A fresh form for a kind, with the replica types most jobs of that kind use. */
export function newJobForm(kind: { group: string; version: string; resource: string }, namespace: string): JobForm {
  const k = formKind({ kind });
  const form: JobForm = {
    kind: { group: k.group, version: k.version, resource: k.resource },
    name: '',
    namespace,
    labels: [],
    replicas: [],
    runPolicy: { cleanPodPolicy: '', backoffLimit: undefined, activeDeadlineSeconds: undefined, ttlSecondsAfterFinished: undefined, suspend: false },
    trainJob: undefined,
    base: undefined,
  };
  if (k.replicaSpecsField) form.replicas = (defaultTypes[k.resource] ?? [k.replicaTypes[0] ?? 'Worker']).map(emptyReplica);
  else form.trainJob = { runtimeRef: 'torch-distributed', runtimeKind: 'ClusterTrainingRuntime', numNodes: 1, ...emptyContainer() };
  // MXJob requires its mode; training is what the form is for
  if (k.resource === 'mxjobs') form.base = { spec: { jobMode: 'MXTrain' } };
  return form;
}

const toPairs = (m: unknown): NameValue[] => Object.entries(obj(m)).map(([name, value]) => ({ name, value: str(value) }));
const fromPairs = (p: NameValue[]): Record<string, string> => Object.fromEntries(p.filter((x) => x.name.trim() !== '').map((x) => [x.name.trim(), x.value]));

/** Sets `o[key]` to `v`, or removes the key when `v` is empty. */
function put(o: Obj, key: string, v: unknown): void {
  const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0);
  if (empty) delete o[key];
  else o[key] = v;
}

/** Index of the container the form edits: the kind's default container, else the first. */
export function mainContainerIndex(containers: unknown[], defaultName: string): number {
  const i = containers.findIndex((c) => obj(c).name === defaultName);
  return i >= 0 ? i : 0;
}

function readContainer(c: Obj, podVolumes: unknown[]): ContainerForm {
  const res = obj(c.resources);
  const req = obj(res.requests);
  const lim = obj(res.limits);
  const mounts = arr(c.volumeMounts).map(obj);
  const volumes: VolumeForm[] = [];
  for (const v of podVolumes.map(obj)) {
    const mount = mounts.find((m) => m.name === v.name);
    if (!mount) continue;
    if (isObj(v.persistentVolumeClaim))
      volumes.push({ name: str(v.name), type: 'pvc', claimName: str(v.persistentVolumeClaim.claimName), mountPath: str(mount.mountPath) });
    else if (isObj(v.emptyDir)) volumes.push({ name: str(v.name), type: 'emptyDir', claimName: '', mountPath: str(mount.mountPath) });
  }
  return {
    image: str(c.image),
    command: arr(c.command).map(str),
    args: arr(c.args).map(str),
    cpu: str(req.cpu ?? lim.cpu),
    memory: str(req.memory ?? lim.memory),
    gpus: str(lim['nvidia.com/gpu'] ?? req['nvidia.com/gpu']),
    env: arr(c.env)
      .map(obj)
      .filter((e) => e.valueFrom === undefined)
      .map((e) => ({ name: str(e.name), value: str(e.value) })),
    volumes,
  };
}

/** Writes the form's container part onto a container (a copy of the base's), keeping what the form does not show. */
function writeContainer(base: Obj, f: ContainerForm, podVolumes: unknown[]): { container: Obj; volumes: unknown[] } {
  const c: Obj = { ...base };
  put(c, 'image', f.image.trim());
  put(
    c,
    'command',
    f.command.filter((s) => s !== ''),
  );
  put(
    c,
    'args',
    f.args.filter((s) => s !== ''),
  );
  const res = obj(c.resources);
  const req: Obj = { ...obj(res.requests) };
  const lim: Obj = { ...obj(res.limits) };
  put(req, 'cpu', f.cpu.trim());
  if (!f.cpu.trim()) delete lim.cpu;
  put(req, 'memory', f.memory.trim());
  if (!f.memory.trim()) delete lim.memory;
  // extended resources: the limit is what counts; a differing request would be rejected
  delete req['nvidia.com/gpu'];
  put(lim, 'nvidia.com/gpu', f.gpus.trim());
  const resources: Obj = { ...res };
  put(resources, 'requests', req);
  put(resources, 'limits', lim);
  put(c, 'resources', resources);
  const keptEnv = arr(base.env).filter((e) => obj(e).valueFrom !== undefined);
  put(c, 'env', [...f.env.filter((e) => e.name.trim() !== '').map((e) => ({ name: e.name.trim(), value: e.value })), ...keptEnv]);
  // volumes: the form owns PVC and emptyDir volumes mounted in this container; others stay
  const owned = new Set(readContainer(base, podVolumes).volumes.map((v) => v.name));
  const formNames = new Set(f.volumes.map((v) => v.name));
  const volumes = [
    ...podVolumes.filter((v) => !owned.has(str(obj(v).name)) && !formNames.has(str(obj(v).name))),
    ...f.volumes.map((v) => (v.type === 'pvc' ? { name: v.name, persistentVolumeClaim: { claimName: v.claimName } } : { name: v.name, emptyDir: {} })),
  ];
  const mounts = [
    ...arr(base.volumeMounts).filter((m) => !owned.has(str(obj(m).name)) && !formNames.has(str(obj(m).name))),
    ...f.volumes.map((v) => ({ name: v.name, mountPath: v.mountPath })),
  ];
  put(c, 'volumeMounts', mounts);
  return { container: c, volumes };
}

function readRunPolicy(spec: Obj, k: TrainingKind): RunPolicyForm {
  if (!k.replicaSpecsField) {
    return {
      cleanPodPolicy: '',
      backoffLimit: undefined,
      activeDeadlineSeconds: num(spec.activeDeadlineSeconds),
      ttlSecondsAfterFinished: undefined,
      suspend: spec.suspend === true,
    };
  }
  const rp = obj(spec.runPolicy);
  return {
    cleanPodPolicy: str(rp.cleanPodPolicy),
    backoffLimit: num(rp.backoffLimit),
    activeDeadlineSeconds: num(rp.activeDeadlineSeconds),
    ttlSecondsAfterFinished: num(rp.ttlSecondsAfterFinished),
    suspend: rp.suspend === true,
  };
}

/** Fields never copied from an existing object. */
const serverMetadata = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'managedFields',
  'ownerReferences',
  'generation',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'finalizers',
];

/** A name for a copy: `x` → `x-copy`, `x-copy` → `x-copy-2`, `x-copy-2` → `x-copy-3`. */
export function copyName(name: string): string {
  const m = /^(.*-copy)(?:-(\d+))?$/.exec(name);
  const next = m ? `${m[1]}-${Number(m[2] ?? '1') + 1}` : `${name}-copy`;
  if (next.length <= 63) return next;
  const suffix = next.slice(next.lastIndexOf('-copy'));
  return `${name.slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/**
 * The form for a manifest.
 * @param manifest - a job object (from the cluster, a clone source, or YAML the user typed)
 * @param opts.clone - drop what the server owns (status, uid, resourceVersion, times, managed fields, owners) and give a new name
 * @throws Error when the object is not a training kind MLDeck knows
 */
export function manifestToForm(manifest: Record<string, unknown>, opts: { clone?: boolean } = {}): JobForm {
  const [group = '', version = ''] = str(manifest.apiVersion).split('/');
  const k = trainingKinds.find((t) => t.group === group && t.version === version && t.kind === str(manifest.kind));
  if (!k) throw new Error(`${str(manifest.kind) || 'This object'} (${str(manifest.apiVersion)}) is not a training job kind MLDeck knows.`);
  const base: Obj = clone(manifest);
  const meta: Obj = { ...obj(base.metadata) };
  if (opts.clone) {
    delete base.status;
    for (const f of serverMetadata) delete meta[f];
    const annotations = { ...obj(meta.annotations) };
    delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
    put(meta, 'annotations', annotations);
    meta.name = copyName(str(meta.name));
  }
  base.metadata = meta;
  const spec = obj(base.spec);
  const form: JobForm = {
    kind: { group: k.group, version: k.version, resource: k.resource },
    name: str(meta.name),
    namespace: str(meta.namespace),
    labels: toPairs(meta.labels),
    replicas: [],
    runPolicy: readRunPolicy(spec, k),
    trainJob: undefined,
    base,
  };
  if (k.replicaSpecsField) {
    const specs = obj(spec[k.replicaSpecsField]);
    const order = (t: string) => (k.replicaTypes.includes(t) ? k.replicaTypes.indexOf(t) : 99);
    form.replicas = Object.keys(specs)
      .sort((a, b) => order(a) - order(b))
      .map((type) => {
        const rs = obj(specs[type]);
        const tpl = obj(rs.template);
        const podSpec = obj(tpl.spec);
        const containers = arr(podSpec.containers);
        const c = obj(containers[mainContainerIndex(containers, k.defaultContainer)]);
        return {
          type,
          replicas: num(rs.replicas) ?? 1,
          restartPolicy: str(rs.restartPolicy),
          podLabels: toPairs(obj(tpl.metadata).labels),
          podAnnotations: toPairs(obj(tpl.metadata).annotations),
          ...readContainer(c, arr(podSpec.volumes)),
        };
      });
  } else {
    const trainer = obj(spec.trainer);
    const ref = obj(spec.runtimeRef);
    const c = readContainer({ ...trainer, resources: trainer.resourcesPerNode }, []);
    form.trainJob = { ...c, volumes: [], runtimeRef: str(ref.name), runtimeKind: str(ref.kind) || 'ClusterTrainingRuntime', numNodes: num(trainer.numNodes) };
  }
  return form;
}

/**
 * The manifest for a form: the base (if any) with the form's fields written over it.
 * @returns a plain object ready to submit
 */
export function formToManifest(form: JobForm): Record<string, unknown> {
  const k = formKind(form);
  const m: Obj = clone(form.base ?? {});
  m.apiVersion = `${k.group}/${k.version}`;
  m.kind = k.kind;
  const meta: Obj = { ...obj(m.metadata) };
  meta.name = form.name.trim();
  put(meta, 'namespace', form.namespace);
  put(meta, 'labels', fromPairs(form.labels));
  m.metadata = meta;
  const spec: Obj = { ...obj(m.spec) };
  if (k.replicaSpecsField) {
    const oldSpecs = obj(spec[k.replicaSpecsField]);
    const specs: Obj = {};
    for (const r of form.replicas) {
      const rs: Obj = { ...obj(oldSpecs[r.type]) };
      rs.replicas = r.replicas;
      put(rs, 'restartPolicy', r.restartPolicy);
      const tpl: Obj = { ...obj(rs.template) };
      const tplMeta: Obj = { ...obj(tpl.metadata) };
      put(tplMeta, 'labels', fromPairs(r.podLabels));
      put(tplMeta, 'annotations', fromPairs(r.podAnnotations));
      put(tpl, 'metadata', tplMeta);
      const podSpec: Obj = { ...obj(tpl.spec) };
      const containers = [...arr(podSpec.containers)];
      const i = mainContainerIndex(containers, k.defaultContainer);
      const baseContainer: Obj = { name: k.defaultContainer, ...obj(containers[i]) };
      const { container, volumes } = writeContainer(baseContainer, r, arr(podSpec.volumes));
      containers[i] = container;
      podSpec.containers = containers;
      put(podSpec, 'volumes', volumes);
      tpl.spec = podSpec;
      rs.template = tpl;
      specs[r.type] = rs;
    }
    spec[k.replicaSpecsField] = specs;
    const rp: Obj = { ...obj(spec.runPolicy) };
    put(rp, 'cleanPodPolicy', form.runPolicy.cleanPodPolicy);
    put(rp, 'backoffLimit', form.runPolicy.backoffLimit);
    put(rp, 'activeDeadlineSeconds', form.runPolicy.activeDeadlineSeconds);
    put(rp, 'ttlSecondsAfterFinished', form.runPolicy.ttlSecondsAfterFinished);
    if (form.runPolicy.suspend) rp.suspend = true;
    else delete rp.suspend;
    put(spec, 'runPolicy', rp);
  } else {
    const t = form.trainJob ?? { runtimeRef: '', runtimeKind: 'ClusterTrainingRuntime', numNodes: undefined, ...emptyContainer() };
    const ref: Obj = { ...obj(spec.runtimeRef), name: t.runtimeRef.trim() };
    if (t.runtimeKind && t.runtimeKind !== 'ClusterTrainingRuntime') ref.kind = t.runtimeKind;
    else delete ref.kind;
    spec.runtimeRef = ref;
    const oldTrainer = obj(spec.trainer);
    const { container } = writeContainer({ ...oldTrainer, resources: oldTrainer.resourcesPerNode }, { ...t, volumes: [] }, []);
    const trainer: Obj = { ...container };
    put(trainer, 'resourcesPerNode', container.resources);
    delete trainer.resources;
    delete trainer.volumeMounts;
    put(trainer, 'numNodes', t.numNodes);
    put(spec, 'trainer', trainer);
    if (form.runPolicy.suspend) spec.suspend = true;
    else delete spec.suspend;
    put(spec, 'activeDeadlineSeconds', form.runPolicy.activeDeadlineSeconds);
  }
  m.spec = spec;
  return m;
}

export { formFieldOfPath, formKind, formProblems, problemText, splitFieldPath } from './job-form-fields';
