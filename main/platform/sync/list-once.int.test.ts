// SPDX-License-Identifier: Apache-2.0
/**
 * `SyncEngine.listOnce` against lab-a, through the real ClusterRegistry, KubeHttp and SQLite
 * cache: a namespace's objects in one list call, the source's informer starting from that
 * list (no list request of its own) and watching on from its resourceVersion, and a live
 * source answered from the cache. Objects are made with client-node, a client independent of
 * the code under test.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kubeConfig, tempNamespace } from '../../../test/harness/lab';
import type { CacheDb, SourceKey } from '../cache/cache-db';
import { ClusterRegistry } from '../kube/cluster-registry';
import { SyncEngine } from './sync-engine';
import { openLabSync, type LabSync } from './testing/lab-sync';
import { Recorder } from './testing/recorder';

const core = () => kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
const configMap = (name: string): k8s.V1ConfigMap => ({ metadata: { name, labels: { set: name.startsWith('a') ? 'a' : 'b' } }, data: { n: name } });

describe('one-call lists shared with the live slice, against the lab', () => {
  let lab: LabSync | undefined;
  let registry: ClusterRegistry;
  let cache: CacheDb;

  beforeAll(async () => {
    lab = await openLabSync('mldeck-list-once-');
    ({ registry, cache } = lab);
  });
  afterAll(() => lab?.dispose());

  it('lists a namespace in one call; the slice starts from that list and watches on from it', async () => {
    const ns = await tempNamespace('list-once');
    const engine = new SyncEngine(registry, cache, { informer: { watchOpenTimeoutMs: 3000, pageSize: 10 }, log: () => undefined });
    try {
      const names = Array.from({ length: 25 }, (_, i) => `${i % 2 ? 'a' : 'b'}-${String(i).padStart(2, '0')}`);
      for (const name of names) await core().createNamespacedConfigMap({ namespace: ns.name, body: configMap(name) });
      const cluster = registry.contexts().find((c) => c.entry.name === 'lab-a')?.entry.id ?? '';
      const src: SourceKey = { cluster, group: '', version: 'v1', resource: 'configmaps', namespace: ns.name };
      const byApi = await core().listNamespacedConfigMap({ namespace: ns.name });
      const expected = (byApi.items ?? []).map((c) => c.metadata?.name ?? '').sort();
      expect(expected).toEqual(expect.arrayContaining(names));

      // as the experiment page does: the one call, then the slice at once
      const once = engine.listOnce(src);
      const rec = new Recorder();
      rec.init(await engine.subscribe(src, rec.listener));
      const list = await once;
      expect(list.items.map((o) => o.metadata.name).sort()).toEqual(expected);
      expect(list.items.every((o) => o.kind === 'ConfigMap' && o.apiVersion === 'v1' && !('managedFields' in o.metadata))).toBe(true);
      expect(Number(list.resourceVersion)).toBeGreaterThan(0);
      await eventually('the slice has every object', async () => (rec.names().length === expected.length ? true : undefined), 30_000);
      expect(rec.names()).toEqual(expected);
      // the informer made no list request of its own (with pages of 10 it would have made 3)
      expect(engine.statsOf(src)).toMatchObject({ lists: 1, listRequests: 0 });

      // it watches on from the list's resourceVersion: a change made afterwards arrives
      await core().createNamespacedConfigMap({ namespace: ns.name, body: configMap('a-late') });
      await eventually('a-late pushed', async () => (rec.rows.has('a-late') ? true : undefined), 30_000);
      await eventually('live', async () => (engine.stateOf(src)?.freshness === 'live' ? true : undefined), 30_000);
      expect(rec.repeats).toBe(0);

      // live: the cache answers, with the change, and still no list request
      const again = await engine.listOnce(src);
      expect(again.items.map((o) => o.metadata.name).sort()).toEqual([...expected, 'a-late'].sort());
      expect(engine.statsOf(src)).toMatchObject({ lists: 1, listRequests: 0 });
    } finally {
      engine.dispose();
      await ns.remove();
    }
  });

  it('says why when the cluster refuses the list, and lets the slice say it too', async () => {
    const engine = new SyncEngine(registry, cache, { informer: { watchOpenTimeoutMs: 3000 }, log: () => undefined });
    try {
      const cluster = registry.contexts().find((c) => c.entry.name === 'lab-a-restricted')?.entry.id ?? '';
      expect(cluster).not.toBe('');
      const src: SourceKey = { cluster, group: '', version: 'v1', resource: 'configmaps', namespace: 'team-b' };
      await expect(engine.listOnce(src)).rejects.toMatchObject({ code: 'forbidden' });
      const rec = new Recorder();
      rec.init(await engine.subscribe(src, rec.listener));
      await eventually('forbidden', async () => (engine.stateOf(src)?.freshness === 'forbidden' ? true : undefined), 30_000);
    } finally {
      engine.dispose();
    }
  });
});
