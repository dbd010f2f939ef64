// SPDX-License-Identifier: Apache-2.0
/**
 * Read-only views of the pipeline graph for a canvas or a task drawer: a condition's text in the
 * user's names (`fit.Output > threshold`) and which branch it is (If / Elif / Else), a loop's items,
 * a task's resources as requests and limits, its Secrets, PVCs, node selector and tolerations, and
 * the inside of a sub-pipeline task as a graph of its own (for a run graph that expands it).
 */
import { AppError } from '../errors';
import type { GroupNode, ItemId, PipelineGraph, TaskSettings } from './graph-types';
import { findGroup, findNode, sourceText } from './graph-util';
import type { K8sNameParameter } from './ir-types';
import { buildGraph } from './pipeline-graph';

const channelRef = /inputs\.parameter_values\['([^']+)'\]/g;

/** A condition's CEL text with each `inputs.parameter_values['pipelinechannel--…']` as the value's name. */
export function conditionText(graph: PipelineGraph, group: GroupNode): string | undefined {
  const text = group.trigger?.condition;
  if (text === undefined) return undefined;
  return text.replace(channelRef, (whole, name: string) => {
    const c = group.channels.find((x) => x.name === name);
    return c ? sourceText(graph, c.source) : whole;
  });
}

/** Which branch of an If / Elif / Else chain a condition group is (a lone dsl.If is `if`). */
export function branchKind(graph: PipelineGraph, group: GroupNode): 'if' | 'elif' | 'else' | undefined {
  if (group.kind !== 'condition') return undefined;
  const parent = group.parent === null ? undefined : findGroup(graph, group.parent);
  if (parent?.kind !== 'condition-branches') return 'if';
  const siblings = graph.groups.filter((g) => g.parent === parent.id && g.kind === 'condition');
  if (siblings[0]?.id === group.id) return 'if';
  // the compiler writes an Else as the negation of every earlier branch: `!(a) && !(b)`
  const terms = splitTopLevel(group.trigger?.condition ?? '');
  return terms.length > 0 && terms.every((t) => t.startsWith('!(') && t.endsWith(')')) ? 'else' : 'elif';
}

/** Splits a CEL text at its top-level `&&`. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (depth === 0 && text.startsWith('&&', i)) {
      out.push(text.slice(start, i).trim());
      start = i + 2;
      i++;
    }
  }
  out.push(text.slice(start).trim());
  return out.filter((t) => t.length > 0);
}

/** A loop's items as the user sees them: a source's name, or the raw items. */
export function loopItemsText(graph: PipelineGraph, group: GroupNode): string | undefined {
  const it = group.iterator;
  if (!it) return undefined;
  if ('raw' in it.items) return it.items.raw;
  const name = it.items.channel;
  const c = group.channels.find((x) => x.name === name);
  return c ? sourceText(graph, c.source) : name;
}

/** A task's resources as the form shows them (Kubernetes quantities). */
export interface ResourceView {
  cpuRequest?: string;
  cpuLimit?: string;
  memoryRequest?: string;
  memoryLimit?: string;
  acceleratorType?: string;
  acceleratorCount?: number;
}

/** The requests, limits and accelerator of a task's settings (newer quantity fields first, else the old numbers). */
export function resourceView(s: TaskSettings): ResourceView {
  const r = s.resources;
  if (!r) return {};
  const v: ResourceView = {};
  const cpu = (q: string | undefined, n: number | undefined) => q ?? (n !== undefined ? String(n) : undefined);
  const mem = (q: string | undefined, n: number | undefined) => q ?? (n !== undefined ? `${n}G` : undefined);
  const set = <K extends keyof ResourceView>(k: K, x: ResourceView[K] | undefined) => {
    if (x !== undefined) v[k] = x;
  };
  set('cpuRequest', cpu(r.resourceCpuRequest, r.cpuRequest));
  set('cpuLimit', cpu(r.resourceCpuLimit, r.cpuLimit));
  set('memoryRequest', mem(r.resourceMemoryRequest, r.memoryRequest));
  set('memoryLimit', mem(r.resourceMemoryLimit, r.memoryLimit));
  const a = r.accelerator;
  set('acceleratorType', a?.resourceType ?? a?.type);
  const count = a?.resourceCount ?? a?.count;
  if (count !== undefined && Number.isFinite(Number(count))) v.acceleratorCount = Number(count);
  return v;
}

function nameOf(name: string | undefined, p: K8sNameParameter | undefined): string {
  const c = p?.runtimeValue?.constant;
  if (typeof c === 'string') return c;
  if (name) return name;
  if (p?.componentInputParameter) return `{{${p.componentInputParameter}}}`;
  if (p?.taskOutputParameter) return `{{${p.taskOutputParameter.producerTask}.${p.taskOutputParameter.outputParameterKey}}}`;
  return '';
}

/** A task's kubernetes settings as lists the drawer shows. */
export function kubernetesView(s: TaskSettings): {
  secretVolumes: { secret: string; mountPath: string; optional: boolean }[];
  secretEnv: { secret: string; key: string; env: string }[];
  pvcs: { claim: string; mountPath: string; subPath?: string }[];
  nodeSelector: Record<string, string>;
  tolerations: { key?: string; operator?: string; value?: string; effect?: string; seconds?: number }[];
} {
  const k = s.kubernetes ?? {};
  return {
    secretVolumes: (k.secretAsVolume ?? []).map((v) => ({
      secret: nameOf(v.secretName, v.secretNameParameter),
      mountPath: v.mountPath,
      optional: v.optional === true,
    })),
    secretEnv: (k.secretAsEnv ?? []).flatMap((v) =>
      v.keyToEnv.map((m) => ({ secret: nameOf(v.secretName, v.secretNameParameter), key: m.secretKey, env: m.envVar })),
    ),
    pvcs: (k.pvcMount ?? []).map((p) => ({
      claim: nameOf(p.constant, p.pvcNameParameter),
      mountPath: p.mountPath,
      ...(p.subPath ? { subPath: p.subPath } : {}),
    })),
    nodeSelector: { ...(k.nodeSelector?.labels ?? {}) },
    tolerations: (k.tolerations ?? []).map((t) => ({
      ...(t.key !== undefined ? { key: t.key } : {}),
      ...(t.operator !== undefined ? { operator: t.operator } : {}),
      ...(t.value !== undefined ? { value: t.value } : {}),
      ...(t.effect !== undefined ? { effect: t.effect } : {}),
      ...(t.tolerationSeconds !== undefined ? { seconds: Number(t.tolerationSeconds) } : {}),
    })),
  };
}

/** The DAG of a sub-pipeline task as a graph of its own (its tasks, groups and parameters). */
export function subPipelineGraph(graph: PipelineGraph, id: ItemId): PipelineGraph {
  const node = findNode(graph, id);
  const root = node ? graph.components[node.component] : undefined;
  if (!node || node.kind !== 'pipeline' || !root?.dag) throw new AppError('validation', `"${id}" is not a sub-pipeline task`);
  const kubernetes = Object.keys(graph.kubernetes).length
    ? { platform: { platforms: { kubernetes: { deploymentSpec: { executors: graph.kubernetes } } } } }
    : {};
  return buildGraph({
    spec: { pipelineInfo: { name: node.label }, components: graph.components, deploymentSpec: { executors: graph.executors }, root },
    ...kubernetes,
  });
}
