// SPDX-License-Identifier: Apache-2.0
/**
 * The jobs list's pure logic: which slices to follow (each training kind a cluster serves),
 * rows with their summaries, the filters (phase, kind, namespace, uses GPUs), and the banner's
 * account of slices that are stale, forbidden or failed (grouped by `lib/list-notes.ts`).
 */
import type { SliceRequest } from '../../../shared/features/sync/sync.contract';
import type { KubeObject } from '../../../shared/kube/object';
import { summarizeJob, type JobPhase, type JobSummary } from '../../../shared/kube/training-job-summary';
import { trainingKindKey, trainingKinds, type TrainingKind } from '../../../shared/kube/training-kinds';
import { sliceProblems, type ListNoteWords, type ProblemSlice, type SliceProblem } from '../../lib/list-notes';

/** A job in the list. */
export interface JobRow {
  key: string;
  clusterId: string;
  clusterName: string;
  kind: TrainingKind;
  object: KubeObject;
  summary: JobSummary;
}

/** The list's filters; empty strings mean "any". */
export interface JobFilters {
  phase: JobPhase | '';
  /** A training kind key (`group/version/resource`). */
  kind: string;
  namespace: string;
  gpusOnly: boolean;
}

export const noFilters: JobFilters = { phase: '', kind: '', namespace: '', gpusOnly: false };

/** The slices to follow: every training kind each cluster serves, across namespaces unless `namespaceOf` says otherwise. */
export function jobSlices(
  clusters: { id: string; served: Set<string> }[],
  namespaceOf: (clusterId: string, kind: TrainingKind) => string | undefined = () => undefined,
): { req: SliceRequest; tag: string }[] {
  const out: { req: SliceRequest; tag: string }[] = [];
  for (const c of clusters)
    for (const k of trainingKinds) {
      const key = trainingKindKey(k);
      if (!c.served.has(key)) continue;
      const ns = namespaceOf(c.id, k);
      out.push({ req: { clusterId: c.id, group: k.group, version: k.version, resource: k.resource, ...(ns ? { namespace: ns } : {}) }, tag: key });
    }
  return out;
}

/**
 * Summaries by object: a delta replaces only the objects that changed, so the rest are reused
 * while `now` stands (a frame of deltas must not summarise every one of thousands of jobs again).
 */
const summaries = new WeakMap<KubeObject, { now: number; kind: TrainingKind; summary: JobSummary }>();

function summaryOf(object: KubeObject, kind: TrainingKind, now: number): JobSummary {
  const hit = summaries.get(object);
  if (hit && hit.now === now && hit.kind === kind) return hit.summary;
  const summary = summarizeJob(object, kind, now);
  summaries.set(object, { now, kind, summary });
  return summary;
}

/** Rows from tagged slice rows (the tag is the kind key). */
export function jobRows(rows: { clusterId: string; tag: string; object: KubeObject }[], clusterName: (id: string) => string, now = Date.now()): JobRow[] {
  const kinds = new Map(trainingKinds.map((k) => [trainingKindKey(k), k]));
  const out: JobRow[] = [];
  for (const r of rows) {
    const kind = kinds.get(r.tag);
    if (!kind) continue;
    out.push({
      key: `${r.clusterId}|${r.tag}|${r.object.metadata.namespace ?? ''}/${r.object.metadata.name}`,
      clusterId: r.clusterId,
      clusterName: clusterName(r.clusterId),
      kind,
      object: r.object,
      summary: summaryOf(r.object, kind, now),
    });
  }
  return out;
}

/** The rows the filters let through. */
export function filterJobs(rows: JobRow[], f: JobFilters): JobRow[] {
  return rows.filter(
    (r) =>
      (!f.phase || r.summary.phase === f.phase) &&
      (!f.kind || trainingKindKey(r.kind) === f.kind) &&
      (!f.namespace || r.object.metadata.namespace === f.namespace) &&
      (!f.gpusOnly || r.summary.gpus > 0),
  );
}

/** Choices for the kind and namespace filters, from the rows there are. */
export function filterChoices(rows: JobRow[]): { kinds: { key: string; title: string }[]; namespaces: string[] } {
  const kinds = new Map<string, string>();
  const namespaces = new Set<string>();
  for (const r of rows) {
    kinds.set(trainingKindKey(r.kind), r.kind.title);
    if (r.object.metadata.namespace) namespaces.add(r.object.metadata.namespace);
  }
  const order = (key: string) => trainingKinds.findIndex((k) => trainingKindKey(k) === key);
  return {
    kinds: [...kinds.entries()].sort(([a], [b]) => order(a) - order(b)).map(([key, title]) => ({ key, title })),
    namespaces: [...namespaces].sort(),
  };
}

/** Slices that are not live or syncing, grouped by cluster and freshness (snapshots apart), named by kind title. */
export function jobSliceProblems(slices: ProblemSlice<string>[], clusterName: (id: string) => string): SliceProblem[] {
  const titles = new Map(trainingKinds.map((k) => [trainingKindKey(k), k.title]));
  return sliceProblems(slices, clusterName, (tag) => titles.get(tag) ?? tag);
}

/** The jobs page's words for its banner. */
export const jobNoteWords: ListNoteWords = {
  listed: (p) => p.what.join(', '),
  shown: (p) => `${p.what.length} kinds shown`,
  listing: 'jobs',
  discovery: 'which training kinds it serves',
};

/** A duration as "45s", "12m 3s", "3h 20m", "2d 4h". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}
