// SPDX-License-Identifier: Apache-2.0
/**
 * The new-experiment form as pure functions: the form is the Experiment's name, namespace and
 * spec (so every problem's field is the manifest path the form shows it at); a fresh form, a
 * clone, and the trial template made from a training job or batch Job ("Tune this job").
 * Parameters reach the template by picking fields: `templateFields` lists the primary
 * container's arguments and environment variables (and "a new argument"), and `wireParameter`
 * writes `${trialParameters.<name>}` there and declares the trial parameter, so nobody types it.
 */
import type { ExperimentSpec, KatibParameter } from './katib-objects';
import { katibGroup, katibVersion } from './katib-objects';

/** The form. */
export interface ExperimentForm {
  name: string;
  namespace: string;
  spec: ExperimentSpec;
}

/** A template field a parameter can be wired to. */
export interface TemplateField {
  /** `arg:<i>` (the i-th argument of the primary container), `env:<NAME>`, or `append`. */
  id: string;
  label: string;
}

/** Where the primary container's arguments live in the template: the path to its containers, or TrainJob's `spec.trainer`. */
type Container = { name?: string; args?: string[]; command?: string[]; env?: { name: string; value?: string }[] };

/** A deep copy of JSON data (shared code has no structuredClone: no DOM or Node types). */
function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The Experiment manifest of a form. */
export function formToManifest(f: ExperimentForm): Record<string, unknown> {
  return { apiVersion: `${katibGroup}/${katibVersion}`, kind: 'Experiment', metadata: { name: f.name, namespace: f.namespace }, spec: f.spec };
}

/** The form of a manifest (unknown fields of the spec are kept as they are). */
export function manifestToForm(m: Record<string, unknown>): ExperimentForm {
  const meta = (m['metadata'] ?? {}) as { name?: unknown; namespace?: unknown };
  return {
    name: typeof meta.name === 'string' ? meta.name : '',
    namespace: typeof meta.namespace === 'string' ? meta.namespace : '',
    spec: (m['spec'] ?? {}) as ExperimentSpec,
  };
}

/** A clone of an experiment: its spec (not its status), a new name. */
export function cloneForm(m: Record<string, unknown>): ExperimentForm {
  const f = manifestToForm(clone(m));
  return { ...f, name: `${f.name}-copy`.slice(0, 63) };
}

/** A fresh form: random search maximising `accuracy`, one parameter, a batch Job template. */
export function newExperimentForm(namespace: string): ExperimentForm {
  return {
    name: '',
    namespace,
    spec: {
      objective: { type: 'maximize', objectiveMetricName: 'accuracy', additionalMetricNames: [] },
      algorithm: { algorithmName: 'random', algorithmSettings: [] },
      parameters: [{ name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.0001', max: '0.1', distribution: 'logUniform' } }],
      parallelTrialCount: 3,
      maxTrialCount: 12,
      maxFailedTrialCount: 3,
      resumePolicy: 'Never',
      metricsCollectorSpec: { collector: { kind: 'StdOut' } },
      trialTemplate: {
        primaryContainerName: 'training-container',
        trialParameters: [],
        trialSpec: {
          apiVersion: 'batch/v1',
          kind: 'Job',
          spec: {
            template: {
              spec: { restartPolicy: 'Never', containers: [{ name: 'training-container', image: '', command: ['python3', 'train.py'], args: [] }] },
            },
          },
        },
      },
    },
  };
}

/** Every container named `primary` in a trial spec (each replica's), or TrainJob's trainer. */
function primaryContainers(trialSpec: Record<string, unknown>, primary: string | undefined): Container[] {
  const out: Container[] = [];
  if (trialSpec['kind'] === 'TrainJob') {
    const spec = (trialSpec['spec'] ??= {}) as Record<string, unknown>;
    out.push((spec['trainer'] ??= {}) as Container);
    return out;
  }
  const walk = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'containers' && Array.isArray(x)) for (const c of x as Container[]) if (!primary || c.name === primary) out.push(c);
      walk(x);
    }
  };
  walk(trialSpec['spec']);
  return out;
}

/** The name a trial parameter gets for a search parameter (letters and digits, as in `${trialParameters.learningRate}`). */
export function trialParameterName(parameter: string): string {
  return parameter.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')) || 'p';
}

/** The fields of the template a parameter can be wired to: the primary container's arguments and env vars, or a new argument. */
export function templateFields(spec: ExperimentSpec): TemplateField[] {
  const tt = spec.trialTemplate;
  const first = tt?.trialSpec ? primaryContainers(clone(tt.trialSpec), tt.primaryContainerName)[0] : undefined;
  if (!first) return [];
  const argsKey = first.args?.length || !first.command?.length ? 'args' : 'command';
  const list = (argsKey === 'args' ? first.args : first.command) ?? [];
  return [
    ...list.map((a, i) => ({ id: `arg:${i}`, label: `${argsKey}[${i}]: ${a}` })),
    ...(first.env ?? []).map((e) => ({ id: `env:${e.name}`, label: `env ${e.name}=${e.value ?? ''}` })),
    { id: 'append', label: `a new argument --<parameter>=…` },
  ];
}

/** The template field a parameter is wired to now (its `${trialParameters.x}` found), if any. */
export function wiredField(spec: ExperimentSpec, parameter: string): string | undefined {
  const tp = spec.trialTemplate?.trialParameters?.find((t) => t.reference === parameter);
  const tt = spec.trialTemplate;
  if (!tp || !tt?.trialSpec) return undefined;
  const mark = `\${trialParameters.${tp.name}}`;
  const c = primaryContainers(clone(tt.trialSpec), tt.primaryContainerName)[0];
  if (!c) return undefined;
  const list = (c.args?.length || !c.command?.length ? c.args : c.command) ?? [];
  const i = list.findIndex((a) => a.includes(mark));
  if (i >= 0) return `arg:${i}`;
  const e = (c.env ?? []).find((x) => x.value?.includes(mark));
  return e ? `env:${e.name}` : undefined;
}

/**
 * Wires a parameter to a field of every primary container: an argument `--flag=value` (or
 * `--flag value`'s value) gets the placeholder as its value, an env var gets it as its value, or a
 * new argument `--<parameter>=${…}` is added; the trial parameter is declared (once).
 */
export function wireParameter(spec: ExperimentSpec, parameter: string, fieldId: string): ExperimentSpec {
  const out = clone(spec);
  const tt = (out.trialTemplate ??= {});
  if (!tt.trialSpec) return out;
  const tps = (tt.trialParameters ??= []);
  let tp = tps.find((t) => t.reference === parameter);
  if (!tp) {
    let name = trialParameterName(parameter);
    while (tps.some((t) => t.name === name)) name += '2';
    tp = { name, reference: parameter };
    tps.push(tp);
  }
  const mark = `\${trialParameters.${tp.name}}`;
  for (const c of primaryContainers(tt.trialSpec, tt.primaryContainerName)) {
    const key = c.args?.length || !c.command?.length ? 'args' : 'command';
    const list = [...((key === 'args' ? c.args : c.command) ?? [])];
    // unwire it elsewhere first: a parameter reaches one field
    for (let i = 0; i < list.length; i++) if ((list[i] as string).includes(mark)) list[i] = (list[i] as string).replace(mark, '');
    for (const e of c.env ?? []) if (e.value?.includes(mark)) e.value = e.value.replace(mark, '');
    if (fieldId === 'append') list.push(`--${parameter}=${mark}`);
    else if (fieldId.startsWith('arg:')) {
      const i = Number(fieldId.slice(4));
      const a = list[i];
      if (a !== undefined) {
        const eq = a.indexOf('=');
        if (a.startsWith('-') && eq > 0) list[i] = `${a.slice(0, eq + 1)}${mark}`;
        else if (a.startsWith('-') && i + 1 < list.length) list[i + 1] = mark;
        else list[i] = mark;
      }
    } else if (fieldId.startsWith('env:')) {
      const e = (c.env ?? []).find((x) => x.name === fieldId.slice(4));
      if (e) e.value = mark;
    }
    if (key === 'args') c.args = list;
    else c.command = list;
  }
  return out;
}

/** The container a training kind reports from, by its replica specs or pod template (first container of the first replica). */
function firstContainerName(trialSpec: Record<string, unknown>): string | undefined {
  if (trialSpec['kind'] === 'TrainJob') return 'node';
  return primaryContainers(clone(trialSpec), undefined)[0]?.name;
}

/**
 * The trial template of a job ("Tune this job"): the job's apiVersion, kind and spec (not its
 * name, status or suspension), its first container as the primary one; parameters are then wired
 * to its arguments by picking them.
 */
export function templateFromJob(job: Record<string, unknown>): NonNullable<ExperimentSpec['trialTemplate']> {
  const spec = clone((job['spec'] ?? {}) as Record<string, unknown>);
  const runPolicy = spec['runPolicy'] as { suspend?: unknown } | undefined;
  if (runPolicy) delete runPolicy.suspend;
  delete spec['suspend'];
  const trialSpec: Record<string, unknown> = { apiVersion: job['apiVersion'], kind: job['kind'], spec };
  return { primaryContainerName: firstContainerName(trialSpec), trialParameters: [], trialSpec };
}

/** A form tuning a job: the job’s template, its namespace, a name after it; parameters are added and wired by the user. */
export function formFromJob(job: Record<string, unknown>): ExperimentForm {
  const meta = (job['metadata'] ?? {}) as { name?: string; namespace?: string };
  const base = newExperimentForm(meta.namespace ?? 'default');
  const spec: ExperimentSpec = { ...base.spec, parameters: [], trialTemplate: templateFromJob(job) };
  return { name: `${meta.name ?? 'job'}-tune`.slice(0, 63), namespace: base.namespace, spec };
}

/** A new parameter of a type, with a feasible space that passes the checks. */
export function newParameter(name: string, type: KatibParameter['parameterType']): KatibParameter {
  if (type === 'categorical' || type === 'discrete')
    return { name, parameterType: type, feasibleSpace: { list: type === 'discrete' ? ['1', '2'] : ['a', 'b'] } };
  return { name, parameterType: type, feasibleSpace: type === 'int' ? { min: '1', max: '10' } : { min: '0.0', max: '1.0' } };
}
