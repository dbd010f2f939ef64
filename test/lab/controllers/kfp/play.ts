// SPDX-License-Identifier: Apache-2.0
/**
 * The lab's Workflow player: one pass over a Workflow the KFP compiler made, as the Argo
 * controller would walk it (DAG templates, `depends`, `when`, `withSequence`, exit hooks,
 * retries, fail-fast, `activeDeadlineSeconds: 0` to terminate) with the KFP drivers' work done
 * inline (steps.ts). Pure: it takes the Workflow and what the cluster shows (its pods) and
 * returns the new `status`, the pods to create or delete and the artifacts to write. Node ids
 * and pod names are Argo's, so the real persistence agent and API server read them as usual.
 */
import {
  evalDepends,
  evalWhen,
  isFinal,
  nodeId,
  resolveArguments,
  templateInputs,
  type DagTask,
  type NodeStatus,
  type Scope,
  type Template,
  type Workflow,
  type WorkflowStatus,
} from './argo.ts';
import type { Execution } from './executions.ts';
import type { ExecResult } from './ir.ts';
import { playContainerDriver, playDagDriver, playExecutorPod, type ObservedPod, type PodPlan } from './steps.ts';

/** What the cluster shows and knows, for one pass. */
export interface Observed {
  /** The workflow's pods by name. */
  pods: Map<string, ObservedPod>;
  /** The outputs of a cached execution with this fingerprint, if there is one. */
  cached: (fingerprint: string) => CachedExecution | undefined;
  now: string;
}

/** A cache entry: what an execution produced and where. */
export interface CachedExecution {
  outputs: ExecResult;
  outputBase: string;
}

/** What one pass decided. */
export interface PlayResult {
  status: WorkflowStatus;
  create: PodPlan[];
  deletePods: string[];
  files: { uri: string; body: string; contentType: string }[];
  cacheEntries: { fingerprint: string; execution: Execution }[];
}

/** The context a template is played in. */
interface Ctx {
  boundaryId: string;
  /** The container execution an executor template runs (from its driver). */
  exec?: Execution;
  /** The retry attempt (Retry node children). */
  attempt?: number;
}

/** The state of one pass (see {@link play}). */
export class Player {
  readonly nodes: Record<string, NodeStatus>;
  readonly execs = new Map<string, Execution>();
  readonly out: PlayResult;
  readonly templates: Map<string, Template>;
  readonly terminating: boolean;
  readonly workflowScope: Record<string, string>;

  constructor(
    readonly wf: Workflow,
    readonly observed: Observed,
  ) {
    this.nodes = structuredClone(wf.status?.nodes ?? {});
    this.templates = new Map((wf.spec.templates ?? []).map((t) => [t.name, t]));
    this.terminating = wf.spec.activeDeadlineSeconds === 0;
    this.out = { status: {}, create: [], deletePods: [], files: [], cacheEntries: [] };
    const ws: Record<string, string> = {
      name: wf.metadata.name,
      namespace: wf.metadata.namespace ?? '',
      uid: wf.metadata.uid ?? '',
      creationTimestamp: wf.metadata.creationTimestamp ?? '',
      serviceAccountName: wf.spec.serviceAccountName ?? '',
    };
    for (const p of wf.spec.arguments?.parameters ?? []) ws[`parameters.${p.name}`] = p.value ?? '';
    for (const [k, v] of Object.entries(wf.metadata.labels ?? {})) ws[`labels.${k}`] = v;
    for (const [k, v] of Object.entries(wf.metadata.annotations ?? {})) ws[`annotations.${k}`] = v;
    this.workflowScope = ws;
  }

  /** Creates or returns the node of this name, with its fixed fields set. */
  node(name: string, fields: Omit<NodeStatus, 'id' | 'name' | 'phase' | 'startedAt'> & { phase?: NodeStatus['phase'] }): NodeStatus {
    const id = nodeId(this.wf.metadata.name, name);
    let n = this.nodes[id];
    if (!n) {
      n = { id, name, phase: 'Pending', startedAt: this.observed.now, ...fields } as NodeStatus;
      this.nodes[id] = n;
    }
    return n;
  }

  /** Sets a node's phase (and finishedAt/message when it ends). */
  finish(n: NodeStatus, phase: NodeStatus['phase'], message?: string): NodeStatus {
    if (n.phase === phase && (message === undefined || n.message === message)) return n;
    n.phase = phase;
    if (message !== undefined) n.message = message;
    if (isFinal(phase)) n.finishedAt ??= this.observed.now;
    return n;
  }

  template(name: string): Template {
    const t = this.templates.get(name);
    if (!t) throw new Error(`template ${name} not found in workflow ${this.wf.metadata.name}`);
    return t;
  }

  /** Plays one template instance; returns its node. */
  playTemplate(nodeName: string, displayName: string, templateName: string, args: Record<string, string>, ctx: Ctx): NodeStatus {
    const t = this.template(templateName);
    const inputs = templateInputs(t, args);
    const base = { displayName, templateName, templateScope: `local/${this.wf.metadata.name}`, boundaryID: ctx.boundaryId };
    // nodes record their small inputs only: KFP's (component and task specs, pod spec patches with
    // the component's source) are kilobytes each, and a 300-task Workflow's status must stay under
    // etcd's request limit (Argo would offload it)
    const params = Object.entries(inputs)
      .filter(([, value]) => value.length <= 256)
      .map(([name, value]) => ({ name, value }));
    const fields = { ...base, type: 'Pod' as const, ...(params.length ? { inputs: { parameters: params } } : {}) };
    if (t.dag) return this.playDag(nodeName, t, inputs, { ...fields, type: 'DAG' }, ctx);
    if (/system-dag-driver$/.test(t.name)) return playDagDriver(this, this.node(nodeName, fields), inputs);
    if (/system-container-driver$/.test(t.name)) return playContainerDriver(this, this.node(nodeName, fields), inputs);
    if (/system-importer$/.test(t.name)) {
      const n = this.node(nodeName, fields);
      return isFinal(n.phase) ? n : this.finish(n, this.terminating ? 'Failed' : 'Succeeded');
    }
    if (!t.container) return this.finish(this.node(nodeName, fields), 'Error', `the lab plays DAG and container templates only; ${t.name} is neither`);
    if (t.retryStrategy && ctx.attempt === undefined) return this.playRetry(nodeName, t, args, { ...base, type: 'Retry' }, ctx);
    return playExecutorPod(this, this.node(nodeName, fields), t, inputs, ctx.exec, ctx.attempt ?? 0);
  }

  /** A template with a retryStrategy: attempts `<name>(0)`, `<name>(1)`, … until one succeeds or the limit is reached. */
  private playRetry(
    nodeName: string,
    t: Template,
    args: Record<string, string>,
    fields: Omit<NodeStatus, 'id' | 'name' | 'phase' | 'startedAt'>,
    ctx: Ctx,
  ): NodeStatus {
    const n = this.node(nodeName, fields);
    if (isFinal(n.phase)) return n;
    const limit = Number(templateInputs(t, args)['retry-max-count'] ?? t.retryStrategy?.limit ?? 0) || Number(t.retryStrategy?.limit ?? 0) || 0;
    n.children = [];
    for (let attempt = 0; attempt <= limit; attempt++) {
      const child = this.playTemplate(`${nodeName}(${attempt})`, `${n.displayName}(${attempt})`, t.name, args, { ...ctx, boundaryId: ctx.boundaryId, attempt });
      n.children.push(child.id);
      if (!isFinal(child.phase)) return this.finish(n, 'Running');
      if (child.phase === 'Succeeded') return this.finish(n, 'Succeeded');
      if (this.terminating) return this.finish(n, child.phase, child.message);
      if (attempt === limit) return this.finish(n, child.phase, `No more retries left; last attempt: ${child.message ?? child.phase}`);
    }
    return n;
  }

  /** A DAG template: tasks in dependency order, fail-fast, exit hooks; the node ends when every task and hook has. */
  private playDag(
    nodeName: string,
    t: Template,
    inputs: Record<string, string>,
    fields: Omit<NodeStatus, 'id' | 'name' | 'phase' | 'startedAt'>,
    ctx: Ctx,
  ): NodeStatus {
    const n = this.node(nodeName, fields);
    const scope: Scope = { inputs, tasks: {}, workflow: this.workflowScope };
    const tasks = t.dag?.tasks ?? [];
    const results = new Map<string, NodeStatus>();
    const roots: string[] = [];
    let failed = false;
    let waiting = false;
    for (let pass = 0, progress = true; progress && pass <= tasks.length; pass++) {
      progress = false;
      for (const task of tasks) {
        if (results.has(task.name) && isFinal(results.get(task.name)?.phase)) continue;
        const before = results.get(task.name)?.phase;
        const child = this.playTask(nodeName, n.id, task, scope, results, failed, ctx);
        if (!child) continue;
        results.set(task.name, child);
        if (!task.depends && !roots.includes(child.id)) roots.push(child.id);
        if (child.phase === 'Failed' || child.phase === 'Error') failed = true;
        if (child.phase !== before) progress = true;
      }
    }
    // children: the tasks without dependencies, then each task's dependents (as Argo links them)
    n.children = roots;
    for (const task of tasks) {
      const child = results.get(task.name);
      if (!child || !task.depends) continue;
      for (const dep of task.depends.match(/[A-Za-z0-9_-]+(?=\.)/g) ?? []) {
        const parent = results.get(dep);
        if (parent && !(parent.children ??= []).includes(child.id)) parent.children.push(child.id);
      }
    }
    for (const task of tasks) {
      const child = results.get(task.name);
      const hookFinal =
        !task.hooks?.exit || !child || !isFinal(child.phase) || isFinal(this.nodes[nodeId(this.wf.metadata.name, `${child.name}.onExit`)]?.phase);
      if ((child && !isFinal(child.phase)) || !hookFinal) waiting = true;
    }
    if (waiting || isFinal(n.phase)) return waiting ? this.finish(n, 'Running') : n;
    const bad = [...results.values()].find((c) => c.phase === 'Failed' || c.phase === 'Error');
    if (bad) return this.finish(n, 'Failed', `child '${bad.id}' failed`);
    if (this.terminating && results.size < tasks.length) return this.finish(n, 'Failed', "Stopped with strategy 'Terminate'");
    return this.finish(n, 'Succeeded');
  }

  /** Plays one DAG task (or decides it is omitted, skipped or not yet due); undefined when it cannot start yet. */
  private playTask(
    dagName: string,
    dagId: string,
    task: DagTask,
    scope: Scope,
    results: Map<string, NodeStatus>,
    failed: boolean,
    ctx: Ctx,
  ): NodeStatus | undefined {
    const name = `${dagName}.${task.name}`;
    const existing = this.nodes[nodeId(this.wf.metadata.name, name)];
    const base = { displayName: task.name, templateName: task.template, templateScope: `local/${this.wf.metadata.name}`, boundaryID: dagId };
    // dependencies first, also when replaying existing nodes, so executions are rebuilt in order
    if (task.depends) {
      const ok = evalDepends(task.depends, (d) => results.get(d)?.phase);
      if (ok === undefined) return undefined;
      if (!ok) return existing ?? this.finish(this.node(name, { ...base, type: 'Skipped' }), 'Omitted', `omitted: depends condition not met`);
    }
    if (!existing && (failed || this.terminating)) return undefined; // fail-fast: nothing new starts
    const args = resolveArguments(task.arguments?.parameters, scope);
    if (task.when && !existing) {
      const when = resolveArguments([{ name: 'when', value: task.when }], scope).when ?? '';
      if (!evalWhen(when)) return this.finish(this.node(name, { ...base, type: 'Skipped' }), 'Skipped', `when '${when}' evaluated false`);
    }
    // the execution whose driver this task consumes; inner tasks of an executor template inherit it
    const own = this.driverExecution(task, dagName);
    const exec = own ?? ctx.exec;
    let child: NodeStatus;
    if (existing?.type === 'Skipped') child = existing;
    else if (task.withSequence) child = this.playSequence(name, task, args, scope, { boundaryId: dagId, exec });
    else child = this.playTemplate(name, task.name, task.template, args, { boundaryId: dagId, exec });
    if (child.phase === 'Succeeded') {
      const outs = child.outputs?.parameters ?? [];
      const unrecorded = this.execs.get(`node:${child.id}`)?.unrecordedOutputs ?? {};
      scope.tasks[task.name] = { ...Object.fromEntries(outs.map((p) => [p.name, p.value])), ...unrecorded };
      if (own) own.done = true;
    }
    if (task.hooks?.exit && isFinal(child.phase) && !this.terminating) {
      const hookArgs = resolveArguments(task.hooks.exit.arguments?.parameters, scope);
      const hook = this.playTemplate(`${name}.onExit`, `${task.name}.onExit`, task.hooks.exit.template, hookArgs, { boundaryId: dagId });
      if (!(child.children ??= []).includes(hook.id)) child.children.push(hook.id);
    }
    return child;
  }

  /** `withSequence`: a TaskGroup node with `<task>(i:i)` children, honouring the parent template's parallelism. */
  private playSequence(name: string, task: DagTask, args: Record<string, string>, scope: Scope, ctx: Ctx): NodeStatus {
    const n = this.node(name, { displayName: task.name, templateName: task.template, type: 'TaskGroup', boundaryID: ctx.boundaryId });
    const count = Number(resolveArguments([{ name: 'c', value: String(task.withSequence?.count ?? 0) }], scope).c);
    if (!Number.isInteger(count) || count < 0) return this.finish(n, 'Error', `withSequence count is not a number: ${task.withSequence?.count}`);
    const dagTemplate = [...this.templates.values()].find((t) => t.dag?.tasks.includes(task));
    const limit = dagTemplate?.parallelism ?? Infinity;
    n.children = [];
    let running = 0;
    let failed = false;
    let done = 0;
    for (let i = 0; i < count; i++) {
      const itemName = `${name}(${i}:${i})`;
      const exists = this.nodes[nodeId(this.wf.metadata.name, itemName)];
      if (!exists && (running >= limit || failed || this.terminating)) continue;
      const itemArgs = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v.replace(/\{\{item\}\}/g, String(i))]));
      const child = this.playTemplate(itemName, `${task.name}(${i}:${i})`, task.template, itemArgs, ctx);
      n.children.push(child.id);
      if (!isFinal(child.phase)) running++;
      else done++;
      if (child.phase === 'Failed' || child.phase === 'Error') failed = true;
    }
    if (done < count && !(this.terminating && running === 0)) return this.finish(n, 'Running');
    const bad = n.children.map((id) => this.nodes[id]).find((c) => c?.phase === 'Failed' || c?.phase === 'Error');
    return bad || done < count ? this.finish(n, 'Failed', bad ? `child '${bad.id}' failed` : 'Stopped') : this.finish(n, 'Succeeded');
  }

  /** The execution of the driver whose outputs a task consumes (`{{tasks.<driver>.outputs.parameters.…}}`). */
  private driverExecution(task: DagTask, dagName: string): Execution | undefined {
    for (const p of task.arguments?.parameters ?? []) {
      const m = /\{\{tasks\.([^.]+)\.outputs\.parameters\.(execution-id|pod-spec-patch)\}\}/.exec(p.value ?? '');
      if (m) return this.execs.get(`node:${nodeId(this.wf.metadata.name, `${dagName}.${m[1]}`)}`);
    }
    return undefined;
  }

  /** Runs the whole pass from the entrypoint. */
  run(): PlayResult {
    const wf = this.wf;
    const entry = wf.spec.entrypoint ?? 'entrypoint';
    const root = this.playTemplate(wf.metadata.name, wf.metadata.name, entry, {}, { boundaryId: '' });
    delete root.boundaryID;
    const pods = Object.values(this.nodes).filter((x) => x.type === 'Pod');
    const status: WorkflowStatus = {
      phase: isFinal(root.phase) ? (root.phase === 'Succeeded' ? 'Succeeded' : root.phase === 'Error' ? 'Error' : 'Failed') : 'Running',
      startedAt: wf.status?.startedAt ?? this.observed.now,
      finishedAt: isFinal(root.phase) ? (wf.status?.finishedAt ?? this.observed.now) : null,
      progress: `${pods.filter((x) => x.phase === 'Succeeded').length}/${pods.length}`,
      nodes: this.nodes,
    };
    if (this.terminating && status.phase !== 'Running') status.message = "Stopped with strategy 'Terminate'";
    else if (status.phase === 'Failed') status.message = root.message ?? 'child failed';
    this.out.status = status;
    return this.out;
  }
}

/** One pass over a Workflow. */
export function play(wf: Workflow, observed: Observed): PlayResult {
  return new Player(wf, observed).run();
}
