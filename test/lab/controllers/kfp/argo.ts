// SPDX-License-Identifier: Apache-2.0
/**
 * The parts of Argo Workflows (v4.0.5, the version KFP 2.17.0 builds against) the lab's
 * Workflow player needs: the Workflow shape, node ids and pod names exactly as Argo makes
 * them (FNV-32a of the node name), `{{…}}` substitution, and the `depends`/`when`
 * expressions the KFP compiler writes (`a.Succeeded && b.Succeeded`, `true != false`).
 */

/** A template parameter or argument. */
export interface Param {
  name: string;
  value?: string;
  default?: string;
  valueFrom?: unknown;
}

/** One task of a DAG template. */
export interface DagTask {
  name: string;
  template: string;
  arguments?: { parameters?: Param[] };
  depends?: string;
  when?: string;
  withSequence?: { count?: string | number; start?: string | number };
  hooks?: { exit?: { template: string; arguments?: { parameters?: Param[] } } };
}

/** A container as a template holds it. */
export interface TemplateContainer {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: unknown[];
  envFrom?: unknown[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: unknown[];
  [field: string]: unknown;
}

/** A template (DAG or container). */
export interface Template {
  name: string;
  inputs?: { parameters?: Param[] };
  outputs?: { parameters?: Param[] };
  dag?: { tasks: DagTask[] };
  container?: TemplateContainer;
  initContainers?: TemplateContainer[];
  volumes?: unknown[];
  podSpecPatch?: string;
  retryStrategy?: { limit?: string | number; retryPolicy?: string };
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  parallelism?: number;
}

/** A node of `status.nodes`. */
export interface NodeStatus {
  id: string;
  name: string;
  displayName: string;
  type: 'DAG' | 'Pod' | 'TaskGroup' | 'Retry' | 'Skipped';
  templateName?: string;
  templateScope?: string;
  phase: NodePhase;
  boundaryID?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string | null;
  progress?: string;
  children?: string[];
  outboundNodes?: string[];
  hostNodeName?: string;
  podIP?: string;
  inputs?: { parameters?: { name: string; value: string }[] };
  outputs?: { parameters?: { name: string; value: string }[]; exitCode?: string };
}

/** Argo node phases. */
export type NodePhase = 'Pending' | 'Running' | 'Succeeded' | 'Skipped' | 'Failed' | 'Error' | 'Omitted';

/** Is this node done (for dependency purposes)? */
export function isFinal(p: NodePhase | undefined): boolean {
  return p === 'Succeeded' || p === 'Skipped' || p === 'Failed' || p === 'Error' || p === 'Omitted';
}

/** Workflow status as the player writes it. */
export interface WorkflowStatus {
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Error';
  startedAt?: string;
  finishedAt?: string | null;
  progress?: string;
  message?: string;
  nodes?: Record<string, NodeStatus>;
}

/** The Workflow object (the fields the player reads). */
export interface Workflow {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    deletionTimestamp?: string;
  };
  spec: {
    entrypoint?: string;
    templates?: Template[];
    arguments?: { parameters?: Param[] };
    serviceAccountName?: string;
    activeDeadlineSeconds?: number;
    podMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    [field: string]: unknown;
  };
  status?: WorkflowStatus;
}

/** FNV-32a of a string, as Go's hash/fnv computes it. */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `Workflow.NodeID`: the workflow's name for the root node, else `<wf>-<fnv32a(node name)>`. */
export function nodeId(wfName: string, nodeName: string): string {
  return nodeName === wfName ? wfName : `${wfName}-${fnv32a(nodeName)}`;
}

/** `GeneratePodName` (pod name format v2): `<wf>-<template>-<fnv32a(node name)>`, prefix capped at 242 characters. */
export function podName(wfName: string, nodeName: string, templateName: string): string {
  if (wfName === nodeName) return wfName;
  let prefix = templateName ? `${wfName}-${templateName}` : wfName;
  if (prefix.length > 242) prefix = prefix.slice(0, 242);
  return `${prefix}-${fnv32a(nodeName)}`;
}

/** Values `{{…}}` placeholders resolve against. */
export interface Scope {
  /** `inputs.parameters.<name>` */
  inputs: Record<string, string>;
  /** `tasks.<task>.outputs.parameters.<name>` */
  tasks: Record<string, Record<string, string>>;
  /** `workflow.parameters.<name>`, `workflow.name`, `workflow.labels.<k>`, … */
  workflow: Record<string, string>;
}

/** Replaces every `{{path}}` it can resolve; unresolvable placeholders are left as they are. */
export function substitute(text: string, scope: Scope): string {
  return text.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, path: string) => {
    let m = /^inputs\.parameters\.(.+)$/.exec(path);
    if (m) return scope.inputs[m[1] ?? ''] ?? whole;
    m = /^tasks\.([^.]+)\.outputs\.parameters\.(.+)$/.exec(path);
    if (m) return scope.tasks[m[1] ?? '']?.[m[2] ?? ''] ?? whole;
    m = /^workflow\.(.+)$/.exec(path);
    if (m) return scope.workflow[m[1] ?? ''] ?? whole;
    return whole;
  });
}

/** Resolved arguments of a task (or hook): each parameter's value with placeholders substituted. */
export function resolveArguments(params: Param[] | undefined, scope: Scope): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of params ?? []) out[p.name] = substitute(p.value ?? p.default ?? '', scope);
  return out;
}

/** A template's inputs: the given arguments over the template's defaults. */
export function templateInputs(t: Template, args: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of t.inputs?.parameters ?? []) {
    const v = args[p.name] ?? p.value ?? p.default;
    if (v !== undefined) out[p.name] = v;
  }
  return { ...args, ...out };
}

/**
 * Evaluates a `depends` expression the KFP compiler writes: task results joined by `&&`
 * (`a.Succeeded && b.Succeeded`; also accepts `||`, `!`, parentheses and the bare task name,
 * which Argo reads as Succeeded/Skipped/Daemoned). Undefined when a referenced task is not done.
 */
export function evalDepends(expr: string, phaseOf: (task: string) => NodePhase | undefined): boolean | undefined {
  const refs = [...expr.matchAll(/([A-Za-z0-9_-]+)(?:\.(Succeeded|Failed|Errored|Skipped|Omitted|AnySucceeded|AllFailed|Daemoned))?/g)];
  const known = new Map<string, boolean>();
  for (const [whole, task, result] of refs) {
    if (!task || ['true', 'false'].includes(task)) continue;
    const phase = phaseOf(task);
    if (!isFinal(phase)) return undefined;
    const ok =
      result === undefined
        ? phase === 'Succeeded' || phase === 'Skipped'
        : result === 'Errored'
          ? phase === 'Error'
          : result === 'AnySucceeded'
            ? phase === 'Succeeded'
            : result === 'AllFailed'
              ? phase === 'Failed'
              : phase === result;
    known.set(whole, ok);
  }
  const js = expr.replace(/([A-Za-z0-9_-]+(?:\.[A-Za-z]+)?)/g, (w) => (known.has(w) ? String(known.get(w)) : w));
  if (!/^[\s()!&|a-z]*$/.test(js)) throw new Error(`unsupported depends expression: ${expr}`);
  return evalBoolean(js);
}

/** Evaluates `true`/`false` with `!`, `&&`, `||` and parentheses. */
function evalBoolean(s: string): boolean {
  const toks = s.match(/true|false|&&|\|\||!|\(|\)/g) ?? [];
  let i = 0;
  const primary = (): boolean => {
    const t = toks[i++];
    if (t === '!') return !primary();
    if (t === '(') {
      const v = or();
      i++;
      return v;
    }
    return t === 'true';
  };
  const and = (): boolean => {
    let v = primary();
    while (toks[i] === '&&') {
      i++;
      v = primary() && v;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (toks[i] === '||') {
      i++;
      v = and() || v;
    }
    return v;
  };
  return or();
}

/**
 * Evaluates a `when` expression after substitution, as govaluate would for what KFP writes:
 * `<value> != false`, `<value> != true`, `<value> == <value>`. An unresolved or empty left side
 * compares as the empty string.
 */
export function evalWhen(expr: string): boolean {
  const m = /^(.*?)\s*(!=|==)\s*(.*)$/.exec(expr.trim());
  if (!m) return !['false', ''].includes(expr.trim());
  const norm = (v: string) => v.trim().replace(/^['"]|['"]$/g, '');
  const eq = norm(m[1] ?? '') === norm(m[3] ?? '');
  return m[2] === '==' ? eq : !eq;
}
