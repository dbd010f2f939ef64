// SPDX-License-Identifier: Apache-2.0
/**
 * The new-notebook-server form and the manifests it stands for, as the Kubeflow Jupyter web app
 * builds them (`crud-web-apps/jupyter/backend/apps/common/form.py`): the Notebook (first
 * container named like it, CPU and memory requests with limits from the limit factor, GPUs as
 * a vendor's limit, the server-type annotation and the group-one/two rewrite annotations,
 * PodDefault selector labels, shm) and a PVC for each new volume. Also back from manifests to
 * the form (the YAML tab), the form's own checks, and where a server's objection belongs.
 */
import { serverTypeAnnotation } from './notebook-summary';

/** Server types (the web app's names). */
export const serverTypes = ['jupyter', 'group-one', 'group-two'] as const;
/** One of {@link serverTypes}. */
export type ServerType = (typeof serverTypes)[number];

/** PVC access modes offered. */
export const accessModes = ['ReadWriteOnce', 'ReadWriteMany', 'ReadOnlyMany'] as const;
/** One of {@link accessModes}. */
export type AccessMode = (typeof accessModes)[number];

/** GPU vendors offered (the web app's defaults). */
export const gpuVendors = [
  { limitsKey: 'nvidia.com/gpu', uiName: 'NVIDIA' },
  { limitsKey: 'amd.com/gpu', uiName: 'AMD' },
] as const;

/** The web app's limit factor for CPU and memory (limit = request × factor). */
export const limitFactor = 1.2;

/** The web app's default images per server type (spawner_ui_config.yaml). */
export const defaultImages: Record<ServerType, string[]> = {
  jupyter: [
    'kubeflownotebookswg/jupyter-scipy:v1.9.0',
    'kubeflownotebookswg/jupyter-pytorch-full:v1.9.0',
    'kubeflownotebookswg/jupyter-pytorch-cuda-full:v1.9.0',
    'kubeflownotebookswg/jupyter-tensorflow-full:v1.9.0',
    'kubeflownotebookswg/jupyter-tensorflow-cuda-full:v1.9.0',
  ],
  'group-one': ['kubeflownotebookswg/codeserver-python:v1.9.0'],
  'group-two': ['kubeflownotebookswg/rstudio-tidyverse:v1.9.0'],
};

const rewriteAnnotation = 'notebooks.kubeflow.org/http-rewrite-uri';
const headersAnnotation = 'notebooks.kubeflow.org/http-headers-request-set';

/** A volume: a new PVC made with the server, or an existing one. */
export interface VolumeForm {
  type: 'new' | 'existing';
  /** The PVC's name. */
  name: string;
  /** New only: size (a quantity, `5Gi`). */
  size: string;
  /** New only: the StorageClass ('' = the cluster's default). */
  storageClass: string;
  /** New only. */
  accessMode: AccessMode;
  mountPath: string;
}

/** A chosen configuration: a PodDefault and the labels its selector matches. */
export interface ConfigurationChoice {
  podDefault: string;
  labels: Record<string, string>;
}

/** The form. */
export interface NotebookForm {
  name: string;
  namespace: string;
  serverType: ServerType;
  image: string;
  /** True when the image was typed rather than picked. */
  customImage: boolean;
  imagePullPolicy: 'IfNotPresent' | 'Always' | 'Never';
  /** CPU request (`0.5`, `2`, `500m`). */
  cpu: string;
  /** '' = request × {@link limitFactor}. */
  cpuLimit: string;
  /** Memory request (`1Gi`). */
  memory: string;
  /** '' = request × {@link limitFactor}. */
  memoryLimit: string;
  /** A limits key of {@link gpuVendors} (or another vendor's). */
  gpuVendor: string;
  /** 0 = none. */
  gpuCount: number;
  /** undefined = no workspace volume (the home folder lives and dies with the pod). */
  workspace: VolumeForm | undefined;
  dataVolumes: VolumeForm[];
  configurations: ConfigurationChoice[];
  /** Mount a memory-backed /dev/shm. */
  shm: boolean;
  /** '' = the namespace's default. */
  serviceAccount: string;
}

/** The manifests the form stands for. */
export interface NotebookManifests {
  notebook: Record<string, unknown>;
  /** PVCs to create first (new volumes). */
  volumes: Record<string, unknown>[];
}

/** The workspace volume's name for a server. */
export function workspaceName(server: string): string {
  return `${server || '{notebook-name}'}-workspace`;
}

/** A fresh form with the web app's defaults. */
export function newNotebookForm(namespace: string, image = defaultImages.jupyter[0] ?? ''): NotebookForm {
  return {
    name: '',
    namespace,
    serverType: 'jupyter',
    image,
    customImage: false,
    imagePullPolicy: 'IfNotPresent',
    cpu: '0.5',
    cpuLimit: '',
    memory: '1Gi',
    memoryLimit: '',
    gpuVendor: '',
    gpuCount: 0,
    workspace: { type: 'new', name: workspaceName(''), size: '5Gi', storageClass: '', accessMode: 'ReadWriteOnce', mountPath: '/home/jovyan' },
    dataVolumes: [],
    configurations: [],
    shm: true,
    serviceAccount: 'default-editor',
  };
}

/** A new data volume for the form's n-th slot (1-based). */
export function newDataVolume(server: string, n: number): VolumeForm {
  const name = `${server || '{notebook-name}'}-datavol-${n}`;
  return { type: 'new', name, size: '5Gi', storageClass: '', accessMode: 'ReadWriteOnce', mountPath: `/home/jovyan/datavol-${n}` };
}

/** Renames the server, carrying the templated volume names (`<old>-workspace` → `<new>-workspace`) along. */
export function renameServer(form: NotebookForm, name: string): NotebookForm {
  const old = form.name || '{notebook-name}';
  const carry = (v: VolumeForm): VolumeForm =>
    v.type === 'new' && v.name.startsWith(`${old}-`) ? { ...v, name: `${name || '{notebook-name}'}-${v.name.slice(old.length + 1)}` } : v;
  return { ...form, name, workspace: form.workspace && carry(form.workspace), dataVolumes: form.dataVolumes.map(carry) };
}

/** `quantity × factor` in the quantity's own unit (`0.5` → `0.6`, `4Gi` → `4.8Gi`, `500m` → `600m`). */
export function scaleQuantity(q: string, factor: number): string {
  const m = /^\s*([0-9]*\.?[0-9]+)\s*([a-zA-Z]*)\s*$/.exec(q);
  if (!m) return q;
  const n = Math.round(Number(m[1]) * factor * 1000) / 1000;
  return `${String(n)}${m[2] ?? ''}`;
}

/** The limits the web app would set. */
export function effectiveLimits(form: NotebookForm): { cpu: string; memory: string } {
  return { cpu: form.cpuLimit.trim() || scaleQuantity(form.cpu, limitFactor), memory: form.memoryLimit.trim() || scaleQuantity(form.memory, limitFactor) };
}

function volumeName(claim: string): string {
  // a pod volume name is a DNS label; a claim name may be longer
  return claim.length <= 63 ? claim : claim.slice(0, 63).replace(/-+$/, '');
}

function pvcOf(v: VolumeForm, namespace: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: v.name, namespace },
    spec: {
      accessModes: [v.accessMode],
      resources: { requests: { storage: v.size } },
      ...(v.storageClass ? { storageClassName: v.storageClass } : {}),
    },
  };
}

/** The Notebook and the PVCs of the new volumes. */
export function formToManifests(form: NotebookForm): NotebookManifests {
  const name = form.name;
  const configLabels: Record<string, string> = Object.assign({}, ...form.configurations.map((c) => c.labels)) as Record<string, string>;
  const annotations: Record<string, string> = { [serverTypeAnnotation]: form.serverType };
  if (form.serverType !== 'jupyter') annotations[rewriteAnnotation] = '/';
  if (form.serverType === 'group-two') annotations[headersAnnotation] = JSON.stringify({ 'X-RStudio-Root-Path': `/notebook/${form.namespace}/${name}/` });
  const limits = effectiveLimits(form);
  const volumes: Record<string, unknown>[] = [];
  const mounts: Record<string, unknown>[] = [];
  const pvcs: Record<string, unknown>[] = [];
  for (const v of [...(form.workspace ? [form.workspace] : []), ...form.dataVolumes]) {
    volumes.push({ name: volumeName(v.name), persistentVolumeClaim: { claimName: v.name } });
    mounts.push({ mountPath: v.mountPath, name: volumeName(v.name) });
    if (v.type === 'new') pvcs.push(pvcOf(v, form.namespace));
  }
  if (form.shm) {
    volumes.push({ name: 'dshm', emptyDir: { medium: 'Memory' } });
    mounts.push({ mountPath: '/dev/shm', name: 'dshm' });
  }
  const container: Record<string, unknown> = {
    name,
    image: form.image,
    imagePullPolicy: form.imagePullPolicy,
    resources: {
      requests: { cpu: form.cpu, memory: form.memory },
      limits: { cpu: limits.cpu, memory: limits.memory, ...(form.gpuCount > 0 && form.gpuVendor ? { [form.gpuVendor]: String(form.gpuCount) } : {}) },
    },
    volumeMounts: mounts,
  };
  const notebook = {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: { name, namespace: form.namespace, labels: { app: name, ...configLabels }, annotations },
    spec: {
      template: {
        ...(Object.keys(configLabels).length ? { metadata: { labels: configLabels } } : {}),
        spec: {
          ...(form.serviceAccount ? { serviceAccountName: form.serviceAccount } : {}),
          containers: [container],
          volumes,
        },
      },
    },
  };
  return { notebook, volumes: pvcs };
}

function rec(o: unknown): Record<string, unknown> {
  return typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>) : {};
}
function arr(o: unknown): unknown[] {
  return Array.isArray(o) ? o : [];
}
function s(o: unknown): string {
  return typeof o === 'string' ? o : typeof o === 'number' ? String(o) : '';
}

/**
 * The form that stands for these manifests, as far as the form can say it (the YAML tab keeps
 * the rest). `podDefaults` tells which template labels are configurations.
 */
export function manifestsToForm(m: NotebookManifests, podDefaults: { name: string; labels: Record<string, string> }[] = []): NotebookForm {
  const nb = m.notebook;
  const meta = rec(nb['metadata']);
  const name = s(meta['name']);
  const namespace = s(meta['namespace']);
  const tpl = rec(rec(nb['spec'])['template']);
  const spec = rec(tpl['spec']);
  const containers = arr(spec['containers']).map(rec);
  const c = containers.find((x) => x['name'] === name) ?? containers[0] ?? {};
  const res = rec(c['resources']);
  const req = rec(res['requests']);
  const lim = rec(res['limits']);
  const vendorKey = Object.keys(lim).find((k) => k.endsWith('/gpu')) ?? '';
  const type = s(rec(meta['annotations'])[serverTypeAnnotation]);
  const mounts = new Map(arr(c['volumeMounts']).map((x) => [s(rec(x)['name']), s(rec(x)['mountPath'])]));
  const pvcs = new Map(m.volumes.map((p) => [s(rec(p['metadata'])['name']), p]));
  const vols: VolumeForm[] = [];
  let shm = false;
  for (const v of arr(spec['volumes']).map(rec)) {
    const mountPath = mounts.get(s(v['name'])) ?? '';
    if (rec(v['emptyDir'])['medium'] === 'Memory' && mountPath === '/dev/shm') {
      shm = true;
      continue;
    }
    const claim = s(rec(v['persistentVolumeClaim'])['claimName']);
    if (!claim) continue;
    const pvc = pvcs.get(claim);
    const pspec = rec(pvc?.['spec']);
    vols.push({
      type: pvc ? 'new' : 'existing',
      name: claim,
      size: s(rec(rec(pspec['resources'])['requests'])['storage']) || '5Gi',
      storageClass: s(pspec['storageClassName']),
      accessMode: (accessModes as readonly string[]).includes(s(arr(pspec['accessModes'])[0]))
        ? (s(arr(pspec['accessModes'])[0]) as AccessMode)
        : 'ReadWriteOnce',
      mountPath,
    });
  }
  const wsIndex = vols.findIndex((v) => v.mountPath === '/home/jovyan');
  const workspace = wsIndex >= 0 ? vols[wsIndex] : undefined;
  const labels = { ...rec(rec(tpl['metadata'])['labels']), ...rec(meta['labels']) } as Record<string, string>;
  const configurations = podDefaults
    .filter((p) => Object.keys(p.labels).length > 0 && Object.entries(p.labels).every(([k, v]) => labels[k] === v))
    .map((p) => ({ podDefault: p.name, labels: p.labels }));
  const pull = s(c['imagePullPolicy']);
  const limits = { cpu: s(lim['cpu']), memory: s(lim['memory']) };
  const cpu = s(req['cpu']) || limits.cpu;
  const memory = s(req['memory']) || limits.memory;
  return {
    name,
    namespace,
    serverType: (serverTypes as readonly string[]).includes(type) ? (type as ServerType) : 'jupyter',
    image: s(c['image']),
    customImage: false,
    imagePullPolicy: pull === 'Always' || pull === 'Never' ? pull : 'IfNotPresent',
    cpu,
    cpuLimit: limits.cpu && limits.cpu !== scaleQuantity(cpu, limitFactor) ? limits.cpu : '',
    memory,
    memoryLimit: limits.memory && limits.memory !== scaleQuantity(memory, limitFactor) ? limits.memory : '',
    gpuVendor: vendorKey,
    gpuCount: vendorKey ? Number(s(lim[vendorKey])) || 0 : 0,
    workspace,
    dataVolumes: vols.filter((_, i) => i !== wsIndex),
    configurations,
    shm,
    serviceAccount: s(spec['serviceAccountName']),
  };
}

/** A form field problems attach to: `name`, `image`, `cpu`, `workspace.size`, `dataVolumes.0.name`, …. */
export type FormField = string;

/** One of the form's own problems. */
export interface FormProblem {
  field: FormField;
  message: string;
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const quantity = /^([0-9]*\.?[0-9]+)([a-zA-Z]*)$/;

/** What the form itself can tell is wrong before asking the cluster. */
export function formProblems(form: NotebookForm): FormProblem[] {
  const out: FormProblem[] = [];
  if (!form.name) out.push({ field: 'name', message: 'A name is required.' });
  else if (!dnsLabel.test(form.name) || form.name.length > 52)
    out.push({ field: 'name', message: 'Lowercase letters, digits and "-", starting and ending with a letter or digit, at most 52 characters.' });
  if (!form.namespace) out.push({ field: 'namespace', message: 'Choose a namespace.' });
  if (!form.image.trim()) out.push({ field: 'image', message: 'An image is required.' });
  else if (/\s/.test(form.image.trim())) out.push({ field: 'image', message: 'An image reference has no spaces.' });
  for (const f of ['cpu', 'memory', 'cpuLimit', 'memoryLimit'] as const) {
    const v = form[f].trim();
    if ((f === 'cpu' || f === 'memory') && !v) out.push({ field: f, message: 'Required.' });
    else if (v && !quantity.test(v))
      out.push({ field: f, message: `"${v}" is not a quantity (e.g. ${f.startsWith('cpu') ? '0.5, 2 or 500m' : '1Gi or 512Mi'}).` });
  }
  if (form.gpuCount > 0 && !form.gpuVendor) out.push({ field: 'gpuVendor', message: 'Choose the GPU vendor.' });
  const vols = [...(form.workspace ? [['workspace', form.workspace] as const] : []), ...form.dataVolumes.map((v, i) => [`dataVolumes.${i}`, v] as const)];
  const names = new Map<string, number>();
  const paths = new Map<string, number>();
  for (const [key, v] of vols) {
    names.set(v.name, (names.get(v.name) ?? 0) + 1);
    paths.set(v.mountPath, (paths.get(v.mountPath) ?? 0) + 1);
    if (!v.name || v.name.includes('{notebook-name}')) out.push({ field: `${key}.name`, message: v.type === 'new' ? 'Name the volume.' : 'Choose a volume.' });
    else if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v.name)) out.push({ field: `${key}.name`, message: 'Lowercase letters, digits, "-" and ".".' });
    if (!v.mountPath.startsWith('/')) out.push({ field: `${key}.mountPath`, message: 'An absolute path, starting with "/".' });
    if (v.type === 'new' && !quantity.test(v.size.trim())) out.push({ field: `${key}.size`, message: 'A size such as 5Gi.' });
  }
  for (const [key, v] of vols) {
    if ((names.get(v.name) ?? 0) > 1) out.push({ field: `${key}.name`, message: 'Two volumes have this name.' });
    if ((paths.get(v.mountPath) ?? 0) > 1 || (form.shm && v.mountPath === '/dev/shm'))
      out.push({ field: `${key}.mountPath`, message: 'Two volumes are mounted here.' });
  }
  return out;
}

/**
 * The form field a server objection belongs to.
 * @param target - `notebook`, or the name of the PVC objected to
 * @param path - the field path as the API server writes it
 */
export function formFieldOf(form: NotebookForm, target: string, path: string): FormField | undefined {
  if (target === 'notebook') {
    if (path === 'metadata.name') return 'name';
    if (path === 'metadata.namespace') return 'namespace';
    if (/containers\[0\]\.image$/.test(path)) return 'image';
    const r = /containers\[0\]\.resources\.(requests|limits)\[?\.?([a-z./]+)\]?/.exec(path);
    if (r) {
      const key = r[2] ?? '';
      if (key.endsWith('/gpu')) return 'gpuCount';
      if (key === 'cpu' || key === 'memory') return r[1] === 'limits' ? `${key}Limit` : key;
    }
    if (path.includes('serviceAccountName')) return 'serviceAccount';
    return undefined;
  }
  const key =
    form.workspace?.name === target
      ? 'workspace'
      : (() => {
          const i = form.dataVolumes.findIndex((v) => v.name === target);
          return i >= 0 ? `dataVolumes.${i}` : undefined;
        })();
  if (!key) return undefined;
  if (path.startsWith('spec.resources')) return `${key}.size`;
  if (path.startsWith('spec.accessModes')) return `${key}.accessMode`;
  if (path.startsWith('spec.storageClassName')) return `${key}.storageClass`;
  return `${key}.name`;
}
