// SPDX-License-Identifier: Apache-2.0
/**
 * The notebook-server list's pure logic: which slices to follow (Notebooks and pods of each
 * cluster that serves Notebooks, narrowed to the context's namespace where listing across
 * namespaces is forbidden), rows joining each Notebook with its pod `<name>-0`, the filters
 * (namespace, status) and the account of slices that are stale, forbidden or failed.
 */
import type { SliceRequest } from '../../../shared/features/sync/sync.contract';
import { summarizeNotebook, type NotebookStatus, type NotebookSummary } from '../../../shared/kube/notebook-summary';
import type { KubeObject } from '../../../shared/kube/object';
import { joinedNoteWords, notServingNotes as notServingKind, sliceProblems, type ProblemSlice, type SliceProblem } from '../../lib/list-notes';

/** The kinds a server list follows. */
export const notebookKind = { group: 'kubeflow.org', version: 'v1', resource: 'notebooks' } as const;
/** {@link notebookKind} as discovery keys it. */
export const notebookKindKey = `${notebookKind.group}/${notebookKind.version}/${notebookKind.resource}`;
export const podKind = { group: '', version: 'v1', resource: 'pods' } as const;

/** A slice's tag. */
export type ServerSliceTag = 'notebooks' | 'pods';

/** A notebook server in the list. */
export interface ServerRow {
  key: string;
  clusterId: string;
  clusterName: string;
  object: KubeObject;
  pod: KubeObject | undefined;
  summary: NotebookSummary;
}

/** Filters; empty strings mean any. */
export interface ServerFilters {
  namespace: string;
  status: NotebookStatus | '';
}

export const noServerFilters: ServerFilters = { namespace: '', status: '' };

/** The slices: Notebooks and pods of each cluster (in `namespaceOf(cluster)` when given). */
export function serverSlices(clusterIds: string[], namespaceOf: (clusterId: string) => string | undefined): { req: SliceRequest; tag: ServerSliceTag }[] {
  return clusterIds.flatMap((clusterId) => {
    const ns = namespaceOf(clusterId);
    const scope = ns ? { namespace: ns } : {};
    return [
      { req: { clusterId, ...notebookKind, ...scope }, tag: 'notebooks' as const },
      { req: { clusterId, ...podKind, ...scope }, tag: 'pods' as const },
    ];
  });
}

/** Rows: each Notebook with its pod. */
export function serverRows(
  rows: { clusterId: string; tag: ServerSliceTag; object: KubeObject }[],
  clusterName: (id: string) => string,
  now = Date.now(),
): ServerRow[] {
  const pods = new Map<string, KubeObject>();
  for (const r of rows)
    if (r.tag === 'pods' && r.object.metadata.labels?.['notebook-name'])
      pods.set(`${r.clusterId}|${r.object.metadata.namespace ?? ''}/${r.object.metadata.name}`, r.object);
  const out: ServerRow[] = [];
  for (const r of rows) {
    if (r.tag !== 'notebooks') continue;
    const ns = r.object.metadata.namespace ?? '';
    const pod = pods.get(`${r.clusterId}|${ns}/${r.object.metadata.name}-0`);
    out.push({
      key: `${r.clusterId}|${ns}/${r.object.metadata.name}`,
      clusterId: r.clusterId,
      clusterName: clusterName(r.clusterId),
      object: r.object,
      pod,
      summary: summarizeNotebook(r.object, pod, [], now),
    });
  }
  return out;
}

/** Text search is the table's; these are the list's own filters. */
export function filterServers(rows: ServerRow[], f: ServerFilters): ServerRow[] {
  return rows.filter((r) => (!f.namespace || r.object.metadata.namespace === f.namespace) && (!f.status || r.summary.status === f.status));
}

/** Namespaces there are servers in. */
export function serverNamespaces(rows: ServerRow[]): string[] {
  return [...new Set(rows.map((r) => r.object.metadata.namespace ?? '').filter(Boolean))].sort();
}

/** Slices that are not live or syncing, by cluster and freshness ("notebook servers", "pods"). */
export function serverSliceProblems(slices: ProblemSlice<ServerSliceTag>[], clusterName: (id: string) => string): SliceProblem[] {
  return sliceProblems(slices, clusterName, (tag) => (tag === 'notebooks' ? 'notebook servers' : 'pods'));
}

/** The notebook-server list's words for its banner. */
export const serverNoteWords = joinedNoteWords('notebook servers', 'whether it serves Notebooks');

/** The note for each cluster that does not serve Kubeflow Notebooks. */
export function notServingNotes(clusters: { id: string; displayName: string }[]) {
  return notServingKind(clusters, 'Kubeflow Notebooks (kubeflow.org/v1)');
}

/** A condition as the server page shows it. */
export interface ServerCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  /** When it last changed. */
  at?: string;
}

/** The conditions of the server's pod, else of the Notebook (none while neither has any). */
export function serverConditions(pod: KubeObject | undefined, notebook: KubeObject | undefined): ServerCondition[] {
  type Raw = { conditions?: (Omit<ServerCondition, 'at'> & { lastTransitionTime?: string })[] } | undefined;
  const raw = (pod?.status as Raw)?.conditions ?? (notebook?.status as Raw)?.conditions ?? [];
  return raw.map(({ lastTransitionTime, ...c }) => ({ ...c, ...(lastTransitionTime ? { at: lastTransitionTime } : {}) }));
}

/** "1 CPU / 1.2", "4Gi / 4.8Gi": a request and its limit when they differ. */
export function requestLimit(r: { request: string | undefined; limit: string | undefined }): string {
  if (!r.request && !r.limit) return '';
  if (!r.limit || r.limit === r.request) return r.request ?? '';
  return `${r.request ?? '—'} / ${r.limit}`;
}

/** The image without its registry path: `jupyter-scipy:v1.9.0`. */
export function shortImage(image: string): string {
  return image.split('/').pop() ?? image;
}
