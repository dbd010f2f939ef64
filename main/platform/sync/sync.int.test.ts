// SPDX-License-Identifier: Apache-2.0
/**
 * The sync engine against the lab, through the real ClusterRegistry, KubeHttp and SQLite
 * cache: list then watch, an API server restart, a relist after a 410, a silent connection,
 * and a user whom RBAC limits to one namespace. Changes are made with client-node, a client
 * independent of the code under test.
 */
import * as k8s from '@kubernetes/client-node';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../../../test/harness/lab';
import { startRelay, type TcpRelay } from '../../../test/harness/tcp-relay';
import { labCluster, startApiserver } from '../../../test/lab/control-plane';
import { isRunning, readPid, stopProcess } from '../../../test/lab/process';
import type { CacheDb, SourceKey } from '../cache/cache-db';
import { openCache } from '../cache/sqlite-cache';
import { ClusterRegistry } from '../kube/cluster-registry';
import { FileExecApprovals } from '../kube/exec-approvals';
import { ExecCredentialRunner } from '../kube/exec-credential';
import { benchColdList, benchRelist, benchWatchApply } from './bench';
import { SyncEngine, type SyncEngineOptions } from './sync-engine';
import { collectionPath, type WatchEvent, type WatchStatus } from './sync-types';
import { openLabSync, type LabSync } from './testing/lab-sync';
import { Recorder } from './testing/recorder';

const podTemplate = (name: string, note = '0'): k8s.V1PodTemplate => ({
  metadata: { name, annotations: { 'mldeck.dev/note': note } },
  template: { spec: { containers: [{ name: 'main', image: 'busybox' }] } },
});
const pod = (name: string): k8s.V1Pod => ({ metadata: { name }, spec: { containers: [{ name: 'main', image: 'busybox' }], restartPolicy: 'Never' } });
const core = () => kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
const since = (t: number) => Math.round(performance.now() - t);
const timings: Record<string, number> = {};

/** The options of the engines here: a short open timeout so quiet watches count as live soon. */
const engineOpts: SyncEngineOptions = { informer: { watchOpenTimeoutMs: 3000 }, log: () => undefined };

describe('sync engine against the lab', () => {
  let dataDir: string;
  let registry: ClusterRegistry;
  let cache: CacheDb;
  const idOf = (context: string) => registry.contexts().find((c) => c.entry.name === context)?.entry.id ?? '';
  const source = (context: string, resource: string, namespace: string): SourceKey => ({
    cluster: idOf(context),
    group: '',
    version: 'v1',
    resource,
    namespace,
  });

  let lab: LabSync | undefined;

  beforeAll(async () => {
    lab = await openLabSync('mldeck-sync-');
    ({ dataDir, registry, cache } = lab);
  });
  afterAll(() => {
    lab?.dispose();
    console.log('[sync timings, ms]', timings);
  });

  it('lists a namespace’s pods, then pushes create, update and delete as deltas', async () => {
    const ns = await tempNamespace('sync-pods');
    const engine = new SyncEngine(registry, cache, engineOpts);
    try {
      await core().createNamespacedPod({ namespace: ns.name, body: pod('before') });
      const src = source('lab-a', 'pods', ns.name);
      const rec = new Recorder();
      let t = performance.now();
      rec.init(await engine.subscribe(src, rec.listener));
      await eventually('live', async () => (engine.stateOf(src)?.freshness === 'live' ? true : undefined), 30_000);
      timings['list+watch to live'] = since(t);
      expect(rec.names()).toEqual(['before']);
      expect(rec.freshness).toEqual(['syncing', 'live']);

      t = performance.now();
      await core().createNamespacedPod({ namespace: ns.name, body: pod('p1') });
      await eventually('p1 upserted', async () => (rec.rows.has('p1') ? true : undefined));
      timings['create to delta'] = rec.latency(t, (d) => d.upserts.some((o) => o.metadata.name === 'p1'));

      const p1 = await core().readNamespacedPod({ name: 'p1', namespace: ns.name });
      p1.metadata = { ...p1.metadata, labels: { ...p1.metadata?.labels, changed: 'yes' } };
      t = performance.now();
      await core().replaceNamespacedPod({ name: 'p1', namespace: ns.name, body: p1 });
      await eventually('p1 updated', async () => (rec.rows.get('p1')?.metadata.labels?.['changed'] === 'yes' ? true : undefined));
      timings['update to delta'] = rec.latency(t, (d) => d.upserts.some((o) => o.metadata.labels?.['changed'] === 'yes'));

      t = performance.now();
      await core().deleteNamespacedPod({ name: 'p1', namespace: ns.name, gracePeriodSeconds: 0 });
      await eventually('p1 deleted', async () => (rec.deltas.some((d) => d.deletes.some((o) => o.metadata.name === 'p1')) ? true : undefined));
      timings['delete to delta'] = rec.latency(t, (d) => d.deletes.some((o) => o.metadata.name === 'p1'));
      expect(rec.names()).toEqual(['before']);
      expect(rec.repeats).toBe(0);
      expect(rec.strayDeletes).toBe(0);
      // the cache holds what the view shows
      expect((await cache.listObjects(src.cluster, src, ns.name)).map((o) => o.metadata.name)).toEqual(['before']);
      expect(engine.statsOf(src)).toMatchObject({ lists: 1, gone: 0, maxInFlight: 1 });
    } finally {
      engine.dispose();
      await ns.remove();
    }
  });

  it('resumes after an API server restart: reconnecting then live, later changes seen, no duplicates', async () => {
    const ns = await tempNamespace('sync-restart');
    const engine = new SyncEngine(registry, cache, engineOpts);
    const lab = labCluster('lab-a');
    try {
      for (const n of ['s0', 's1', 's2']) await core().createNamespacedPod({ namespace: ns.name, body: pod(n) });
      const src = source('lab-a', 'pods', ns.name);
      const rec = new Recorder();
      rec.init(await engine.subscribe(src, rec.listener));
      await eventually('3 pods, live', async () => (rec.rows.size === 3 && engine.stateOf(src)?.freshness === 'live' ? true : undefined), 30_000);
      // let kwok finish moving the pods to Running, so what follows is only the restart
      await eventually('pods running', async () =>
        [...rec.rows.values()].every((p) => (p.status as { phase?: string })?.phase === 'Running') ? true : undefined,
      );
      const before = rec.deltas.length;

      const rec1 = readPid('lab-a-apiserver');
      expect(rec1).toBeDefined();
      let t = performance.now();
      await stopProcess(rec1 ?? { name: 'lab-a-apiserver', pid: -1, command: '', args: [], startedAt: '' });
      timings['apiserver stop took'] = since(t);
      t = performance.now();
      await eventually('reconnecting', async () => (engine.stateOf(src)?.freshness !== 'live' ? true : undefined), 30_000);
      timings['apiserver stopped to not live'] = since(t);
      t = performance.now();
      await startApiserver(lab);
      timings['apiserver start to ready'] = since(t);
      t = performance.now();
      await eventually('live again', async () => (engine.stateOf(src)?.freshness === 'live' ? true : undefined), 90_000);
      timings['apiserver ready to live'] = since(t);

      await core().createNamespacedPod({ namespace: ns.name, body: pod('after') });
      await eventually('the pod made after the restart', async () => (rec.rows.has('after') ? true : undefined));
      expect(rec.freshness[0]).toBe('syncing');
      const afterStop = rec.freshness.slice(rec.freshness.indexOf('live') + 1);
      expect(afterStop[0]).toBe('reconnecting');
      expect(afterStop.at(-1)).toBe('live');
      expect(afterStop).not.toContain('forbidden');
      // nothing unchanged was pushed again, nothing was deleted by mistake
      expect(rec.repeats).toBe(0);
      expect(rec.strayDeletes).toBe(0);
      expect(rec.deltas.slice(before).flatMap((d) => d.deletes)).toEqual([]);
      const truth = await core().listNamespacedPod({ namespace: ns.name });
      expect(rec.names()).toEqual(truth.items.map((p) => p.metadata?.name).sort());
      for (const p of truth.items) expect(rec.rows.get(p.metadata?.name ?? '')?.metadata.resourceVersion).toBe(p.metadata?.resourceVersion);
      const stats = engine.statsOf(src);
      expect(stats?.maxInFlight).toBe(1);
      timings['restart: failed attempts'] = stats?.failures ?? -1;
      timings['restart: relists'] = (stats?.lists ?? 1) - 1;
      console.log('[restart states]', rec.log);
    } finally {
      engine.dispose();
      const rec2 = readPid('lab-a-apiserver');
      if (!rec2 || !isRunning(rec2)) await startApiserver(lab);
      await ns.remove();
    }
  }, 240_000);

  it('relists after a 410 forced by etcd compaction, pushing exactly the missed changes', async () => {
    const ns = await tempNamespace('sync-410');
    const churn = await tempNamespace('sync-churn');
    const engine = new SyncEngine(registry, cache, engineOpts);
    try {
      for (const n of ['t1', 't2', 't3']) await core().createNamespacedPodTemplate({ namespace: ns.name, body: podTemplate(n) });
      await core().createNamespacedPodTemplate({ namespace: churn.name, body: podTemplate('noise') });
      const src = source('lab-a', 'podtemplates', ns.name);
      const rec = new Recorder();
      rec.init(await engine.subscribe(src, rec.listener));
      await eventually('live', async () => (rec.rows.size === 3 && engine.stateOf(src)?.freshness === 'live' ? true : undefined), 30_000);

      // stop the stream, and change what it would have seen
      await engine.pause();
      const rv = engine.stateOf(src)?.resourceVersion ?? '';
      const t1 = await core().readNamespacedPodTemplate({ name: 't1', namespace: ns.name });
      t1.metadata = { ...t1.metadata, annotations: { 'mldeck.dev/note': 'missed' } };
      await core().replaceNamespacedPodTemplate({ name: 't1', namespace: ns.name, body: t1 });
      await core().deleteNamespacedPodTemplate({ name: 't2', namespace: ns.name });
      await core().createNamespacedPodTemplate({ namespace: ns.name, body: podTemplate('t4') });

      // Compact etcd. kube-apiserver 1.35 serves watches from its watch cache, which keeps
      // events in memory regardless of etcd: a resourceVersion expires there only when the
      // cache is full and its oldest events are older than 75 s. So: wait those 75 s, then
      // write elsewhere (another namespace) until the server refuses our resourceVersion.
      const etcd = `http://127.0.0.1:${labCluster('lab-a').ports.etcdClient}`;
      const revision = (
        (await (await fetch(`${etcd}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: 'AA==' }) })).json()) as { header: { revision: string } }
      ).header.revision;
      const compacted = await fetch(`${etcd}/v3/kv/compaction`, { method: 'POST', body: JSON.stringify({ revision }) });
      expect(compacted.ok).toBe(true);
      await new Promise((r) => setTimeout(r, 76_000));
      const http = await registry.http(src.cluster);
      const expired = async () => {
        for await (const ev of http.stream<WatchEvent>({ path: collectionPath(src), query: { watch: 1, resourceVersion: rv, timeoutSeconds: 1 } })) {
          return ev.type === 'ERROR' && (ev.object as WatchStatus).code === 410;
        }
        return false;
      };
      let writes = 0;
      while (!(await expired())) {
        expect(writes).toBeLessThan(5000);
        await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            core().patchNamespacedPodTemplate(
              { name: 'noise', namespace: churn.name, body: [{ op: 'replace', path: '/metadata/annotations', value: { 'mldeck.dev/note': `${writes + i}` } }] },
              k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
            ),
          ),
        );
        writes += 50;
      }
      timings['410: writes needed to expire the watch cache'] = writes;

      const before = rec.deltas.length;
      const t = performance.now();
      engine.resume();
      await eventually(
        'live after the relist',
        async () => (engine.statsOf(src)?.lists === 2 && engine.stateOf(src)?.freshness === 'live' ? true : undefined),
        30_000,
      );
      timings['410: resume to live'] = since(t);
      const after = rec.deltas.slice(before);
      expect(after.every((d) => d.reset === undefined)).toBe(true);
      expect(after.flatMap((d) => d.upserts).map((o) => o.metadata.name)).toEqual(expect.arrayContaining(['t1', 't4']));
      expect(after.flatMap((d) => d.upserts).map((o) => o.metadata.name)).toHaveLength(2);
      expect(after.flatMap((d) => d.deletes).map((o) => o.metadata.name)).toEqual(['t2']);
      expect(rec.rows.get('t1')?.metadata.annotations?.['mldeck.dev/note']).toBe('missed');
      expect(rec.names()).toEqual(['t1', 't3', 't4']);
      expect(rec.repeats).toBe(0);
      expect(rec.strayDeletes).toBe(0);
      expect(engine.statsOf(src)?.gone).toBe(1);
    } finally {
      engine.dispose();
      await ns.remove();
      await churn.remove();
    }
  }, 300_000);

  describe('through a relay that can hold traffic', () => {
    let relay: TcpRelay;
    let relayed: ClusterRegistry;
    let relayDir: string;

    beforeAll(async () => {
      // a loopback TCP relay to lab-a that can stop forwarding while keeping connections open
      relay = await startRelay(16443);
      const kc = readFileSync(relay.kubeconfig(labInfo().kubeconfig, 'lab-a'), 'utf8');
      relayDir = mkdtempSync(join(tmpdir(), 'mldeck-sync-relay-'));
      writeFileSync(join(relayDir, 'kubeconfig'), kc, { mode: 0o600 });
      const execRunner = new ExecCredentialRunner({ approvals: new FileExecApprovals(join(relayDir, 'exec-approvals.json')) });
      relayed = new ClusterRegistry({ dataDir: relayDir, execRunner, env: { KUBECONFIG: join(relayDir, 'kubeconfig') }, home: relayDir });
      await relayed.reload();
    });
    afterAll(() => {
      relayed?.dispose();
      void relay?.close();
      rmSync(relayDir, { recursive: true, force: true });
    });

    it('detects a silent watch within silenceMs and is live with the changes once traffic flows', async () => {
      const ns = await tempNamespace('sync-silent');
      const silenceMs = 3000;
      const engine = new SyncEngine(relayed, cache, {
        log: () => undefined,
        informer: { silenceMs, watchOpenTimeoutMs: 1500, listTimeoutMs: 5000, backoff: { baseMs: 200, capMs: 2000 } },
      });
      // steady changes keep bytes flowing while the relay forwards
      let ticking = true;
      await core().createNamespacedPodTemplate({ namespace: ns.name, body: podTemplate('tick') });
      await core().createNamespacedPodTemplate({ namespace: ns.name, body: podTemplate('victim') });
      const ticker = (async () => {
        for (let i = 1; ticking; i++) {
          const body = [{ op: 'replace', path: '/metadata/annotations', value: { 'mldeck.dev/note': String(i) } }];
          await core()
            .patchNamespacedPodTemplate({ name: 'tick', namespace: ns.name, body }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch))
            .catch(() => undefined);
          await new Promise((r) => setTimeout(r, 400));
        }
      })();
      try {
        const id = relayed.contexts().find((c) => c.entry.name === 'lab-a')?.entry.id ?? '';
        const src: SourceKey = { cluster: id, group: '', version: 'v1', resource: 'podtemplates', namespace: ns.name };
        const rec = new Recorder();
        rec.init(await engine.subscribe(src, rec.listener));
        await eventually('live', async () => (engine.stateOf(src)?.freshness === 'live' && rec.rows.size === 2 ? true : undefined), 30_000);
        await new Promise((r) => setTimeout(r, 2 * silenceMs)); // healthy traffic: the watchdog stays quiet
        expect(engine.statsOf(src)?.watchdogFires).toBe(0);

        relay.hold();
        const t = performance.now();
        await eventually('not live', async () => (engine.stateOf(src)?.freshness !== 'live' ? true : undefined), 20_000);
        const detectMs = since(t);
        timings['silent watch detected after'] = detectMs;
        expect(detectMs).toBeLessThan(silenceMs + 1500);
        expect(engine.statsOf(src)?.watchdogFires).toBeGreaterThanOrEqual(1);
        expect(engine.stateOf(src)?.freshness).toBe('reconnecting');

        // changes while the connection is held
        await core().createNamespacedPodTemplate({ namespace: ns.name, body: podTemplate('during') });
        await core().deleteNamespacedPodTemplate({ name: 'victim', namespace: ns.name });
        await new Promise((r) => setTimeout(r, 2 * silenceMs));
        expect(rec.rows.has('during')).toBe(false);

        await relay.up();
        const t2 = performance.now();
        await eventually('live with the changes', async () =>
          engine.stateOf(src)?.freshness === 'live' && rec.rows.has('during') && !rec.rows.has('victim') ? true : undefined,
        );
        timings['silent watch: traffic back to live'] = since(t2);
        expect(rec.repeats).toBe(0);
        expect(rec.strayDeletes).toBe(0);
        expect(engine.statsOf(src)?.maxInFlight).toBe(1);
        timings['silent watch: attempts while held'] = engine.statsOf(src)?.failures ?? -1;
        console.log('[silent states]', rec.log);
      } finally {
        await relay.up();
        ticking = false;
        await ticker;
        engine.dispose();
        await ns.remove();
      }
    }, 120_000);
  });

  it('marks team-b pods forbidden for the restricted user without failing, while team-a pods are live', async () => {
    const engine = new SyncEngine(registry, cache, engineOpts);
    try {
      const teamB = source('lab-a-restricted', 'pods', 'team-b');
      const teamA = source('lab-a-restricted', 'pods', 'team-a');
      const b = new Recorder();
      const a = new Recorder();
      b.init(await engine.subscribe(teamB, b.listener));
      a.init(await engine.subscribe(teamA, a.listener));
      await eventually('team-b forbidden', async () => (engine.stateOf(teamB)?.freshness === 'forbidden' ? true : undefined), 30_000);
      await eventually('team-a live', async () => (engine.stateOf(teamA)?.freshness === 'live' ? true : undefined), 30_000);
      expect(engine.stateOf(teamB)?.error).toMatch(/alice.*cannot list.*pods.*team-b/);
      expect(b.freshness.at(-1)).toBe('forbidden');
      expect(b.rows.size).toBe(0);
      expect(a.rows.size).toBeGreaterThan(0);
      // it does not retry hot
      await new Promise((r) => setTimeout(r, 3000));
      expect(engine.statsOf(teamB)).toMatchObject({ listRequests: 1, watches: 0 });
    } finally {
      engine.dispose();
    }
  });

  it('measures B1–B3 on lab-a as the benchmark runner does, in a namespace of its own', async () => {
    // Other tests and helpers create and delete pods on lab-a meanwhile (whole namespaces
    // too): measured on all pods, the relist would rightly push their deletes. In a namespace
    // of its own, nothing else changes what it lists, so the relist must push nothing.
    const ns = await tempNamespace('sync-bench');
    const benchCache = await openCache({ file: join(dataDir, 'bench.sqlite') });
    try {
      const names = Array.from({ length: 30 }, (_, i) => `bench-${i}`);
      for (const n of names) await core().createNamespacedPod({ namespace: ns.name, body: pod(n) });
      // kwok moves new pods to Running: wait until it is done, so the relist sees no change
      await eventually(
        'pods running',
        async () => {
          const list = await core().listNamespacedPod({ namespace: ns.name });
          return list.items.length === names.length && list.items.every((p) => p.status?.phase === 'Running') ? true : undefined;
        },
        60_000,
      );
      const target = { client: registry, clusterId: idOf('lab-a'), cache: benchCache, timeoutMs: 60_000 };
      const own = { namespace: ns.name };
      const b1 = await benchColdList(target, own);
      expect(b1.items).toBe(names.length);
      const b2 = await benchWatchApply(target, { namespace: ns.name, objects: 20, updates: 1000 });
      expect(b2.events).toBe(1020);
      const b3 = await benchRelist(target, own);
      expect(b3.items).toBe(names.length);
      expect(b3).toMatchObject({ pushedUpserts: 0, pushedDeletes: 0 });
      timings['B1 pods'] = b1.items;
      timings['B1 first rows'] = Math.round(b1.firstRowsMs);
      timings['B1 full list'] = Math.round(b1.fullListMs);
      timings['B2 backlog events/s'] = Math.round(b2.eventsPerSecond);
      timings['B2 generated/s'] = Math.round(b2.generatedPerSecond);
      timings['B3 relist'] = Math.round(b3.relistMs);
      timings['B3 recover'] = Math.round(b3.recoverMs);
      timings['B3 requests'] = b3.requests;
    } finally {
      benchCache.dispose();
      await ns.remove();
    }
  }, 180_000);
});
