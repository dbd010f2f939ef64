// SPDX-License-Identifier: Apache-2.0
/**
 * Pure view models of the pipelines pages: the cross-cluster table (rows with their cluster's
 * name, search over name, description and namespace, sorting), what to say about each cluster
 * (could not be read, served from the cache, namespaces not listed), the origin in words, and a
 * version's task list read from its IR with `shared/kfp`.
 */
import type { AppErrorData } from '../../../shared/errors';
import type { ClusterPipelines, KfpOrigin, PipelineSummary, PipelinesList } from '../../../shared/features/pipelines/pipelines.contract';
import { parseIrValue } from '../../../shared/kfp/ir-parse';
import { buildGraph } from '../../../shared/kfp/pipeline-graph';

/** A row of the pipelines table. */
export interface PipelineRow extends PipelineSummary {
  clusterName: string;
}

/** The columns the table sorts by. */
export type SortKey = 'name' | 'cluster' | 'namespace' | 'createdAt';

/** A sort: column and direction. */
export interface Sort {
  key: SortKey;
  desc: boolean;
}

/** Every cluster's pipelines as rows, filtered by the search (case-insensitive, every word must match) and sorted. */
export function pipelineRows(list: PipelinesList | undefined, nameOf: (id: string) => string, search: string, sort: Sort): PipelineRow[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const rows: PipelineRow[] = [];
  for (const c of list?.clusters ?? []) {
    if (!c.ok) continue;
    for (const p of c.pipelines) {
      const hay = `${p.displayName} ${p.name} ${p.description} ${p.namespace}`.toLowerCase();
      if (words.every((w) => hay.includes(w))) rows.push({ ...p, clusterName: nameOf(c.clusterId) });
    }
  }
  const field = (r: PipelineRow): string => (sort.key === 'cluster' ? r.clusterName : sort.key === 'name' ? r.displayName.toLowerCase() : r[sort.key]);
  rows.sort((a, b) => {
    const d = field(a).localeCompare(field(b)) || a.displayName.localeCompare(b.displayName) || a.clusterName.localeCompare(b.clusterName);
    return sort.desc ? -d : d;
  });
  return rows;
}

/** The next sort when a column header is clicked: the same column flips, another starts ascending (dates newest first). */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, desc: !current.desc };
  return { key, desc: key === 'createdAt' };
}

/** What the page says about one cluster. */
export type ClusterNote =
  | { kind: 'error'; clusterId: string; clusterName: string; error: AppErrorData }
  | { kind: 'cached'; clusterId: string; clusterName: string; seenAt: number; why: string }
  | { kind: 'refused'; clusterId: string; clusterName: string; namespace: string; reason: string };

/** Notes for the clusters that failed, were served from the cache, or have namespaces not listed. */
export function clusterNotes(list: PipelinesList | undefined, nameOf: (id: string) => string): ClusterNote[] {
  const out: ClusterNote[] = [];
  for (const c of list?.clusters ?? []) {
    const clusterName = nameOf(c.clusterId);
    if (!c.ok) {
      out.push({ kind: 'error', clusterId: c.clusterId, clusterName, error: c.error });
      continue;
    }
    if (c.origin.kind === 'cache') out.push({ kind: 'cached', clusterId: c.clusterId, clusterName, seenAt: c.origin.seenAt, why: c.origin.why });
    for (const r of c.refused) out.push({ kind: 'refused', clusterId: c.clusterId, clusterName, namespace: r.namespace, reason: r.reason });
  }
  return out;
}

/** How KFP was reached, in words. */
export function originText(origin: KfpOrigin | undefined): string {
  if (!origin) return '';
  if (origin.kind === 'gateway') return `through the Kubeflow gateway ${origin.url}`;
  if (origin.kind === 'port-forward') return `port-forward to ${origin.namespace}/${origin.service} (pod ${origin.pod})`;
  return `offline: as seen ${new Date(origin.seenAt).toLocaleString()}`;
}

/** Whether one cluster's answer is usable (for pages that list one cluster). */
export function okCluster(c: ClusterPipelines | undefined): c is Extract<ClusterPipelines, { ok: true }> {
  return c?.ok === true;
}

/** A task of a version, as the task list shows it. */
export interface TaskRow {
  id: string;
  name: string;
  /** The groups it sits in, outermost first (`condition-branches-1 › condition-2`). */
  group: string;
  component: string;
  image: string;
  /** The tasks and groups it runs after. */
  after: string[];
}

/** The tasks of an IR spec (KFP's JSON), or why there are none to show. */
export function taskRows(spec: unknown): { tasks: TaskRow[]; problem: string | undefined } {
  let graph;
  try {
    const parsed = parseIrValue(spec);
    if (parsed.kind !== 'ir') return { tasks: [], problem: 'A KFP v1 pipeline: its tasks are in the Argo Workflow below.' };
    graph = buildGraph(parsed.doc);
  } catch (e) {
    return { tasks: [], problem: `MLDeck could not read this spec's tasks: ${e instanceof Error ? e.message : String(e)}` };
  }
  const labels = new Map<string, string>([...graph.nodes.map((n) => [n.id, n.label] as const), ...graph.groups.map((g) => [g.id, g.label] as const)]);
  const groups = new Map(graph.groups.map((g) => [g.id, g]));
  const path = (parent: string | null): string => {
    const names: string[] = [];
    for (let p = parent; p; p = groups.get(p)?.parent ?? null) names.unshift(groups.get(p)?.label ?? p);
    return names.join(' › ');
  };
  const after = new Map<string, Set<string>>();
  for (const e of graph.edges) {
    const from = e.kind === 'dependency' ? e.from : e.from.kind === 'output' ? e.from.item : undefined;
    const to = e.kind === 'dependency' ? e.to : e.to.node;
    if (from === undefined) continue;
    after.set(to, (after.get(to) ?? new Set()).add(labels.get(from) ?? from));
  }
  const tasks = graph.nodes.map((n) => ({
    id: n.id,
    name: n.label,
    group: path(n.parent),
    component: n.component,
    image: n.settings.image ?? '',
    after: [...(after.get(n.id) ?? [])].sort(),
  }));
  return { tasks, problem: undefined };
}
