// SPDX-License-Identifier: Apache-2.0
/**
 * The pipeline graph model back to IR: the `PipelineSpec` (root DAG, one DAG component per group,
 * the tasks' components and executors with their settings) and, when any executor has kubernetes
 * config, the `PlatformSpec`; then YAML text the kfp SDK loads. A model built from a spec exports to
 * the same spec. A task whose settings differ from its executor's other users gets its own copy of
 * the component and executor (`comp-x-2`, `exec-x-2`), as the compiler does.
 */
import { stringify } from 'yaml';
import { AppError } from '../errors';
import { Plumbing, type Binding } from './export-plumbing';
import type { GroupOutput, ItemId, PipelineGraph, TaskNode, TaskSettings } from './graph-types';
import { ancestors, clone } from './graph-util';
import { executorSettings } from './pipeline-graph';
import type {
  IrComponentSpec,
  IrDagOutputs,
  IrDocument,
  IrExecutorSpec,
  IrOutputsSpec,
  IrPlatformSpec,
  IrTaskInputs,
  IrTaskSpec,
  K8sExecutorConfig,
} from './ir-types';

/** JSON with sorted keys, to compare settings whatever order their fields were set in. */
function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

function unique(base: string, taken: (name: string) => boolean): string {
  for (let i = 2; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
}

function withSettings(executor: IrExecutorSpec, s: TaskSettings): IrExecutorSpec {
  const out = clone(executor);
  if (!out.container) return out;
  if (s.image !== undefined) out.container.image = s.image;
  if (s.resources && Object.keys(s.resources).length) out.container.resources = clone(s.resources);
  else delete out.container.resources;
  if (s.env?.length) out.container.env = clone(s.env);
  else delete out.container.env;
  return out;
}

/** The components each task uses, with forks where tasks sharing a component want different settings. */
function resolveExecutors(graph: PipelineGraph) {
  const components = clone(graph.components);
  const executors = clone(graph.executors);
  const kubernetes = clone(graph.kubernetes);
  const componentOf = new Map<ItemId, string>();
  const hidden = new Set<string>();
  for (const c of Object.values(graph.components)) for (const t of Object.values(c.dag?.tasks ?? {})) hidden.add(t.componentRef.name);
  const byComponent = new Map<string, TaskNode[]>();
  for (const n of graph.nodes) byComponent.set(n.component, [...(byComponent.get(n.component) ?? []), n]);
  for (const [name, users] of byComponent) {
    const comp = components[name];
    const label = comp?.executorLabel;
    const executor = label !== undefined ? executors[label] : undefined;
    if (!comp || label === undefined || !executor) {
      for (const n of users) componentOf.set(n.id, n.component);
      continue;
    }
    const baseline = stableJson(executorSettings(graph.executors[label], graph.kubernetes[label]));
    const variants = new Map<string, TaskNode[]>();
    for (const n of users) {
      const key = stableJson(n.settings);
      variants.set(key, [...(variants.get(key) ?? []), n]);
    }
    let originalTaken = variants.has(baseline) || hidden.has(name) || Object.values(components).some((c) => c !== comp && c.executorLabel === label);
    for (const [key, nodes] of variants) {
      const s = nodes[0]?.settings ?? {};
      let target = name;
      if (key !== baseline && !originalTaken) {
        executors[label] = withSettings(executor, s);
        if (s.kubernetes && Object.keys(s.kubernetes).length) kubernetes[label] = clone(s.kubernetes);
        else delete kubernetes[label];
        originalTaken = true;
      } else if (key !== baseline) {
        target = unique(name, (n) => n in components || n in graph.components);
        const execLabel = unique(label, (l) => l in executors);
        components[target] = { ...clone(comp), executorLabel: execLabel };
        executors[execLabel] = withSettings(executor, s);
        if (s.kubernetes && Object.keys(s.kubernetes).length) kubernetes[execLabel] = clone(s.kubernetes);
      }
      for (const n of nodes) componentOf.set(n.id, target);
    }
  }
  return { components, executors, kubernetes, componentOf };
}

function outputsSpec(outputs: GroupOutput[]): IrOutputsSpec | undefined {
  const spec: IrOutputsSpec = {};
  for (const o of outputs) {
    if (o.io === 'parameter') spec.parameters = { ...spec.parameters, [o.key]: clone(o.spec) };
    else spec.artifacts = { ...spec.artifacts, [o.key]: clone(o.spec) as NonNullable<IrOutputsSpec['artifacts']>[string] };
  }
  return Object.keys(spec).length ? spec : undefined;
}

function dagOutputs(plumbing: Plumbing, scope: ItemId | null, outputs: GroupOutput[]): IrDagOutputs | undefined {
  const out: IrDagOutputs = {};
  for (const o of outputs) {
    const sel = o.from.map((s) => plumbing.selector(scope, s));
    if (o.io === 'parameter') {
      const ps = sel.map((x) => ({ outputParameterKey: x.key, producerSubtask: x.producerSubtask }));
      out.parameters = {
        ...out.parameters,
        [o.key]: o.oneOf ? { valueFromOneof: { parameterSelectors: ps } } : { valueFromParameter: ps[0] ?? { outputParameterKey: '', producerSubtask: '' } },
      };
    } else
      out.artifacts = { ...out.artifacts, [o.key]: { artifactSelectors: sel.map((x) => ({ outputArtifactKey: x.key, producerSubtask: x.producerSubtask })) } };
  }
  return Object.keys(out).length ? out : undefined;
}

function put(inputs: IrTaskInputs, io: 'parameter' | 'artifact', port: string, b: Binding): void {
  if (io === 'parameter') inputs.parameters = { ...inputs.parameters, [port]: b };
  else inputs.artifacts = { ...inputs.artifacts, [port]: b };
}

/** The model as an IR document (the pipeline spec and, when needed, the platform spec). */
export function exportIr(model: PipelineGraph): IrDocument {
  // the plumbing may add channels and outputs: work on a copy
  const graph: PipelineGraph = { ...model, groups: clone(model.groups), outputs: clone(model.outputs) };
  const plumbing = new Plumbing(graph);
  const { components, executors, kubernetes, componentOf } = resolveExecutors(graph);
  const depth = (id: ItemId) => ancestors(graph, id).length;
  const tasks = new Map<ItemId, IrTaskSpec>();
  const deps = (id: ItemId): string[] =>
    graph.edges.flatMap((e) =>
      e.kind === 'dependency' && e.to === id ? [(graph.nodes.find((n) => n.id === e.from) ?? graph.groups.find((g) => g.id === e.from))?.name ?? e.from] : [],
    );

  // tasks first (their bindings may add channels to enclosing groups), deepest first
  for (const n of [...graph.nodes].sort((a, b) => depth(b.id) - depth(a.id))) {
    const inputs: IrTaskInputs = {};
    for (const [port, value] of Object.entries(n.constants)) put(inputs, 'parameter', port, { runtimeValue: clone(value) });
    for (const e of graph.edges) {
      if (e.kind !== 'data' || e.to.node !== n.id) continue;
      const b = plumbing.bind(n.parent, e.from, e.io);
      const channel =
        b.componentInputParameter !== undefined && n.parent !== null
          ? graph.groups.find((g) => g.id === n.parent)?.channels.find((c) => c.name === b.componentInputParameter)
          : undefined;
      if (e.selector !== undefined && channel?.selector !== e.selector) b.parameterExpressionSelector = e.selector;
      put(inputs, e.io, e.to.port, b);
    }
    const t: IrTaskSpec = { ...(clone(n.extra) ?? {}), componentRef: { name: componentOf.get(n.id) ?? n.component }, taskInfo: { name: n.label } };
    if (inputs.parameters || inputs.artifacts) t.inputs = inputs;
    const d = deps(n.id);
    if (d.length) t.dependentTasks = d;
    if (n.caching) t.cachingOptions = clone(n.caching);
    if (n.retry) t.retryPolicy = clone(n.retry);
    if (n.trigger) t.triggerPolicy = clone(n.trigger);
    tasks.set(n.id, t);
  }
  const groups = [...graph.groups].sort((a, b) => depth(b.id) - depth(a.id));
  for (const g of groups) {
    const inputs: IrTaskInputs = {};
    for (const c of g.channels) {
      if (c.name === g.iterator?.itemInput) continue;
      const b = plumbing.bind(g.parent, c.source, c.io);
      if (c.selector !== undefined) b.parameterExpressionSelector = c.selector;
      put(inputs, c.io, c.name, b);
    }
    const t: IrTaskSpec = { ...(clone(g.extra) ?? {}), componentRef: { name: g.component }, taskInfo: { name: g.label } };
    if (inputs.parameters || inputs.artifacts) t.inputs = inputs;
    const d = deps(g.id);
    if (d.length) t.dependentTasks = d;
    if (g.trigger) t.triggerPolicy = clone(g.trigger);
    const it = g.iterator;
    if (it) {
      if (it.io === 'parameter')
        t.parameterIterator = { itemInput: it.itemInput, items: 'raw' in it.items ? { raw: it.items.raw } : { inputParameter: it.items.channel } };
      else if ('channel' in it.items) t.artifactIterator = { itemInput: it.itemInput, items: { inputArtifact: it.items.channel } };
      if (it.parallelism !== undefined) t.iteratorPolicy = { parallelismLimit: it.parallelism };
    }
    tasks.set(g.id, t);
  }
  // then the groups' DAG outputs, outermost first (a selector may add an output to an inner group)
  const outputsOf = new Map<ItemId | null, IrDagOutputs | undefined>();
  outputsOf.set(null, dagOutputs(plumbing, null, graph.outputs));
  for (const g of [...groups].reverse()) outputsOf.set(g.id, dagOutputs(plumbing, g.id, g.outputs));

  const dagOf = (scope: ItemId | null): Record<string, IrTaskSpec> => {
    const out: Record<string, IrTaskSpec> = {};
    for (const i of [...graph.nodes, ...graph.groups]) if (i.parent === scope) out[i.name] = tasks.get(i.id) as IrTaskSpec;
    return out;
  };
  for (const g of graph.groups) {
    if (g.component in components) throw new AppError('validation', `The group "${g.id}" and a task use the same component name "${g.component}"`);
    const c: IrComponentSpec = { ...(clone(g.componentExtra) ?? {}), dag: { tasks: dagOf(g.id) } };
    const outs = outputsOf.get(g.id);
    if (outs && c.dag) c.dag.outputs = outs;
    const params = Object.fromEntries(g.channels.filter((x) => x.io === 'parameter').map((x) => [x.name, clone(x.spec)]));
    const artifacts = Object.fromEntries(g.channels.filter((x) => x.io === 'artifact').map((x) => [x.name, clone(x.spec)]));
    if (g.channels.length)
      c.inputDefinitions = {
        ...(Object.keys(params).length ? { parameters: params } : {}),
        ...(Object.keys(artifacts).length ? { artifacts } : {}),
      } as IrComponentSpec['inputDefinitions'];
    const od = outputsSpec(g.outputs);
    if (od) c.outputDefinitions = od;
    components[g.component] = c;
  }
  const root: IrComponentSpec = { dag: { tasks: dagOf(null) } };
  const rootOuts = outputsOf.get(null);
  if (rootOuts && root.dag) root.dag.outputs = rootOuts;
  const params = Object.fromEntries(
    graph.params.map((p) => [
      p.name,
      {
        ...(clone(p.extra) ?? {}),
        parameterType: p.type,
        ...(p.defaultValue !== undefined ? { defaultValue: clone(p.defaultValue) } : {}),
        ...(p.optional !== undefined ? { isOptional: p.optional } : {}),
        ...(p.description !== undefined ? { description: p.description } : {}),
      },
    ]),
  );
  if (graph.params.length || Object.keys(graph.rootArtifacts).length)
    root.inputDefinitions = {
      ...(graph.params.length ? { parameters: params } : {}),
      ...(Object.keys(graph.rootArtifacts).length ? { artifacts: clone(graph.rootArtifacts) } : {}),
    };
  const rootOd = outputsSpec(graph.outputs);
  if (rootOd) root.outputDefinitions = rootOd;

  const spec = { ...clone(graph.header), pipelineInfo: clone(graph.info), components, deploymentSpec: { executors }, root } as IrDocument['spec'];
  const doc: IrDocument = { spec };
  const used = Object.fromEntries(Object.entries(kubernetes).filter(([, v]) => Object.keys(v).length)) as Record<string, K8sExecutorConfig>;
  if (graph.platformExtra || Object.keys(used).length) {
    const platform = (clone(graph.platformExtra) ?? { platforms: {} }) as unknown as IrPlatformSpec;
    if (Object.keys(used).length) {
      const k = platform.platforms.kubernetes ?? {};
      k.deploymentSpec = { ...k.deploymentSpec, executors: used };
      platform.platforms.kubernetes = k;
    }
    doc.platform = platform;
  }
  return doc;
}

/** The header comment the kfp compiler writes (the lab's seed reads its `Description:` line). */
function headerComment(graph: PipelineGraph): string {
  const lines = ['# PIPELINE DEFINITION', `# Name: ${graph.info.name}`];
  if (graph.info.description) lines.push(`# Description: ${graph.info.description.replace(/\n/g, ' ')}`);
  if (graph.params.length) {
    lines.push('# Inputs:');
    for (const p of graph.params) lines.push(`#    ${p.name}: ${p.type}${p.defaultValue !== undefined ? ` [Default: ${JSON.stringify(p.defaultValue)}]` : ''}`);
  }
  return lines.join('\n') + '\n';
}

/** The model as IR YAML text: the pipeline spec, then `---` and the platform spec when there is one. */
export function exportIrYaml(graph: PipelineGraph): string {
  const doc = exportIr(graph);
  const opts = { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false } as const;
  let text = headerComment(graph) + stringify(doc.spec, opts);
  if (doc.platform) text += '---\n' + stringify(doc.platform, opts);
  return text;
}
