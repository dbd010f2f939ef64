// SPDX-License-Identifier: Apache-2.0
/**
 * Where a job form's problems are shown: server and schema field paths mapped to the form's
 * fields, the form's own checks before anything is sent, and problem texts in words. Part of the
 * job form module (`job-form.ts` re-exports it).
 */
import type { JobForm } from './job-form-types';
import { findTrainingKind, type TrainingKind } from './training-kinds';

/** The catalog entry of a form's kind. */
export function formKind(form: Pick<JobForm, 'kind'>): TrainingKind {
  const k = findTrainingKind(form.kind);
  if (!k) throw new Error(`${form.kind.group}/${form.kind.version}/${form.kind.resource} is not a training kind`);
  return k;
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
