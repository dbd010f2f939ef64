// SPDX-License-Identifier: Apache-2.0
/**
 * The notes a cross-cluster list page (jobs, notebook servers, serving) shows above its table,
 * as plain data: slices that are not live grouped by cluster and freshness, clusters narrowed to
 * their context's namespace, clusters whose served kinds could not be learnt, clusters that
 * cannot connect, and any other note of the page. Each page gives its words; the
 * `ClusterProblemNotes` component only renders the result.
 */
import type { SliceRequest, SliceStatus } from '../../shared/features/sync/sync.contract';
import { syncedAt } from './use-cluster-scope';

/** How a slice is not live. */
export type ProblemFreshness = SliceStatus['freshness'] | 'error' | 'snapshot';

/** Slices of one cluster in one state that is not live. */
export interface SliceProblem {
  clusterId: string;
  clusterName: string;
  freshness: ProblemFreshness;
  /** What the slices concerned hold, in words ("PyTorchJob", "pods"), in slice order. */
  what: string[];
  /** The error's message, else the status's reason ('' when none). */
  reason: string;
  /** The oldest last sync (or the snapshot's time). */
  lastSyncedAt: number | undefined;
}

/** What {@link sliceProblems} reads of a slice. */
export interface ProblemSlice<T> {
  req: SliceRequest;
  tag: T;
  status: SliceStatus | undefined;
  error: { message: string } | undefined;
}

/**
 * Slices that are not live or syncing, grouped by cluster and freshness (a snapshot apart).
 * @param label - what a slice's tag holds, in words
 */
export function sliceProblems<T>(slices: ProblemSlice<T>[], clusterName: (id: string) => string, label: (tag: T) => string): SliceProblem[] {
  const groups = new Map<string, SliceProblem>();
  for (const s of slices) {
    const freshness = s.error ? 'error' : s.status?.snapshot ? 'snapshot' : s.status?.freshness;
    if (!freshness || freshness === 'live' || freshness === 'syncing') continue;
    const id = `${s.req.clusterId}|${freshness}`;
    const at = s.status?.snapshot?.takenAt ?? s.status?.lastSyncedAt;
    const g = groups.get(id) ?? {
      clusterId: s.req.clusterId,
      clusterName: clusterName(s.req.clusterId),
      freshness,
      what: [],
      reason: s.error?.message ?? s.status?.reason ?? '',
      lastSyncedAt: at,
    };
    g.what.push(label(s.tag));
    if (at !== undefined) g.lastSyncedAt = Math.min(g.lastSyncedAt ?? Infinity, at);
    groups.set(id, g);
  }
  return [...groups.values()];
}

/** One note of the banner. */
export interface ClusterNote {
  key: string;
  tone: 'forbidden' | 'error' | 'snapshot' | 'stale' | 'info';
  /** `alert` for what failed, `status` for what is only worth knowing. */
  role: 'alert' | 'status';
  /** For a slice problem: its freshness (`data-freshness`). */
  freshness?: ProblemFreshness;
  testId?: string;
  /** The cluster the note is about, in bold before the text. */
  cluster?: string;
  text: string;
  /** Muted after the text (the server's reason). */
  detail?: string;
}

/** A page's words for its notes. */
export interface ListNoteWords {
  /** What a problem's slices hold, in "not allowed to list …" and "could not list …". */
  listed(p: SliceProblem): string;
  /** What is shown from the cache, in "offline: … as MLDeck saw them at …". */
  shown(p: SliceProblem): string;
  /** The objects in "listing … across namespaces is not allowed". */
  listing: string;
  /** What discovery could not learn, in "could not learn …: <why>". */
  discovery: string;
  /** The refusal's reason and the failure's message inline in the sentence, rather than muted after it. */
  reasonInline?: boolean;
}

/**
 * The words of a list whose problems name their slices, joined ("notebook servers and pods shown").
 * @param listing - the objects listed across namespaces
 * @param discovery - what discovery learns for the page
 */
export function joinedNoteWords(listing: string, discovery: string): ListNoteWords {
  return { listed: (p) => p.what.join(' and '), shown: (p) => `${p.what.join(' and ')} shown`, listing, discovery };
}

/**
 * The note for each cluster that does not serve the kind a page lists.
 * @param kind - the kind and its API group ("Kubeflow Notebooks (kubeflow.org/v1)")
 */
export function notServingNotes(clusters: { id: string; displayName: string }[], kind: string): ClusterNote[] {
  return clusters.map((c) => ({ key: `not-serving|${c.id}`, tone: 'info', role: 'status', cluster: c.displayName, text: `— does not serve ${kind}.` }));
}

const tones: Partial<Record<ProblemFreshness, ClusterNote['tone']>> = { forbidden: 'forbidden', error: 'error', snapshot: 'snapshot' };

/** The note for one slice problem. */
export function problemNote(p: SliceProblem, words: ListNoteWords): ClusterNote {
  const base = {
    key: `${p.clusterId}|${p.freshness}`,
    tone: tones[p.freshness] ?? 'stale',
    role: p.freshness === 'forbidden' || p.freshness === 'error' ? 'alert' : 'status',
    freshness: p.freshness,
    cluster: p.clusterName,
  } as const;
  const detail = p.reason ? { detail: p.reason } : {};
  switch (p.freshness) {
    case 'forbidden':
      return words.reasonInline
        ? { ...base, text: `— not allowed to list ${words.listed(p)}. ${p.reason}`.trimEnd() }
        : { ...base, text: `— not allowed to list ${words.listed(p)}.`, ...detail };
    case 'error':
      return words.reasonInline
        ? { ...base, text: `— could not list ${words.listed(p)}: ${p.reason}` }
        : { ...base, text: `— could not list ${words.listed(p)}.`, ...detail };
    case 'snapshot':
      return { ...base, text: `— a snapshot${p.lastSyncedAt === undefined ? '' : ` taken ${syncedAt(p.lastSyncedAt)}`}, read-only.` };
    default:
      return p.lastSyncedAt === undefined
        ? { ...base, text: `— ${p.freshness}: MLDeck has never read ${words.listed(p)} from this cluster, so they are not known.`, ...detail }
        : {
            ...base,
            text: `— ${p.freshness}: ${words.shown(p)} as MLDeck saw them at ${syncedAt(p.lastSyncedAt)}.`,
            ...detail,
          };
  }
}

/** What a list page knows about the clusters it covers, for its notes. */
export interface ListNotesInput {
  problems: SliceProblem[];
  /** Clusters narrowed to their context's namespace. */
  narrowed: { id: string; displayName: string; namespace?: string | undefined }[];
  /** The page's other notes, after the narrowed clusters. */
  notes?: ClusterNote[];
  /** Clusters whose served kinds could not be learnt. */
  discoveryErrors: { id: string; name: string; message: string }[];
  /** Clusters that cannot connect (configuration problems). */
  broken?: { id: string; displayName: string; problems: string[] }[];
}

/** Every note of a list page, in the order shown. */
export function listNotes(input: ListNotesInput, words: ListNoteWords): ClusterNote[] {
  return [
    ...input.problems.map((p) => problemNote(p, words)),
    ...input.narrowed.map((c): ClusterNote => ({
      key: `narrowed|${c.id}`,
      tone: 'info',
      role: 'status',
      cluster: c.displayName,
      text: `— listing ${words.listing} across namespaces is not allowed; showing namespace ${c.namespace ?? ''}.`,
    })),
    ...(input.notes ?? []),
    ...input.discoveryErrors.map((d): ClusterNote => ({
      key: `discovery|${d.id}`,
      tone: 'error',
      role: 'alert',
      cluster: d.name,
      text: `— could not learn ${words.discovery}: ${d.message}`,
    })),
    ...(input.broken ?? []).map((c): ClusterNote => ({
      key: `broken|${c.id}`,
      tone: 'error',
      role: 'alert',
      cluster: c.displayName,
      text: `— cannot connect: ${c.problems.join('; ')}`,
    })),
  ];
}

/**
 * A list page's text for an empty table: `none` only where MLDeck read the clusters; for clusters
 * whose slices were never read (never reached, or failed before any sync) or whose served kinds
 * could not be learnt, the rows are not known.
 * @param clusters - how many clusters the page reads
 */
export function emptyListText(input: Pick<ListNotesInput, 'problems' | 'discoveryErrors'>, clusters: number, none: string): string {
  const never = [
    ...new Set([
      ...input.problems.filter((p) => p.lastSyncedAt === undefined && p.freshness !== 'forbidden' && p.freshness !== 'snapshot').map((p) => p.clusterName),
      ...input.discoveryErrors.map((d) => d.name),
    ]),
  ];
  if (never.length === 0) return none;
  if (never.length >= clusters) return `Not known: MLDeck has never read this from ${never.join(', ')}.`;
  return `${none} Not known for ${never.join(', ')}: never read.`;
}
