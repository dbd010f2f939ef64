// SPDX-License-Identifier: Apache-2.0
/**
 * The clusters a list page covers: one (`clusterId`) or every cluster, those of them without
 * problems, their display names, and the kinds each one serves (asked for once per cluster).
 * Shared by the pages that list one kind across clusters (jobs, notebook servers, serving).
 */
import { useEffect, useMemo, useRef } from 'react';
import type { ClusterSummary } from '../../shared/features/clusters/clusters.contract';
import { useKinds } from './resources/kinds.store';
import { useClusters } from './clusters.store';

/** What a list page needs to know about the clusters it covers. */
export interface ClusterScope {
  /** The clusters in scope. */
  scope: ClusterSummary[];
  /** Those without configuration problems. */
  usable: ClusterSummary[];
  /** A cluster's display name (its id when unknown). */
  nameOf(id: string): string;
  /** The kinds each cluster serves (as loaded by `useKinds`). */
  kindsByCluster: ReturnType<typeof useKinds.getState>['byCluster'];
}

/**
 * The clusters in scope for a list page.
 * @param clusterId - one cluster, or undefined for all of them
 */
export function useClusterScope(clusterId: string | undefined): ClusterScope {
  const list = useClusters((s) => s.list);
  const kindsByCluster = useKinds((s) => s.byCluster);
  const loadKinds = useKinds((s) => s.load);
  const scope = useMemo(() => (list?.clusters ?? []).filter((c) => (clusterId ? c.id === clusterId : true)), [list, clusterId]);
  const usable = useMemo(() => scope.filter((c) => c.problems.length === 0), [scope]);
  const nameOf = useMemo(() => {
    const m = new Map((list?.clusters ?? []).map((c) => [c.id, c.displayName]));
    return (id: string) => m.get(id) ?? id;
  }, [list]);

  const asked = useRef(new Set<string>());
  useEffect(() => {
    for (const c of usable)
      if (!kindsByCluster[c.id] && !asked.current.has(c.id)) {
        asked.current.add(c.id);
        void loadKinds(c.id);
      }
  }, [usable, kindsByCluster, loadKinds]);

  return { scope, usable, nameOf, kindsByCluster };
}

/** A last-sync time in words (callers say "never read" themselves: there is no "at never"). */
export function syncedAt(ms: number): string {
  return new Date(ms).toLocaleString();
}
