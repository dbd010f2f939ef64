// SPDX-License-Identifier: Apache-2.0
/**
 * The slices of a cross-cluster list page, narrowed to the context's namespace where listing
 * across namespaces is refused: a slice answered `forbidden` without a namespace, on a cluster
 * whose context names one, is followed again in that namespace (and the page says so).
 */
import { useEffect, useState } from 'react';
import type { SliceRequest, SliceStatus } from '../../../shared/features/sync/sync.contract';
import { useSlices, type SliceSpec, type SlicesState } from './use-slices';

/** What narrowing reads of a slice. */
interface NarrowableSlice<T> {
  req: SliceRequest;
  tag: T;
  status: SliceStatus | undefined;
}

/**
 * The slices to narrow now: refused across namespaces, not narrowed yet, on a cluster whose
 * context has a namespace; each once, as its key and cluster.
 * @param keyOf - what is narrowed together (a cluster, or a cluster and kind)
 */
export function slicesToNarrow<T>(
  slices: NarrowableSlice<T>[],
  narrowed: ReadonlyMap<string, string>,
  clusters: { id: string; namespace?: string | undefined }[],
  keyOf: (s: { req: SliceRequest; tag: T }) => string,
): { key: string; clusterId: string }[] {
  const out = new Map<string, string>();
  for (const s of slices) {
    if (s.status?.freshness !== 'forbidden' || s.req.namespace) continue;
    const key = keyOf(s);
    if (narrowed.has(key) || out.has(key)) continue;
    if (clusters.find((c) => c.id === s.req.clusterId)?.namespace) out.set(key, s.req.clusterId);
  }
  return [...out].map(([key, clusterId]) => ({ key, clusterId }));
}

/** What {@link useNarrowedSlices} returns. */
export interface NarrowedSlices<T> extends SlicesState<T> {
  /** Narrowed keys (as `keyOf` makes them). */
  narrowed: ReadonlySet<string>;
  /** Clusters with at least one narrowed slice. */
  narrowedClusterIds: ReadonlySet<string>;
}

/**
 * Follows the slices `specsFor` gives for the keys narrowed so far (compared by value, so a new
 * array each render is fine), and narrows those refused across namespaces.
 * @param clusters - the clusters in scope, with their context's namespace
 */
export function useNarrowedSlices<T>(
  specsFor: (narrowed: ReadonlySet<string>) => SliceSpec<T>[],
  clusters: { id: string; namespace?: string | undefined }[],
  keyOf: (s: { req: SliceRequest; tag: T }) => string,
): NarrowedSlices<T> {
  const [narrowed, setNarrowed] = useState<ReadonlyMap<string, string>>(new Map());
  const keys = new Set(narrowed.keys());
  const state = useSlices(specsFor(keys));

  useEffect(() => {
    const add = slicesToNarrow(state.slices, narrowed, clusters, keyOf);
    if (add.length) setNarrowed(new Map([...narrowed, ...add.map((a) => [a.key, a.clusterId] as const)]));
  }, [state.slices, narrowed, clusters, keyOf]);

  return { ...state, narrowed: keys, narrowedClusterIds: new Set(narrowed.values()) };
}
