// SPDX-License-Identifier: Apache-2.0
/**
 * The steps of a KFP Workflow the lab plays itself: the DAG driver and container driver
 * (inputs, conditions, ParallelFor counts, caching, the pod spec patch; no pods, they finish
 * at once) and the executor (a real pod on a KWOK node, with Argo's labels and annotations
 * and the component's image, command, resources and GPUs; it ends as the lab's KWOK stages say).
 *
 * How a step fails (documented in test/lab/README.md): its component's input `fail_at` names
 * the task (`train` fails every attempt, `train#1` only the first), or its image tag is `:fail`.
 * Its pod runs for its input `duration_seconds` (2 s otherwise).
 */
import { fnv32a, isFinal, podName, type NodeStatus, type Template, type TemplateContainer } from './argo.ts';
import { adopt, asDag, type Execution } from './executions.ts';
import {
  conditionHolds,
  containerResources,
  executionOutputs,
  fingerprint,
  iteratorItems,
  parseJson,
  resolveInputs,
  type ComponentSpec,
  type ContainerSpec,
  type ExecResult,
  type TaskSpec,
} from './ir.ts';
import type { Player } from './play.ts';

/** A pod as the player sees it. */
export interface ObservedPod {
  phase?: string;
  message?: string;
  nodeName?: string;
  podIP?: string;
}

/** A pod to create, with the log its containers show. */
export interface PodPlan {
  pod: Record<string, unknown> & {
    metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string>; [field: string]: unknown };
  };
  log: string[];
}

/** Default pipeline root of a KFP install (the `mlpipeline` bucket). */
export const defaultPipelineRoot = 'minio://mlpipeline/v2/artifacts';

/** The image of Argo's `wait`/`init` containers for the Argo version KFP 2.17.0 pins. */
const argoexecImage = 'quay.io/argoproj/argoexec:v4.0.5';

function execId(node: NodeStatus): number {
  return fnv32a(`execution/${node.id}`) % 1_000_000_000;
}

function register(p: Player, node: NodeStatus, e: Execution): void {
  p.execs.set(`node:${node.id}`, e);
  p.execs.set(`id:${e.id}`, e);
}

function setOutputs(p: Player, node: NodeStatus, outputs: Record<string, string>): NodeStatus {
  if (isFinal(node.phase)) return node;
  node.outputs = { parameters: Object.entries(outputs).map(([name, value]) => ({ name, value })) };
  node.hostNodeName = 'kfp-driver';
  return p.finish(node, 'Succeeded');
}

function storedOutput(node: NodeStatus, name: string): string | undefined {
  return node.outputs?.parameters?.find((x) => x.name === name)?.value;
}

function parent(p: Player, inputs: Record<string, string>): Execution | undefined {
  const id = inputs['parent-dag-id'];
  if (!id || id === '0') return undefined; // the root DAG's driver has no parent (the template's default is 0)
  const e = p.execs.get(`id:${id}`);
  if (!e) throw new Error(`parent DAG execution ${id} not found`);
  return e;
}

/** Inputs of an execution in its parent (or of a ParallelFor iteration: the loop's inputs plus the item). */
function executionInputs(task: TaskSpec | undefined, par: Execution | undefined, component: ComponentSpec, iteration: number): ExecResult {
  if (par && iteration >= 0 && par.items) {
    const item = task?.parameterIterator?.itemInput;
    return { params: { ...par.inputs.params, ...(item ? { [item]: par.items[iteration] } : {}) }, artifacts: par.inputs.artifacts };
  }
  if (!task || !par) return { params: {}, artifacts: {} };
  return resolveInputs(task, asDag(par), component);
}

function fail(p: Player, node: NodeStatus, e: unknown): NodeStatus {
  return p.finish(node, 'Error', e instanceof Error ? e.message : String(e));
}

/** `system-dag-driver`: the root DAG (runtime config), a sub-DAG, a ParallelFor loop or one of its iterations. */
export function playDagDriver(p: Player, node: NodeStatus, inputs: Record<string, string>): NodeStatus {
  if (isFinal(node.phase) && node.phase !== 'Succeeded') return node;
  try {
    const component = parseJson<ComponentSpec>(inputs.component, 'component');
    const task = inputs.task ? parseJson<TaskSpec>(inputs.task, 'task') : undefined;
    const iteration = Number(inputs['iteration-index'] ?? -1);
    const par = parent(p, inputs);
    let resolved: ExecResult;
    if (!par) {
      const rc = parseJson<{ parameterValues?: Record<string, unknown>; gcsOutputDirectory?: string }>(inputs['runtime-config'] || '{}', 'runtime-config');
      const params: Record<string, unknown> = {};
      for (const [k, d] of Object.entries(component.inputDefinitions?.parameters ?? {})) if (d.defaultValue !== undefined) params[k] = d.defaultValue;
      Object.assign(params, rc.parameterValues ?? {});
      resolved = { params, artifacts: {} };
      if (rc.gcsOutputDirectory) p.workflowScope['pipeline-root'] = rc.gcsOutputDirectory;
    } else resolved = executionInputs(task, par, component, iteration);
    const e: Execution = {
      id: execId(node),
      kind: 'dag',
      taskName: inputs['task-name'] || task?.taskInfo?.name || 'root',
      parent: par,
      component,
      task,
      inputs: resolved,
      iterationIndex: iteration,
      children: new Map(),
      done: false,
    };
    const outputs: Record<string, string> = { 'execution-id': String(e.id) };
    if (task?.parameterIterator && iteration < 0) {
      e.items = iteratorItems(task, { id: e.id, params: resolved.params, artifacts: {}, tasks: { get: () => undefined }, component });
      outputs['iteration-count'] = String(e.items.length);
    }
    outputs.condition = String(!task || iteration >= 0 ? true : conditionHolds(task, resolved));
    adopt(par, e);
    register(p, node, e);
    return setOutputs(p, node, outputs);
  } catch (err) {
    return fail(p, node, err);
  }
}

/** `system-container-driver`: resolves inputs, decides condition and cache, writes the pod spec patch. */
export function playContainerDriver(p: Player, node: NodeStatus, inputs: Record<string, string>): NodeStatus {
  if (isFinal(node.phase) && node.phase !== 'Succeeded') return node;
  try {
    const component = parseJson<ComponentSpec>(inputs.component, 'component');
    const task = parseJson<TaskSpec>(inputs.task, 'task');
    const container = parseJson<ContainerSpec>(inputs.container, 'container');
    const iteration = Number(inputs['iteration-index'] ?? -1);
    const par = parent(p, inputs);
    const resolved = executionInputs(task, par, component, iteration);
    const componentName = task.componentRef?.name ?? 'component';
    const taskName = inputs['task-name'] || task.taskInfo?.name || componentName;
    const id = execId(node);
    const root = p.workflowScope['pipeline-root'] || defaultPipelineRoot;
    const pipeline = pipelineName(p);
    const runId = p.wf.metadata.labels?.['pipeline/runid'] ?? p.wf.metadata.uid ?? p.wf.metadata.name;
    const outputBase = `${root}/${pipeline}/${runId}/${taskName}/${id}`;
    const fp = fingerprint(component, container, resolved);
    const stored = storedOutput(node, 'cached-decision');
    const hit = task.cachingOptions?.enableCache === true ? p.observed.cached(fp) : undefined;
    const cached = stored !== undefined ? stored === 'true' && hit !== undefined : hit !== undefined;
    // a cache hit reuses the earlier execution's outputs (and their URIs), as the KFP driver does
    const { result, files } = cached && hit ? { result: hit.outputs, files: [] } : executionOutputs(componentName, component, resolved, outputBase);
    const e: Execution = {
      id,
      kind: 'container',
      taskName,
      parent: par,
      component,
      task,
      inputs: resolved,
      iterationIndex: iteration,
      children: new Map(),
      done: false,
      container,
      componentName,
      outputs: result,
      files,
      fingerprint: task.cachingOptions?.enableCache === true ? fp : undefined,
      cached,
      outputBase: cached && hit ? hit.outputBase : outputBase,
    };
    adopt(par, e);
    register(p, node, e);
    const patch = {
      containers: [
        {
          name: 'main',
          image: container.image,
          command: container.command,
          args: container.args,
          env: container.env,
          resources: containerResources(container),
        },
      ],
    };
    e.unrecordedOutputs = { 'pod-spec-patch': JSON.stringify(patch) };
    return setOutputs(p, node, {
      'cached-decision': String(cached),
      condition: String(conditionHolds(task, resolved)),
    });
  } catch (err) {
    return fail(p, node, err);
  }
}

function pipelineName(p: Player): string {
  for (const t of p.templates.values()) {
    const args = t.container?.args ?? [];
    const i = args.indexOf('--pipeline_name');
    if (i >= 0 && args[i + 1]) return args[i + 1] as string;
  }
  return p.wf.metadata.name.replace(/-[a-z0-9]{5}$/, '');
}

/** Does this attempt of the execution fail, and with what message? */
export function failure(e: Execution | undefined, image: string | undefined, attempt: number): string | undefined {
  if (image?.endsWith(':fail')) return `the image ${image} is tagged :fail (the lab's way to fail a step)`;
  const at = e?.inputs.params.fail_at;
  if (typeof at !== 'string' || !at || !e) return undefined;
  const names = [e.taskName, e.task?.taskInfo?.name].filter(Boolean);
  const [task, first] = at.split('#');
  if (!names.includes(task)) return undefined;
  if (first !== undefined && attempt >= Number(first)) return undefined;
  return `RuntimeError: failed at step ${e.taskName} (fail_at=${at}, attempt ${attempt + 1})`;
}

function logLines(e: Execution | undefined, image: string, message: string | undefined, attempt: number): string[] {
  const name = e?.componentName?.replace(/^comp-/, '') ?? 'component';
  const lines = [
    `INFO  kfp-launcher: executing component ${name} (task ${e?.taskName ?? '?'}, execution ${e?.id ?? '?'}, attempt ${attempt + 1})`,
    `INFO  image ${image}`,
    ...Object.entries(e?.inputs.params ?? {}).map(([k, v]) => `INFO  input ${k} = ${JSON.stringify(v)}`),
    ...Object.entries(e?.inputs.artifacts ?? {}).map(([k, v]) => `INFO  input artifact ${k} = ${v.map((a) => a.uri).join(', ')}`),
    ...[25, 50, 75, 100].map((pct) => `INFO  ${name}: ${pct}% done`),
  ];
  if (message) return [...lines.slice(0, -2), 'Traceback (most recent call last):', `  File "/tmp/ephemeral_component.py", line 12, in ${name}`, message];
  return [
    ...lines,
    ...Object.entries(e?.outputs?.params ?? {}).map(([k, v]) => `INFO  output ${k} = ${JSON.stringify(v)}`),
    ...Object.values(e?.outputs?.artifacts ?? {})
      .flat()
      .map(
        (a) => `INFO  uploaded ${a.name} (${a.schemaTitle}) to ${a.uri}${Object.keys(a.metadata).length ? ` ${JSON.stringify(a.metadata).slice(0, 200)}` : ''}`,
      ),
    `INFO  ${name} finished`,
  ];
}

/** The pod Argo makes for an executor node: the template, the driver's pod spec patch, Argo's containers, labels and annotations. */
function executorPod(
  p: Player,
  node: NodeStatus,
  t: Template,
  inputs: Record<string, string>,
  e: Execution | undefined,
  name: string,
  outcome: string | undefined,
): PodPlan['pod'] {
  const patch = inputs['pod-spec-patch'] ? parseJson<{ containers?: TemplateContainer[] }>(inputs['pod-spec-patch'], 'pod-spec-patch') : {};
  const main = { ...(t.container ?? {}), ...(patch.containers?.[0] ?? {}), name: 'main' };
  for (const k of Object.keys(main)) if ((main as Record<string, unknown>)[k] === undefined) delete (main as Record<string, unknown>)[k];
  const wf = p.wf;
  const asked = Number(e?.inputs.params.duration_seconds);
  const duration = Number.isFinite(asked) && asked > 0 ? asked : 2;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: wf.metadata.namespace ?? 'default',
      labels: {
        ...(wf.spec.podMetadata?.labels ?? {}),
        ...(t.metadata?.labels ?? {}),
        'workflows.argoproj.io/workflow': wf.metadata.name,
        'workflows.argoproj.io/completed': 'false',
        'mldeck.dev/sim-outcome': outcome ? 'failed' : 'succeeded',
      },
      annotations: {
        ...(wf.spec.podMetadata?.annotations ?? {}),
        ...(t.metadata?.annotations ?? {}),
        'workflows.argoproj.io/node-id': node.id,
        'workflows.argoproj.io/node-name': node.name,
        'mldeck.dev/sim-duration': `${duration}s`,
        ...(outcome ? { 'mldeck.dev/sim-message': outcome } : {}),
      },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          name: wf.metadata.name,
          uid: wf.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      serviceAccountName: wf.spec.serviceAccountName,
      restartPolicy: 'Never',
      initContainers: [
        { name: 'init', image: argoexecImage, command: ['argoexec', 'init', '--loglevel', 'info'], resources: { requests: { cpu: '10m', memory: '64Mi' } } },
        ...(t.initContainers ?? []),
      ],
      containers: [
        { name: 'wait', image: argoexecImage, command: ['argoexec', 'wait', '--loglevel', 'info'], resources: { requests: { cpu: '10m', memory: '64Mi' } } },
        main,
      ],
      volumes: t.volumes ?? [],
    },
  };
}

/** An executor (`system-container-impl`): its pod, followed to the end; outputs and artifacts when it succeeds. */
export function playExecutorPod(
  p: Player,
  node: NodeStatus,
  t: Template,
  inputs: Record<string, string>,
  e: Execution | undefined,
  attempt: number,
): NodeStatus {
  if (isFinal(node.phase)) return node;
  const name = podName(p.wf.metadata.name, node.name, t.name);
  const pod = p.observed.pods.get(name);
  if (p.terminating) {
    if (pod) p.out.deletePods.push(name);
    return p.finish(node, 'Failed', 'Step exceeded its deadline');
  }
  if (!pod) {
    if (p.out.create.some((c) => c.pod.metadata.name === name)) return node; // planned earlier in this pass
    if (node.progress) return p.finish(node, 'Error', `pod ${name} deleted`);
    const patch = inputs['pod-spec-patch'] ? parseJson<{ containers?: { image?: string }[] }>(inputs['pod-spec-patch'], 'pod-spec-patch') : {};
    const image = patch.containers?.[0]?.image ?? t.container?.image ?? '';
    const outcome = failure(e, image, attempt);
    p.out.create.push({ pod: executorPod(p, node, t, inputs, e, name, outcome), log: logLines(e, image, outcome, attempt) });
    node.progress = '0/1';
    return p.finish(node, 'Pending');
  }
  if (pod.nodeName) node.hostNodeName = pod.nodeName;
  if (pod.podIP) node.podIP = pod.podIP;
  switch (pod.phase) {
    case 'Running':
      return p.finish(node, 'Running');
    case 'Succeeded':
      node.progress = '1/1';
      node.outputs = { exitCode: '0' };
      if (e) {
        p.out.files.push(...(e.files ?? []));
        if (e.fingerprint) p.out.cacheEntries.push({ fingerprint: e.fingerprint, execution: e });
      }
      return p.finish(node, 'Succeeded');
    case 'Failed':
      node.outputs = { exitCode: '1' };
      return p.finish(node, 'Failed', pod.message ?? 'Error (exit code 1)');
    default:
      return p.finish(node, 'Pending', pod.message);
  }
}
