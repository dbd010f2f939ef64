// SPDX-License-Identifier: Apache-2.0
/**
 * What the KFP driver and launcher do with the pipeline IR, played by the lab: resolving a
 * task's inputs from its DAG (pipeline parameters, constants, upstream outputs, loop items),
 * ParallelFor items, trigger conditions, the pod spec patch (image, command, args, resources,
 * GPUs), cache fingerprints, and the outputs a component "produces": parameters and
 * artifacts whose values are derived deterministically from the component and its inputs.
 */
import { createHash } from 'node:crypto';
import { evalCondition } from './cel.ts';

/** A parameter or artifact definition of a component. */
interface Definitions {
  parameters?: Record<string, { parameterType?: string; defaultValue?: unknown; isOptional?: boolean }>;
  artifacts?: Record<string, { artifactType?: { schemaTitle?: string } }>;
}

/** A component spec (`components.<name>` of the IR). */
export interface ComponentSpec {
  executorLabel?: string;
  dag?: { tasks?: Record<string, TaskSpec>; outputs?: DagOutputs };
  inputDefinitions?: Definitions;
  outputDefinitions?: Definitions;
}

interface DagOutputs {
  parameters?: Record<
    string,
    {
      valueFromParameter?: { producerSubtask: string; outputParameterKey: string };
      valueFromOneof?: { parameterSelectors?: { producerSubtask: string; outputParameterKey: string }[] };
    }
  >;
  artifacts?: Record<string, { artifactSelectors?: { producerSubtask: string; outputArtifactKey: string }[] }>;
}

/** How a task input gets its value. */
interface ParamInput {
  componentInputParameter?: string;
  taskOutputParameter?: { producerTask: string; outputParameterKey: string };
  runtimeValue?: { constant?: unknown };
  taskFinalStatus?: { producerTask: string };
  parameterExpressionSelector?: string;
}

/** A task spec (`dag.tasks.<name>` of the IR). */
export interface TaskSpec {
  taskInfo?: { name?: string };
  componentRef?: { name: string };
  dependentTasks?: string[];
  inputs?: {
    parameters?: Record<string, ParamInput>;
    artifacts?: Record<string, { componentInputArtifact?: string; taskOutputArtifact?: { producerTask: string; outputArtifactKey: string } }>;
  };
  cachingOptions?: { enableCache?: boolean };
  triggerPolicy?: { condition?: string; strategy?: string };
  parameterIterator?: { items?: { raw?: string; inputParameter?: string }; itemInput?: string };
  retryPolicy?: { maxRetryCount?: number };
}

/** A container implementation (`deploymentSpec.executors.<label>.container`). */
export interface ContainerSpec {
  image?: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value: string }[];
  resources?: {
    cpuLimit?: number;
    memoryLimit?: number;
    cpuRequest?: number;
    memoryRequest?: number;
    resourceCpuLimit?: string;
    resourceMemoryLimit?: string;
    resourceCpuRequest?: string;
    resourceMemoryRequest?: string;
    accelerator?: { type?: string; count?: string | number; resourceType?: string; resourceCount?: string };
  };
}

/** An artifact an execution produced. */
export interface ArtifactRef {
  name: string;
  uri: string;
  schemaTitle: string;
  metadata: Record<string, unknown>;
}

/** What a finished execution exposes to its DAG. */
export interface ExecResult {
  params: Record<string, unknown>;
  artifacts: Record<string, ArtifactRef[]>;
}

/** A DAG execution: its inputs and what its tasks produced so far. */
export interface DagExec {
  id: number;
  params: Record<string, unknown>;
  artifacts: Record<string, ArtifactRef[]>;
  /** Results of the DAG's tasks (undefined while a task has not produced them). */
  tasks: { get(task: string): ExecResult | undefined };
  component: ComponentSpec;
}

/** A deterministic number in [0, 1) from a seed. */
export function unit(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) / 2 ** 32;
}

/** Parses a JSON parameter value ("" stays a string). */
export function parseJson<T>(text: string | undefined, what: string): T {
  try {
    return JSON.parse(text ?? '') as T;
  } catch {
    throw new Error(`${what} is not JSON: ${String(text).slice(0, 120)}`);
  }
}

function select(value: unknown, selector: string | undefined): unknown {
  if (!selector) return value;
  // e.g. parseJson(string_value)["lr"]
  const keys = [...selector.matchAll(/\[\s*"([^"]*)"\s*\]|\[\s*(\d+)\s*\]/g)].map((m) => m[1] ?? Number(m[2]));
  let v: unknown = typeof value === 'string' && /parseJson/.test(selector) ? JSON.parse(value) : value;
  for (const k of keys) v = (v as Record<string | number, unknown> | undefined)?.[k as string];
  return v;
}

/** Resolves a task's input parameters and artifacts in its parent DAG. */
export function resolveInputs(task: TaskSpec, dag: DagExec, component: ComponentSpec): ExecResult {
  const params: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(task.inputs?.parameters ?? {})) {
    let v: unknown;
    if (spec.componentInputParameter !== undefined) v = dag.params[spec.componentInputParameter];
    else if (spec.taskOutputParameter) {
      const producer = dag.tasks.get(spec.taskOutputParameter.producerTask);
      v = producer?.params[spec.taskOutputParameter.outputParameterKey];
    } else if (spec.runtimeValue) v = spec.runtimeValue.constant;
    else if (spec.taskFinalStatus) {
      const producer = dag.tasks.get(spec.taskFinalStatus.producerTask);
      v = { state: producer ? 'SUCCEEDED' : 'FAILED', pipelineTaskName: spec.taskFinalStatus.producerTask, pipelineJobResourceName: '', error: {} };
    }
    v = select(v, spec.parameterExpressionSelector);
    if (v !== undefined) params[name] = v;
  }
  for (const [name, def] of Object.entries(component.inputDefinitions?.parameters ?? {})) {
    if (params[name] === undefined && def.defaultValue !== undefined) params[name] = def.defaultValue;
  }
  const artifacts: Record<string, ArtifactRef[]> = {};
  for (const [name, spec] of Object.entries(task.inputs?.artifacts ?? {})) {
    if (spec.componentInputArtifact) artifacts[name] = dag.artifacts[spec.componentInputArtifact] ?? [];
    else if (spec.taskOutputArtifact)
      artifacts[name] = dag.tasks.get(spec.taskOutputArtifact.producerTask)?.artifacts[spec.taskOutputArtifact.outputArtifactKey] ?? [];
  }
  return { params, artifacts };
}

/** Does the task's trigger condition hold for these inputs (true when it has none)? */
export function conditionHolds(task: TaskSpec, inputs: ExecResult): boolean {
  const c = task.triggerPolicy?.condition;
  return !c || evalCondition(c, inputs.params);
}

/** The items a ParallelFor task iterates over. */
export function iteratorItems(task: TaskSpec, dag: DagExec): unknown[] {
  const items = task.parameterIterator?.items;
  let v: unknown = items?.raw !== undefined ? JSON.parse(items.raw) : items?.inputParameter ? dag.params[items.inputParameter] : [];
  if (typeof v === 'string') v = JSON.parse(v);
  if (!Array.isArray(v)) throw new Error(`ParallelFor items are not a list: ${JSON.stringify(v).slice(0, 120)}`);
  return v;
}

/** The outputs of a sub-DAG, collected from its tasks as the DAG spec's `outputs` says. */
export function dagOutputs(dag: DagExec): ExecResult {
  const out: ExecResult = { params: {}, artifacts: {} };
  const spec = dag.component.dag?.outputs;
  for (const [name, p] of Object.entries(spec?.parameters ?? {})) {
    const sels = p.valueFromParameter ? [p.valueFromParameter] : (p.valueFromOneof?.parameterSelectors ?? []);
    for (const s of sels) {
      const v = dag.tasks.get(s.producerSubtask)?.params[s.outputParameterKey];
      if (v !== undefined) {
        out.params[name] = v;
        break;
      }
    }
  }
  for (const [name, a] of Object.entries(spec?.artifacts ?? {})) {
    for (const s of a.artifactSelectors ?? []) {
      const v = dag.tasks.get(s.producerSubtask)?.artifacts[s.outputArtifactKey];
      if (v) {
        out.artifacts[name] = v;
        break;
      }
    }
  }
  return out;
}

/** The Kubernetes resources of a container spec (what the driver puts in the pod spec patch). */
export function containerResources(c: ContainerSpec): { requests?: Record<string, string>; limits?: Record<string, string> } {
  const r = c.resources ?? {};
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  const cpuReq = r.resourceCpuRequest ?? (r.cpuRequest ? String(r.cpuRequest) : undefined);
  const memReq = r.resourceMemoryRequest ?? (r.memoryRequest ? `${r.memoryRequest}G` : undefined);
  const cpuLim = r.resourceCpuLimit ?? (r.cpuLimit ? String(r.cpuLimit) : undefined);
  const memLim = r.resourceMemoryLimit ?? (r.memoryLimit ? `${r.memoryLimit}G` : undefined);
  if (cpuReq) requests.cpu = cpuReq;
  if (memReq) requests.memory = memReq;
  if (cpuLim) limits.cpu = cpuLim;
  if (memLim) limits.memory = memLim;
  const gpuType = r.accelerator?.resourceType ?? r.accelerator?.type;
  const gpuCount = r.accelerator?.resourceCount ?? r.accelerator?.count;
  if (gpuType && gpuCount && Number(gpuCount) > 0) {
    const key = gpuType.includes('/') ? gpuType : 'nvidia.com/gpu';
    limits[key] = String(gpuCount);
    requests[key] = String(gpuCount);
  }
  return { ...(Object.keys(requests).length ? { requests } : {}), ...(Object.keys(limits).length ? { limits } : {}) };
}

/** The cache fingerprint of an execution: component, image, command and resolved inputs. */
export function fingerprint(component: ComponentSpec, container: ContainerSpec, inputs: ExecResult): string {
  const inArtifacts = Object.fromEntries(Object.entries(inputs.artifacts).map(([k, v]) => [k, v.map((a) => a.uri)]));
  return createHash('sha256')
    .update(JSON.stringify({ component, image: container.image, command: container.command, args: container.args, params: inputs.params, inArtifacts }))
    .digest('hex');
}

function outputParam(component: string, name: string, type: string | undefined, seed: string): unknown {
  const u = unit(`${seed}/${name}`);
  switch (type) {
    case 'NUMBER_DOUBLE':
      if (/acc|auc|f1|precision|recall|score/i.test(name)) return Number((0.7 + 0.29 * u).toFixed(4));
      if (/loss|error|rmse|mae/i.test(name)) return Number((0.05 + 0.5 * u).toFixed(4));
      return Number((u * 100).toFixed(4));
    case 'NUMBER_INTEGER':
      return Math.floor(u * 100);
    case 'BOOLEAN':
      return u >= 0.5;
    case 'LIST':
      return [1, 2, 3].map((i) => Number((unit(`${seed}/${name}/${i}`) * 10).toFixed(3)));
    case 'STRUCT':
      return { value: Number(u.toFixed(4)), source: component };
    default:
      if (/flip|coin/i.test(component)) return u < 0.5 ? 'heads' : 'tails';
      return `${component.replace(/^comp-/, '')}-${createHash('sha256').update(seed).digest('hex').slice(0, 8)}`;
  }
}

/** Metric values a component "logs", derived from its inputs. */
export function metricValues(seed: string): Record<string, number> {
  return {
    accuracy: Number((0.8 + 0.19 * unit(`${seed}/accuracy`)).toFixed(4)),
    loss: Number((0.05 + 0.4 * unit(`${seed}/loss`)).toFixed(4)),
    f1: Number((0.75 + 0.2 * unit(`${seed}/f1`)).toFixed(4)),
  };
}

/** The outputs of a container execution (deterministic in component and inputs) and the S3 objects it writes. */
export function executionOutputs(
  componentName: string,
  component: ComponentSpec,
  inputs: ExecResult,
  outputBase: string,
): { result: ExecResult; files: { uri: string; body: string; contentType: string }[] } {
  const seed = `${componentName}/${JSON.stringify(inputs.params)}`;
  const result: ExecResult = { params: {}, artifacts: {} };
  const files: { uri: string; body: string; contentType: string }[] = [];
  for (const [name, def] of Object.entries(component.outputDefinitions?.parameters ?? {})) {
    result.params[name] = outputParam(componentName, name, def.parameterType, seed);
  }
  for (const [name, def] of Object.entries(component.outputDefinitions?.artifacts ?? {})) {
    const schemaTitle = def.artifactType?.schemaTitle ?? 'system.Artifact';
    const uri = `${outputBase}/${name}`;
    let metadata: Record<string, unknown> = {};
    let body: string;
    let contentType = 'application/octet-stream';
    if (schemaTitle === 'system.Metrics') {
      metadata = metricValues(`${seed}/${name}`);
      body = JSON.stringify(metadata, null, 2);
      contentType = 'application/json';
    } else if (schemaTitle === 'system.ClassificationMetrics') {
      const labels = ['setosa', 'versicolor', 'virginica'];
      const rows = labels.map((_, i) =>
        labels.map((__, j) => (i === j ? 40 + Math.floor(unit(`${seed}/${i}`) * 10) : Math.floor(unit(`${seed}/${i}/${j}`) * 5))),
      );
      metadata = {
        confusionMatrix: { annotationSpecs: labels.map((displayName) => ({ displayName })), rows: rows.map((row) => ({ row })) },
        confidenceMetrics: [0, 0.25, 0.5, 0.75, 1].map((t) => ({
          confidenceThreshold: t,
          recall: Number((1 - t * 0.6 * unit(`${seed}/r`)).toFixed(4)),
          falsePositiveRate: Number((0.5 * (1 - t)).toFixed(4)),
        })),
      };
      body = JSON.stringify(metadata, null, 2);
      contentType = 'application/json';
    } else if (schemaTitle === 'system.HTML') {
      body = `<html><body><h1>${componentName}</h1><pre>${JSON.stringify(inputs.params)}</pre></body></html>\n`;
      contentType = 'text/html';
    } else if (schemaTitle === 'system.Markdown') {
      body = `# ${componentName}\n\n${Object.entries(inputs.params)
        .map(([k, v]) => `- ${k}: ${JSON.stringify(v)}`)
        .join('\n')}\n`;
      contentType = 'text/markdown';
    } else if (schemaTitle === 'system.Dataset') {
      body =
        [
          'sepal_length,sepal_width,petal_length,petal_width,species',
          ...Array.from({ length: 20 }, (_, i) => `${(4.5 + unit(`${seed}/${i}`) * 3).toFixed(1)},3.0,1.4,0.2,setosa`),
        ].join('\n') + '\n';
      contentType = 'text/csv';
    } else {
      body = `${schemaTitle} produced by ${componentName}\ninputs: ${JSON.stringify(inputs.params)}\n`;
    }
    result.artifacts[name] = [{ name, uri, schemaTitle, metadata }];
    files.push({ uri, body, contentType });
  }
  return { result, files };
}
