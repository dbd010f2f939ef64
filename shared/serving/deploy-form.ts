// SPDX-License-Identifier: Apache-2.0
/**
 * The deploy form and the InferenceService it stands for: name, namespace, model format (with
 * the runtime and protocol KServe needs for it), storageUri, service account (for S3
 * credentials), resources, GPUs (`nvidia.com/gpu` limits) and replicas, plus the registry model
 * version it came from (recorded in annotations). The form ⇄ manifest mapping keeps fields the
 * form has no input for when the YAML was edited by hand.
 */
import { DnsLabel } from '../kube/names';
import { parseQuantity } from '../kube/quantity';
import { findModelFormat, storageUriProblem } from './model-formats';
import { modelAnnotation, modelVersionAnnotation } from './rollout-history';

/** The InferenceService kind. */
export const isvcKind = { group: 'serving.kserve.io', version: 'v1beta1', resource: 'inferenceservices', kind: 'InferenceService' } as const;

/** What the deploy form holds (every field a string, as typed). */
export interface DeployForm {
  name: string;
  namespace: string;
  format: string;
  /** '' lets KServe pick a runtime that supports the format. */
  runtime: string;
  /** '' for the runtime's default. */
  protocolVersion: '' | 'v1' | 'v2';
  storageUri: string;
  /** '' for the namespace's default service account. */
  serviceAccountName: string;
  cpuRequest: string;
  memoryRequest: string;
  cpuLimit: string;
  memoryLimit: string;
  gpus: string;
  minReplicas: string;
  maxReplicas: string;
  /** The registry model and version deployed, when it came from the registry. */
  modelName: string;
  modelVersion: string;
  /** Parts of the manifest the form has no field for (from hand-edited YAML), kept as they were. */
  rest?: Record<string, unknown>;
}

/** A fresh form. */
export function newDeployForm(namespace: string, init: Partial<DeployForm> = {}): DeployForm {
  const format = init.format ?? 'sklearn';
  return {
    name: '',
    namespace,
    format,
    runtime: findModelFormat(format)?.runtime ?? '',
    protocolVersion: '',
    storageUri: '',
    serviceAccountName: '',
    cpuRequest: '500m',
    memoryRequest: '1Gi',
    cpuLimit: '1',
    memoryLimit: '2Gi',
    gpus: '',
    minReplicas: '1',
    maxReplicas: '',
    modelName: '',
    modelVersion: '',
    ...init,
  };
}

/** Changes the format, and the runtime with it when the runtime was the old format's default. */
export function withFormat(form: DeployForm, format: string): DeployForm {
  const oldDefault = findModelFormat(form.format)?.runtime ?? '';
  const runtime = form.runtime === oldDefault ? (findModelFormat(format)?.runtime ?? '') : form.runtime;
  return { ...form, format, runtime };
}

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}

function s(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** A deep copy of JSON data (the manifest is plain JSON). */
function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function setIf(o: Obj, key: string, v: unknown): void {
  if (v === '' || v === undefined || (typeof v === 'object' && v !== null && Object.keys(v).length === 0)) delete o[key];
  else o[key] = v;
}

function int(v: string): number | string {
  const n = Number(v);
  return v.trim() !== '' && Number.isInteger(n) ? n : v;
}

/** The InferenceService manifest of a form (fields from hand-edited YAML kept). */
export function formToManifest(form: DeployForm): Obj {
  const base = clone(form.rest ?? {});
  const metadata: Obj = { ...obj(base.metadata), name: form.name, namespace: form.namespace };
  const annotations = { ...obj(metadata.annotations) } as Record<string, unknown>;
  setIf(annotations, modelAnnotation, form.modelName.trim());
  setIf(annotations, modelVersionAnnotation, form.modelName.trim() ? form.modelVersion.trim() : '');
  setIf(metadata, 'annotations', annotations);
  const spec = { ...obj(base.spec) };
  const predictor = { ...obj(spec.predictor) };
  const model = { ...obj(predictor.model) };
  model.modelFormat = { ...obj(model.modelFormat), name: form.format };
  setIf(model, 'runtime', form.runtime.trim());
  setIf(model, 'protocolVersion', form.protocolVersion);
  setIf(model, 'storageUri', form.storageUri.trim());
  const resources = obj(model.resources);
  const requests = { ...obj(resources.requests) };
  const limits = { ...obj(resources.limits) };
  setIf(requests, 'cpu', form.cpuRequest.trim());
  setIf(requests, 'memory', form.memoryRequest.trim());
  setIf(limits, 'cpu', form.cpuLimit.trim());
  setIf(limits, 'memory', form.memoryLimit.trim());
  const gpus = form.gpus.trim();
  setIf(limits, 'nvidia.com/gpu', gpus === '' || gpus === '0' ? '' : int(gpus));
  const res = { ...resources };
  setIf(res, 'requests', requests);
  setIf(res, 'limits', limits);
  setIf(model, 'resources', res);
  predictor.model = model;
  setIf(predictor, 'serviceAccountName', form.serviceAccountName.trim());
  setIf(predictor, 'minReplicas', form.minReplicas.trim() === '' ? '' : int(form.minReplicas.trim()));
  setIf(predictor, 'maxReplicas', form.maxReplicas.trim() === '' ? '' : int(form.maxReplicas.trim()));
  spec.predictor = predictor;
  return { ...base, apiVersion: `${isvcKind.group}/${isvcKind.version}`, kind: isvcKind.kind, metadata, spec };
}

/** The form of a manifest (from the YAML tab, or an existing service). */
export function manifestToForm(m: Obj): DeployForm {
  const metadata = obj(m.metadata);
  const annotations = obj(metadata.annotations);
  const predictor = obj(obj(m.spec).predictor);
  const model = obj(predictor.model);
  const resources = obj(model.resources);
  const requests = obj(resources.requests);
  const limits = obj(resources.limits);
  const protocol = s(model.protocolVersion);
  return {
    name: s(metadata.name),
    namespace: s(metadata.namespace),
    format: s(obj(model.modelFormat).name),
    runtime: s(model.runtime),
    protocolVersion: protocol === 'v1' || protocol === 'v2' ? protocol : '',
    storageUri: s(model.storageUri),
    serviceAccountName: s(predictor.serviceAccountName),
    cpuRequest: s(requests.cpu),
    memoryRequest: s(requests.memory),
    cpuLimit: s(limits.cpu),
    memoryLimit: s(limits.memory),
    gpus: s(limits['nvidia.com/gpu']),
    minReplicas: s(predictor.minReplicas),
    maxReplicas: s(predictor.maxReplicas),
    modelName: s(annotations[modelAnnotation]),
    modelVersion: s(annotations[modelVersionAnnotation]),
    rest: clone(m),
  };
}

/** A problem with one form field. */
export interface FormProblem {
  field: keyof DeployForm;
  message: string;
}

/** What must be fixed before the form is sent (the server checks the rest). */
export function deployFormProblems(form: DeployForm, opts: { canary?: boolean } = {}): FormProblem[] {
  const out: FormProblem[] = [];
  if (!opts.canary) {
    if (!form.name) out.push({ field: 'name', message: 'Required.' });
    else if (!DnsLabel.safeParse(form.name).success || !/^[a-z]/.test(form.name))
      out.push({ field: 'name', message: 'A DNS label starting with a letter: a-z, 0-9 and "-", at most 63 characters.' });
    else if (form.name.length > 45) out.push({ field: 'name', message: 'At most 45 characters (KServe adds "-predictor-00001" and more to it).' });
    if (!DnsLabel.safeParse(form.namespace).success) out.push({ field: 'namespace', message: 'Choose a namespace.' });
  }
  if (!form.format.trim()) out.push({ field: 'format', message: 'Choose a model format.' });
  const uri = storageUriProblem(form.storageUri);
  if (uri) out.push({ field: 'storageUri', message: uri });
  for (const f of ['cpuRequest', 'cpuLimit', 'memoryRequest', 'memoryLimit'] as const) {
    const v = form[f].trim();
    if (v && Number.isNaN(parseQuantity(v))) out.push({ field: f, message: `"${v}" is not a quantity (e.g. 500m, 1, 2Gi).` });
  }
  const gpus = form.gpus.trim();
  if (gpus && !(Number.isInteger(Number(gpus)) && Number(gpus) >= 0)) out.push({ field: 'gpus', message: 'A whole number of GPUs.' });
  const min = form.minReplicas.trim();
  const max = form.maxReplicas.trim();
  if (min && !(Number.isInteger(Number(min)) && Number(min) >= 0)) out.push({ field: 'minReplicas', message: 'A whole number, 0 or more.' });
  if (max && !(Number.isInteger(Number(max)) && Number(max) >= 1)) out.push({ field: 'maxReplicas', message: 'A whole number, 1 or more.' });
  if (min && max && Number(max) < Number(min)) out.push({ field: 'maxReplicas', message: 'At least the minimum.' });
  if (form.modelVersion.trim() && !form.modelName.trim()) out.push({ field: 'modelName', message: 'Name the registry model of this version.' });
  return out;
}

/** The form field a server field path belongs to, if the form has one. */
export function formFieldOfPath(path: string): keyof DeployForm | undefined {
  const p = path.replace(/^\./, '');
  const table: [RegExp, keyof DeployForm][] = [
    [/^metadata\.name$/, 'name'],
    [/^metadata\.namespace$/, 'namespace'],
    [/^spec\.predictor\.model\.modelFormat/, 'format'],
    [/^spec\.predictor\.model\.runtime$/, 'runtime'],
    [/^spec\.predictor\.model\.protocolVersion$/, 'protocolVersion'],
    [/^spec\.predictor\.model\.storageUri$/, 'storageUri'],
    [/^spec\.predictor\.serviceAccountName$/, 'serviceAccountName'],
    [/^spec\.predictor\.model\.resources\.requests\.cpu$/, 'cpuRequest'],
    [/^spec\.predictor\.model\.resources\.requests\.memory$/, 'memoryRequest'],
    [/^spec\.predictor\.model\.resources\.limits\.cpu$/, 'cpuLimit'],
    [/^spec\.predictor\.model\.resources\.limits\.memory$/, 'memoryLimit'],
    [/^spec\.predictor\.model\.resources\.limits(\.|\[)nvidia\.com\/gpu/, 'gpus'],
    [/^spec\.predictor\.minReplicas$/, 'minReplicas'],
    [/^spec\.predictor\.maxReplicas$/, 'maxReplicas'],
  ];
  return table.find(([re]) => re.test(p))?.[1];
}

/** The predictor model part a canary or a restore applies. */
export interface PredictorModel {
  format: string;
  runtime?: string;
  protocolVersion?: 'v1' | 'v2';
  storageUri: string;
}
