// SPDX-License-Identifier: Apache-2.0
/**
 * Pure answers a cross-cluster list page (jobs, notebook servers, serving) needs about the
 * clusters it covers: which serve its kind, which could not say what they serve, whether the
 * list is still loading, and what its freshness pill says.
 */

/** A cluster as these functions read it. */
export interface ScopedCluster {
  id: string;
  displayName: string;
}

/** What discovery answered per cluster (`useKinds`'s `byCluster`); absent while asking. */
export type KindsByCluster = Record<string, { keys: Set<string> } | { error: { message: string } } | undefined>;

/**
 * The clusters that serve a kind and those that do not; a cluster still being asked, or whose
 * discovery failed, is in neither.
 * @param key - the kind as `group/version/resource`
 */
export function splitByServed<C extends ScopedCluster>(clusters: C[], kinds: KindsByCluster, key: string): { serving: C[]; notServing: C[] } {
  const serving: C[] = [];
  const notServing: C[] = [];
  for (const c of clusters) {
    const k = kinds[c.id];
    if (k && 'keys' in k) (k.keys.has(key) ? serving : notServing).push(c);
  }
  return { serving, notServing };
}

/** Clusters whose served kinds could not be learnt, with why. */
export function discoveryErrors(clusters: ScopedCluster[], kinds: KindsByCluster): { id: string; name: string; message: string }[] {
  return clusters.flatMap((c) => {
    const k = kinds[c.id];
    return k && 'error' in k ? [{ id: c.id, name: c.displayName, message: k.error.message }] : [];
  });
}

/** What the page header's pill says: nothing while loading or when a slice is not live. */
export type ListFreshness = 'live' | 'syncing' | undefined;

/**
 * Whether a list is still loading (a cluster's kinds not known yet, or a slice not answered) and
 * its freshness pill.
 * @param problems - how many slice problems the page shows
 */
export function listProgress(
  clusters: ScopedCluster[],
  kinds: KindsByCluster,
  slices: { loaded: boolean; status: { freshness: string } | undefined }[],
  problems: number,
): { loading: boolean; freshness: ListFreshness } {
  const loading = clusters.some((c) => !kinds[c.id]) || slices.some((s) => !s.loaded);
  if (loading || problems > 0 || slices.length === 0) return { loading, freshness: undefined };
  return { loading, freshness: slices.some((s) => s.status?.freshness === 'syncing') ? 'syncing' : 'live' };
}
