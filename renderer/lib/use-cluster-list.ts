// SPDX-License-Identifier: Apache-2.0
/**
 * The data of a cross-cluster list page (jobs, notebook servers, serving): the clusters in scope,
 * the page's slices (narrowed to the context's namespace where listing across namespaces is
 * refused), their problems, whether the list is loading, its freshness pill, and what the
 * banner's notes are made from. The page gives its slices and how it groups their problems.
 */
import { useMemo } from 'react';
import type { SliceRequest } from '../../shared/features/sync/sync.contract';
import type { ListNotesInput, ProblemSlice, SliceProblem } from './list-notes';
import { discoveryErrors, listProgress, type ListFreshness } from './list-scope';
import { useNarrowedSlices } from './sync/use-narrowed-slices';
import type { SliceInfo, SliceSpec, TaggedRow } from './sync/use-slices';
import { useClusterScope, type ClusterScope } from './use-cluster-scope';

/** What a page tells {@link useClusterList}. */
export interface ClusterListSpec<T> {
  /**
   * The slices to follow.
   * @param narrowedNamespace - the namespace a slice of `clusterId` narrowed under `key` is followed in (undefined: across namespaces)
   */
  slices(scope: ClusterScope, narrowedNamespace: (clusterId: string, key: string) => string | undefined): SliceSpec<T>[];
  /** What is narrowed together (a cluster, or a cluster and kind); a stable function. */
  keyOf(s: { req: SliceRequest; tag: T }): string;
  /** The slices' problems, grouped as the page says them; a stable function. */
  problems(slices: ProblemSlice<T>[], clusterName: (id: string) => string): SliceProblem[];
}

/** What a cross-cluster list page renders from. */
export interface ClusterList<T> extends ClusterScope {
  rows: TaggedRow<T>[];
  slices: SliceInfo<T>[];
  problems: SliceProblem[];
  loading: boolean;
  freshness: ListFreshness;
  /** The banner's notes' input (without the page's own notes). */
  noteInput: ListNotesInput;
}

/** The list of one cluster (`clusterId`) or of all of them. */
export function useClusterList<T>(clusterId: string | undefined, spec: ClusterListSpec<T>): ClusterList<T> {
  const cs = useClusterScope(clusterId);
  const { scope, usable, nameOf, kindsByCluster } = cs;
  const { rows, slices, narrowedClusterIds } = useNarrowedSlices(
    (narrowed) => spec.slices(cs, (id, key) => (narrowed.has(key) ? usable.find((c) => c.id === id)?.namespace : undefined)),
    usable,
    spec.keyOf,
  );
  const { problems: group } = spec;
  const problems = useMemo(() => group(slices, nameOf), [group, slices, nameOf]);
  const { loading, freshness } = listProgress(usable, kindsByCluster, slices, problems.length);
  const noteInput: ListNotesInput = {
    problems,
    narrowed: usable.filter((c) => narrowedClusterIds.has(c.id)),
    discoveryErrors: discoveryErrors(usable, kindsByCluster),
    broken: scope.filter((c) => c.problems.length > 0),
  };
  return { ...cs, rows, slices, problems, loading, freshness, noteInput };
}
