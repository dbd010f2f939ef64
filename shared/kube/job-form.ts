// SPDX-License-Identifier: Apache-2.0
/**
 * The new-job form's model, one per training kind, and the two ways between it and a manifest.
 * The form edits what users change most (image, command, replicas, CPU/memory/GPUs, env,
 * volumes, run policy); everything else in a manifest (tolerations, node selectors, a second
 * container…) is kept in `base` and passes through untouched, so a clone or a YAML edit never
 * loses a field the form does not show. Server field paths map back to form fields.
 */
import { findTrainingKind, trainingKinds, type TrainingKind } from './training-kinds';

/** A name/value pair (labels, annotations, env). */
export interface NameValue {
  name: string;
  value: string;
}

/** A volume mounted into the main container. */
export interface VolumeForm {
  /** The pod volume's name. */
  name: string;
  /** A PersistentVolumeClaim or a scratch emptyDir. */
  type: 'pvc' | 'emptyDir';
  /** For `pvc`: the claim's name. */
  claimName: string;
  mountPath: string;
}

/** What one replica type (or TrainJob's trainer) runs. */
export interface ContainerForm {
  image: string;
  /** One argument per item; empty = the image's entrypoint. */
  command: string[];
  args: string[];
  /** CPU request as a quantity (`"4"`, `"500m"`); empty = none. */
  cpu: string;
  /** Memory request as a quantity (`"16Gi"`); empty = none. */
  memory: string;
  /** `nvidia.com/gpu` limit as a quantity (`"2"`); empty = none. */
  gpus: string;
  /** Plain env values (env from secrets/config maps stays in `base`). */
  env: NameValue[];
  volumes: VolumeForm[];
}

/** One replica type of a Training Operator job. */
export interface ReplicaForm extends ContainerForm {
  /** The replica type key (`Master`, `Worker`…). */
  type: string;
  replicas: number;
  /** `Always`, `OnFailure`, `Never`, `ExitCode`, or empty for the operator's default. */
  restartPolicy: string;
  /** Labels of the pod template. */
  podLabels: NameValue[];
  /** Annotations of the pod template. */
  podAnnotations: NameValue[];
}

/** `spec.runPolicy` (TrainJob: only `suspend` and `activeDeadlineSeconds`, at `spec`). */
export interface RunPolicyForm {
  /** `All`, `Running`, `None`, or empty for the default. */
  cleanPodPolicy: string;
  backoffLimit: number | undefined;
  activeDeadlineSeconds: number | undefined;
  ttlSecondsAfterFinished: number | undefined;
  suspend: boolean;
}

/** TrainJob's own fields. */
export interface TrainJobForm extends ContainerForm {
  /** `spec.runtimeRef.name`, e.g. `torch-distributed`. */
  runtimeRef: string;
  /** `ClusterTrainingRuntime` (default) or `TrainingRuntime`. */
  runtimeKind: string;
  numNodes: number | undefined;
}

/** The whole form. */
export interface JobForm {
  kind: { group: string; version: string; resource: string };
  name: string;
  namespace: string;
  labels: NameValue[];
  /** Training Operator kinds: the replica types in use. Empty for TrainJob. */
  replicas: ReplicaForm[];
  runPolicy: RunPolicyForm;
  /** TrainJob only. */
  trainJob: TrainJobForm | undefined;
  /** The manifest the form was made from; fields the form does not show are taken from it. */
  base: Record<string, unknown> | undefined;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
/** A deep copy of JSON data. */
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The catalog entry of a form's kind. */
export function formKind(form: Pick<JobForm, 'kind'>): TrainingKind {
  const k = findTrainingKind(form.kind);
  if (!k) throw new Error(`${form.kind.group}/${form.kind.version}/${form.kind.resource} is not a training kind`);
  return k;
}

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

/**
 * Splits a server or validator field path into segments: `spec.a.Worker.template.spec.containers[0].image`,
 * `.spec.x`, `spec.pytorchReplicaSpecs[Worker].replicas` all work. Keys with dots (`nvidia.com/gpu`)
 * come out split; {@link formFieldOfPath} matches by prefix, so that does not matter there.
 */
export function splitFieldPath(path: string): string[] {
  const out: string[] = [];
  for (const part of path.replace(/^\./, '').split('.')) {
    const m = /^([^[]*)((?:\[[^\]]*\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of (m[2] ?? '').matchAll(/\[([^\]]*)\]/g)) out.push(idx[1] ?? '');
  }
  return out.filter((s) => s !== '');
}

/**
 * The form field a server or schema path belongs to, for showing a problem next to it: `name`,
 * `namespace`, `labels`, `replica.<Type>.<field>` (replicas, restartPolicy, podLabels,
 * podAnnotations, image, command, args, cpu, memory, gpus, env, volumes), `replica.<Type>`,
 * `runPolicy.<field>`, `trainJob.<field>` (runtimeRef, numNodes, image, …); undefined when
 * the form has no field for it (the YAML tab still shows it).
 */
export function formFieldOfPath(form: Pick<JobForm, 'kind'>, path: string): string | undefined {
  const k = formKind(form);
  const s = splitFieldPath(path);
  const at = (i: number) => s[i] ?? '';
  if (at(0) === 'metadata') {
    if (at(1) === 'name' || at(1) === 'generateName') return 'name';
    if (at(1) === 'namespace') return 'namespace';
    if (at(1) === 'labels') return 'labels';
    return undefined;
  }
  if (at(0) !== 'spec') return undefined;
  if (k.replicaSpecsField) {
    if (at(1) === 'runPolicy')
      return at(2) && ['cleanPodPolicy', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'suspend'].includes(at(2))
        ? `runPolicy.${at(2)}`
        : undefined;
    if (at(1) !== k.replicaSpecsField) return undefined;
    const type = at(2);
    if (!type) return 'replicas';
    const r = `replica.${type}`;
    if (at(3) === 'replicas' || at(3) === 'restartPolicy') return `${r}.${at(3)}`;
    if (at(3) !== 'template') return r;
    if (at(4) === 'metadata') return at(5) === 'labels' ? `${r}.podLabels` : at(5) === 'annotations' ? `${r}.podAnnotations` : r;
    if (at(4) === 'spec' && at(5) === 'volumes') return `${r}.volumes`;
    if (at(4) === 'spec' && at(5) === 'containers') return containerField(r, s.slice(7)) ?? r;
    return r;
  }
  if (at(1) === 'runtimeRef') return 'trainJob.runtimeRef';
  if (at(1) === 'suspend') return 'runPolicy.suspend';
  if (at(1) === 'activeDeadlineSeconds') return 'runPolicy.activeDeadlineSeconds';
  if (at(1) === 'trainer') {
    if (at(2) === 'numNodes') return 'trainJob.numNodes';
    if (at(2) === 'resourcesPerNode') return containerField('trainJob', ['resources', ...s.slice(3)]) ?? 'trainJob.resources';
    return containerField('trainJob', s.slice(2)) ?? 'trainJob';
  }
  return undefined;
}

/** The container part of a field, from the segments after `containers[i]`. */
function containerField(prefix: string, rest: string[]): string | undefined {
  const [f, kind, res] = rest;
  if (f === 'image' || f === 'command' || f === 'args' || f === 'env') return `${prefix}.${f}`;
  if (f === 'volumeMounts') return `${prefix}.volumes`;
  if (f === 'resources') {
    if (res === 'cpu') return `${prefix}.cpu`;
    if (res === 'memory') return `${prefix}.memory`;
    if (kind !== undefined && rest.slice(2).join('.').startsWith('nvidia.com/gpu')) return `${prefix}.gpus`;
    return `${prefix}.resources`;
  }
  return undefined;
}

/** Checks the form can be submitted: a name, a namespace, an image per replica type, sane numbers. */
export function formProblems(form: JobForm): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
  if (!form.name.trim()) out.push({ field: 'name', message: 'Give the job a name.' });
  else if (!label.test(form.name.trim()) || form.name.trim().length > 63)
    out.push({ field: 'name', message: 'Use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit.' });
  if (!form.namespace) out.push({ field: 'namespace', message: 'Choose a namespace.' });
  const k = formKind(form);
  if (k.replicaSpecsField) {
    if (form.replicas.length === 0) out.push({ field: 'replicas', message: 'Add at least one replica type.' });
    for (const r of form.replicas) {
      if (!r.image.trim()) out.push({ field: `replica.${r.type}.image`, message: 'The container image is required.' });
      if (!Number.isInteger(r.replicas) || r.replicas < 0)
        out.push({ field: `replica.${r.type}.replicas`, message: 'Replicas must be a whole number, 0 or more.' });
    }
  } else {
    if (!form.trainJob?.runtimeRef.trim()) out.push({ field: 'trainJob.runtimeRef', message: 'Name the training runtime.' });
  }
  return out;
}

const quantityPattern = "'^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$'";

/**
 * A server or schema message as shown under a form field: without the field path the form
 * already shows by position, and with the quantity pattern said in words.
 */
export function problemText(message: string, path: string): string {
  let m = message;
  const clean = path.replace(/^\./, '');
  if (clean) m = m.split(`.${clean} in body `).join('').split(`${clean} in body `).join('');
  m = m.split(`should match ${quantityPattern}`).join('must be a quantity such as 2, 500m or 16Gi');
  return m;
}
