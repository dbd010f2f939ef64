// SPDX-License-Identifier: Apache-2.0
/** The kinds a cache holds for a cluster, shaped like discovery (for offline navigation and snapshots). */
import type { ApiResourceInfo } from '../../../shared/features/resources/resources.contract';
import type { KubeObject } from '../../../shared/kube/object';
import type { CacheDb, SourceKey } from '../../platform/cache/cache-db';

type Paged = { listObjectsPage(cluster: string, gvr: SourceKey, ns: string | undefined, limit: number): Promise<{ items: KubeObject[] }> };

async function firstObject(cache: CacheDb, cluster: string, key: SourceKey): Promise<KubeObject | undefined> {
  // the SQLite cache can read one row; other caches list the slice
  if ('listObjectsPage' in cache) return (await (cache as CacheDb & Paged).listObjectsPage(cluster, key, key.namespace || undefined, 1)).items[0];
  return (await cache.listObjects(cluster, key, key.namespace || undefined))[0];
}

/** Kinds with a synced source; the kind name and scope come from a stored object when there is one. */
export async function kindsFromCache(cache: CacheDb, cluster: string): Promise<ApiResourceInfo[]> {
  const out = new Map<string, ApiResourceInfo>();
  for (const s of await cache.listSources(cluster)) {
    // a source that never synced (its first list failed) says nothing about what the cluster serves
    if (s.lastSyncedAt === undefined) continue;
    const k = `${s.key.group}/${s.key.version}/${s.key.resource}`;
    if (out.has(k)) continue;
    const sample = await firstObject(cache, cluster, s.key);
    out.set(k, {
      group: s.key.group,
      version: s.key.version,
      resource: s.key.resource,
      kind: sample?.kind ?? s.key.resource,
      namespaced: sample ? sample.metadata.namespace !== undefined : s.key.namespace !== '',
      verbs: ['get', 'list', 'watch'],
      shortNames: [],
    });
  }
  return [...out.values()];
}
