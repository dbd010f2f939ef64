// SPDX-License-Identifier: Apache-2.0
/**
 * Pure words and numbers of the overview page: bar fill, GPU totals, Kubeflow component names,
 * when to show freshness, and what each count may say: a number now, a number from the cache with
 * its date, "unknown" with why (never read from the cluster) or "not allowed". "None" is said only
 * of what MLDeck read.
 */
import type { ClusterOverview, OverviewSection } from '../../../shared/features/overview/overview.contract';
import type { SliceStatus } from '../../../shared/features/sync/sync.contract';

/** How full a bar is, in percent (0 when there is nothing; at most 100). */
export function barPercent(used: number, total: number): number {
  return total > 0 ? Math.min(100, (used / total) * 100) : 0;
}

/** GPUs requested and allocatable over every model. */
export function gpuTotals(gpuModels: ClusterOverview['gpuModels']): { requested: number; allocatable: number } {
  return {
    requested: gpuModels.reduce((n, g) => n + g.requested, 0),
    allocatable: gpuModels.reduce((n, g) => n + g.allocatable, 0),
  };
}

const componentNames: Record<string, string> = {
  'training-v1': 'Training Operator (v1 jobs)',
  'trainer-v2': 'Trainer v2 (TrainJob)',
  katib: 'Katib',
  kserve: 'KServe',
  notebooks: 'Notebooks',
  profiles: 'Profiles',
  'mpi-v2beta1': 'MPI Operator v2beta1',
  pipelines: 'Pipelines',
};

/** A Kubeflow component's name as people say it (the id when unknown). */
export function componentName(id: string): string {
  return componentNames[id] ?? id;
}

/** The freshness banner shows when the data is not live nor being synced. */
export function showsFreshness(o: ClusterOverview): boolean {
  return o.freshness.freshness !== 'live' && o.freshness.freshness !== 'syncing';
}

/** A time in the user's locale (the time alone when it is today). */
export function seenWhen(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  return d.toDateString() === new Date(now).toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
}

/** When rows did not come from the cluster just now: "as of <time>" (or the snapshot's time); undefined when live. */
export function asOf(status: SliceStatus, now = Date.now()): string | undefined {
  if (status.snapshot) return `in the snapshot taken ${seenWhen(status.snapshot.takenAt, now)}`;
  if (status.freshness === 'live' || status.freshness === 'syncing' || status.lastSyncedAt === undefined) return undefined;
  return `as of ${seenWhen(status.lastSyncedAt, now)}`;
}

/** What a count card shows: its value and, under it, when it was seen or why it is not known. */
export interface CountText {
  value: string;
  note: string | undefined;
  state: 'now' | 'cached' | 'unknown' | 'forbidden';
}

/** The count of a section's rows, as far as it is known. */
export function sectionCount<T>(section: OverviewSection<T>, now = Date.now()): CountText {
  if ('forbidden' in section) return { value: 'not allowed', note: section.forbidden, state: 'forbidden' };
  if ('unknown' in section) return { value: 'unknown', note: section.unknown, state: 'unknown' };
  const when = asOf(section.status, now);
  return { value: String(section.items.length), note: when, state: when ? 'cached' : 'now' };
}

/** The "GPUs allocated" card: requested of allocatable, with what is not known. */
export function gpuCount(o: ClusterOverview, now = Date.now()): CountText {
  const nodes = sectionCount(o.nodes, now);
  if (nodes.state === 'forbidden' || nodes.state === 'unknown') return { ...nodes, value: nodes.state === 'forbidden' ? 'not allowed' : 'unknown' };
  const t = gpuTotals(o.gpuModels);
  if (o.requestsUnknown) return { value: `? / ${t.allocatable}`, note: o.requestsUnknown, state: 'unknown' };
  return { value: `${t.requested} / ${t.allocatable}`, note: nodes.note, state: nodes.state };
}

/** The sentence shown when no GPU model is listed: none (as of when), not allowed, or unknown. */
export function noGpuText(o: ClusterOverview, now = Date.now()): string {
  if ('forbidden' in o.nodes) return 'Nodes are not visible to your account, so GPUs cannot be counted.';
  if ('unknown' in o.nodes) return `GPU nodes are not known: ${o.nodes.unknown}`;
  const when = asOf(o.nodes.status, now);
  return when ? `MLDeck saw no GPU nodes in this cluster (${when}).` : 'This cluster has no GPU nodes.';
}
