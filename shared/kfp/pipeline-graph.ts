// SPDX-License-Identifier: Apache-2.0
/**
 * Builds the pipeline graph model (graph-types.ts) from a parsed IR document: walks the root DAG and
 * the DAGs of its control-flow groups, follows every input through the groups' `pipelinechannel--…`
 * plumbing to its logical source, and reads each task's ports from its component and its settings
 * from its executor and the kubernetes platform spec. Sub-pipelines stay one task each.
 */
import type {
  Channel,
  DataEdge,
  Edge,
  GroupKind,
  GroupNode,
  GroupOutput,
  IoKind,
  ItemId,
  PipelineGraph,
  Port,
  Source,
  TaskKind,
  TaskNode,
  TaskSettings,
} from './graph-types';
import { AppError } from '../errors';
import { childId, clone } from './graph-util';
import type { IrComponentSpec, IrDocument, IrExecutorSpec, IrInputArtifactBinding, IrInputParameterBinding, IrTaskSpec, K8sExecutorConfig } from './ir-types';

/** Task fields the model names; the rest go to `extra`. */
const taskFields = new Set([
  'taskInfo',
  'componentRef',
  'inputs',
  'dependentTasks',
  'cachingOptions',
  'triggerPolicy',
  'parameterIterator',
  'artifactIterator',
  'iteratorPolicy',
  'retryPolicy',
]);
const groupNames = /^(condition-branches|condition|for-loop|exit-handler)-\d+$/;

function rest(obj: object, known: Set<string>): Record<string, unknown> | undefined {
  const out = Object.fromEntries(Object.entries(obj).filter(([k]) => !known.has(k)));
  return Object.keys(out).length ? clone(out) : undefined;
}

/** What a DAG task is: a group (by the compiler's names, an iterator or a condition) or a task. */
function groupKind(name: string, task: IrTaskSpec, component: IrComponentSpec | undefined): GroupKind | undefined {
  if (!component?.dag) return undefined;
  if (task.parameterIterator || task.artifactIterator) return 'loop';
  const m = groupNames.exec(name);
  if (m?.[1] === 'condition-branches') return 'condition-branches';
  if (task.triggerPolicy?.condition !== undefined) return 'condition';
  if (m?.[1] === 'exit-handler') return 'exit-handler';
  if (m?.[1] === 'condition') return 'condition';
  return undefined;
}

function taskKind(component: IrComponentSpec | undefined, executor: IrExecutorSpec | undefined): TaskKind {
  if (component?.dag) return 'pipeline';
  if (executor?.importer) return 'importer';
  if (executor?.resolver) return 'resolver';
  if (executor?.customJob) return 'custom-job';
  return 'container';
}

/** The typed ports of a component. */
export function componentPorts(component: IrComponentSpec | undefined): { inputs: Port[]; outputs: Port[] } {
  const inputs: Port[] = [];
  for (const [name, p] of Object.entries(component?.inputDefinitions?.parameters ?? {}))
    inputs.push({
      name,
      io: 'parameter',
      ...(p.parameterType ? { parameterType: p.parameterType } : {}),
      optional: p.isOptional === true || p.defaultValue !== undefined,
      ...(p.defaultValue !== undefined ? { defaultValue: p.defaultValue } : {}),
      ...(p.description ? { description: p.description } : {}),
    });
  for (const [name, a] of Object.entries(component?.inputDefinitions?.artifacts ?? {}))
    inputs.push({
      name,
      io: 'artifact',
      schemaTitle: a.artifactType.schemaTitle ?? 'system.Artifact',
      ...(a.isArtifactList ? { isList: true } : {}),
      optional: a.isOptional === true,
      ...(a.description ? { description: a.description } : {}),
    });
  const outputs: Port[] = [];
  for (const [name, p] of Object.entries(component?.outputDefinitions?.parameters ?? {}))
    outputs.push({
      name,
      io: 'parameter',
      ...(p.parameterType ? { parameterType: p.parameterType } : {}),
      optional: true,
      ...(p.description ? { description: p.description } : {}),
    });
  for (const [name, a] of Object.entries(component?.outputDefinitions?.artifacts ?? {}))
    outputs.push({
      name,
      io: 'artifact',
      schemaTitle: a.artifactType.schemaTitle ?? 'system.Artifact',
      ...(a.isArtifactList ? { isList: true } : {}),
      optional: true,
    });
  return { inputs, outputs };
}

/** A task's settings as its executor and the platform spec hold them. */
export function executorSettings(executor: IrExecutorSpec | undefined, kubernetes: K8sExecutorConfig | undefined): TaskSettings {
  const c = executor?.container;
  const s: TaskSettings = {};
  if (c) {
    s.image = c.image;
    if (c.resources) s.resources = clone(c.resources);
    if (c.env) s.env = clone(c.env);
  }
  if (kubernetes) s.kubernetes = clone(kubernetes);
  return s;
}

interface ScopeValue {
  source: Source;
  selector?: string;
}

/** Builds the graph model of an IR document. */
export function buildGraph(doc: IrDocument): PipelineGraph {
  const { spec, platform } = doc;
  const components = spec.components ?? {};
  const executors = spec.deploymentSpec?.executors ?? {};
  const k8s = platform?.platforms.kubernetes?.deploymentSpec?.executors ?? {};
  const groupComponents = new Set<string>();
  const nodes: TaskNode[] = [];
  const groups: GroupNode[] = [];
  const edges: Edge[] = [];

  /** The logical source of output `key` of task `producer` of a DAG, looking into groups' DAG outputs. */
  const outputSource = (dag: IrComponentSpec, parent: ItemId | null, producer: string, key: string, io: IoKind): Source[] => {
    const task = dag.dag?.tasks[producer];
    const id = childId(parent, producer);
    const component = task ? components[task.componentRef.name] : undefined;
    if (!task || !component || !groupKind(producer, task, component)) return [{ kind: 'output', item: id, key, io }];
    return groupOutputSources(component, id, key, io);
  };
  const groupOutputSources = (component: IrComponentSpec, id: ItemId, key: string, io: IoKind): Source[] => {
    if (io === 'parameter') {
      const out = component.dag?.outputs?.parameters?.[key];
      const selectors = out?.valueFromParameter ? [out.valueFromParameter] : (out?.valueFromOneof?.parameterSelectors ?? []);
      return selectors.flatMap((s) => outputSource(component, id, s.producerSubtask, s.outputParameterKey, io));
    }
    return (component.dag?.outputs?.artifacts?.[key]?.artifactSelectors ?? []).flatMap((s) =>
      outputSource(component, id, s.producerSubtask, s.outputArtifactKey, io),
    );
  };
  const dagOutputs = (component: IrComponentSpec, id: ItemId | null): GroupOutput[] => {
    const out: GroupOutput[] = [];
    for (const [key, o] of Object.entries(component.dag?.outputs?.parameters ?? {}))
      out.push({
        key,
        io: 'parameter',
        spec: clone(component.outputDefinitions?.parameters?.[key] ?? {}),
        from: (o.valueFromParameter ? [o.valueFromParameter] : (o.valueFromOneof?.parameterSelectors ?? [])).flatMap((s) =>
          outputSource(component, id, s.producerSubtask, s.outputParameterKey, 'parameter'),
        ),
        oneOf: o.valueFromOneof !== undefined,
      });
    for (const [key, o] of Object.entries(component.dag?.outputs?.artifacts ?? {}))
      out.push({
        key,
        io: 'artifact',
        spec: clone(component.outputDefinitions?.artifacts?.[key] ?? { artifactType: { schemaTitle: 'system.Artifact' } }),
        from: o.artifactSelectors.flatMap((s) => outputSource(component, id, s.producerSubtask, s.outputArtifactKey, 'artifact')),
        oneOf: false,
      });
    return out;
  };

  /** The source of one input binding of a task in DAG `dag` (id `parent`), or undefined for a constant. */
  const bindingSource = (
    dag: IrComponentSpec,
    parent: ItemId | null,
    scope: Map<string, ScopeValue>,
    b: IrInputParameterBinding & IrInputArtifactBinding,
    io: IoKind,
  ): ScopeValue | undefined => {
    const input = b.componentInputParameter ?? b.componentInputArtifact;
    if (input !== undefined) {
      const v = scope.get(`${io}:${input}`);
      if (!v) throw new AppError('validation', `Not a valid KFP pipeline spec: "${input}" is not an input of the enclosing DAG`, parent ?? 'root');
      return b.parameterExpressionSelector !== undefined ? { source: v.source, selector: b.parameterExpressionSelector } : v;
    }
    const sel = b.parameterExpressionSelector !== undefined ? { selector: b.parameterExpressionSelector } : {};
    if (b.taskOutputParameter) {
      const [source] = outputSource(dag, parent, b.taskOutputParameter.producerTask, b.taskOutputParameter.outputParameterKey, 'parameter');
      return source ? { source, ...sel } : undefined;
    }
    if (b.taskOutputArtifact) {
      const [source] = outputSource(dag, parent, b.taskOutputArtifact.producerTask, b.taskOutputArtifact.outputArtifactKey, 'artifact');
      return source ? { source } : undefined;
    }
    if (b.taskFinalStatus) return { source: { kind: 'final-status', item: childId(parent, b.taskFinalStatus.producerTask) } };
    return undefined;
  };

  const walk = (dag: IrComponentSpec, parent: ItemId | null, scope: Map<string, ScopeValue>): void => {
    for (const [name, task] of Object.entries(dag.dag?.tasks ?? {})) {
      const id = childId(parent, name);
      const component = components[task.componentRef.name];
      const kind = groupKind(name, task, component);
      const producers = new Set<string>();
      for (const b of [...Object.values(task.inputs?.parameters ?? {}), ...Object.values(task.inputs?.artifacts ?? {})]) {
        const p = (b as IrInputParameterBinding).taskOutputParameter?.producerTask ?? (b as IrInputArtifactBinding).taskOutputArtifact?.producerTask;
        if (p !== undefined) producers.add(p);
        const f = (b as IrInputParameterBinding).taskFinalStatus?.producerTask;
        if (f !== undefined) producers.add(f);
      }
      for (const dep of task.dependentTasks ?? [])
        edges.push({ kind: 'dependency', id: `dep:${childId(parent, dep)}->${id}`, from: childId(parent, dep), to: id, explicit: !producers.has(dep) });
      if (kind && component) {
        groupComponents.add(task.componentRef.name);
        const channels: Channel[] = [];
        const inner = new Map<string, ScopeValue>();
        const itemInput = task.parameterIterator?.itemInput ?? task.artifactIterator?.itemInput;
        for (const [io, defs, bindings] of [
          ['parameter', component.inputDefinitions?.parameters ?? {}, task.inputs?.parameters ?? {}],
          ['artifact', component.inputDefinitions?.artifacts ?? {}, task.inputs?.artifacts ?? {}],
        ] as const) {
          for (const [cname, cspec] of Object.entries(defs)) {
            const b = (bindings as Record<string, IrInputParameterBinding & IrInputArtifactBinding>)[cname];
            const v: ScopeValue | undefined =
              cname === itemInput ? { source: { kind: 'loop-item', group: id } } : b ? bindingSource(dag, parent, scope, b, io) : undefined;
            if (!v)
              throw new AppError('validation', `Not a valid KFP pipeline spec: group "${id}" declares input "${cname}" but its task does not pass it`, id);
            channels.push({ name: cname, io, spec: clone(cspec), source: v.source, ...(v.selector !== undefined ? { selector: v.selector } : {}) });
            inner.set(`${io}:${cname}`, v);
          }
        }
        const group: GroupNode = {
          id,
          name,
          parent,
          label: task.taskInfo.name,
          kind,
          component: task.componentRef.name,
          channels,
          outputs: dagOutputs(component, id),
        };
        if (task.triggerPolicy) group.trigger = clone(task.triggerPolicy);
        const pi = task.parameterIterator;
        const ai = task.artifactIterator;
        if (pi || ai) {
          const items = pi?.items.raw !== undefined ? { raw: pi.items.raw } : { channel: pi?.items.inputParameter ?? ai?.items.inputArtifact ?? '' };
          group.iterator = { io: pi ? 'parameter' : 'artifact', itemInput: itemInput ?? '', items };
          if (task.iteratorPolicy?.parallelismLimit !== undefined) group.iterator.parallelism = task.iteratorPolicy.parallelismLimit;
        }
        const extra = rest(task, taskFields);
        if (extra) group.extra = extra;
        const cextra = rest(component, new Set(['inputDefinitions', 'outputDefinitions', 'dag']));
        if (cextra) group.componentExtra = cextra;
        groups.push(group);
        walk(component, id, inner);
        continue;
      }
      const executor = component?.executorLabel ? executors[component.executorLabel] : undefined;
      const { inputs, outputs } = componentPorts(component);
      const node: TaskNode = {
        id,
        name,
        parent,
        label: task.taskInfo.name,
        kind: taskKind(component, executor),
        component: task.componentRef.name,
        inputs,
        outputs,
        constants: {},
        settings: executorSettings(executor, component?.executorLabel ? k8s[component.executorLabel] : undefined),
      };
      if (task.cachingOptions) node.caching = clone(task.cachingOptions);
      if (task.retryPolicy) node.retry = clone(task.retryPolicy);
      if (task.triggerPolicy) node.trigger = clone(task.triggerPolicy);
      const extra = rest(task, taskFields);
      if (extra) node.extra = extra;
      for (const [io, bindings] of [
        ['parameter', task.inputs?.parameters ?? {}],
        ['artifact', task.inputs?.artifacts ?? {}],
      ] as const) {
        for (const [port, b] of Object.entries(bindings as Record<string, IrInputParameterBinding & IrInputArtifactBinding>)) {
          if (b.runtimeValue) {
            node.constants[port] = clone(b.runtimeValue);
            continue;
          }
          const v = bindingSource(dag, parent, scope, b, io);
          if (!v) throw new AppError('validation', `Not a valid KFP pipeline spec: task "${id}" input "${port}" has no source`, id);
          const edge: DataEdge = { kind: 'data', id: `${id}:${port}`, from: v.source, to: { node: id, port }, io };
          if (v.selector !== undefined) edge.selector = v.selector;
          edges.push(edge);
        }
      }
      nodes.push(node);
    }
  };

  const rootScope = new Map<string, ScopeValue>();
  for (const name of Object.keys(spec.root.inputDefinitions?.parameters ?? {})) rootScope.set(`parameter:${name}`, { source: { kind: 'param', name } });
  for (const name of Object.keys(spec.root.inputDefinitions?.artifacts ?? {})) rootScope.set(`artifact:${name}`, { source: { kind: 'root-artifact', name } });
  walk(spec.root, null, rootScope);

  const header = rest(spec, new Set(['pipelineInfo', 'components', 'deploymentSpec', 'root'])) ?? {};
  const graph: PipelineGraph = {
    info: clone(spec.pipelineInfo),
    header,
    params: Object.entries(spec.root.inputDefinitions?.parameters ?? {}).map(([name, p]) => {
      const extra = rest(p, new Set(['parameterType', 'defaultValue', 'isOptional', 'description']));
      return {
        name,
        type: p.parameterType ?? 'STRING',
        ...(p.defaultValue !== undefined ? { defaultValue: clone(p.defaultValue) } : {}),
        ...(p.isOptional !== undefined ? { optional: p.isOptional } : {}),
        ...(p.description !== undefined ? { description: p.description } : {}),
        ...(extra ? { extra } : {}),
      };
    }),
    rootArtifacts: clone(spec.root.inputDefinitions?.artifacts ?? {}),
    outputs: dagOutputs(spec.root, null),
    components: clone(Object.fromEntries(Object.entries(components).filter(([name]) => !groupComponents.has(name)))),
    executors: clone(executors),
    kubernetes: clone(k8s),
    nodes,
    groups,
    edges,
  };
  if (platform) {
    const extra = clone(platform) as unknown as { platforms: { kubernetes?: { deploymentSpec?: { executors?: unknown } } } };
    delete extra.platforms.kubernetes?.deploymentSpec?.executors;
    graph.platformExtra = extra as unknown as Record<string, unknown>;
  }
  return graph;
}
