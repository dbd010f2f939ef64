// SPDX-License-Identifier: Apache-2.0
/**
 * Live log tails through the real services: tailing a running lab pod's container answers with
 * the kept lines and then pushes new lines on `logs:appended`; after the pod is deleted the tail
 * says so and `logs:tail` still answers with the kept lines, also for a new MLDeck with the
 * cluster unreachable; untail stops the delivery.
 */
import * as k8s from '@kubernetes/client-node';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { logsContract, type TailAppended } from '../../shared/features/logs/logs.contract';
import { snapshotsContract } from '../../shared/features/snapshots/snapshots.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';

describe('live log tails', () => {
  let ns: { name: string; remove(): Promise<void> };
  let app: AppUnderTest;
  let relay: TcpRelay;
  let kubeconfig = '';
  let clusterId = '';
  const core = () => kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);

  beforeAll(async () => {
    ns = await tempNamespace('logtail');
    relay = await startRelay(16443);
    kubeconfig = relay.kubeconfig(labInfo().kubeconfig, 'lab-a');
    app = await startApp(kubeconfig);
    clusterId = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
  });
  afterAll(async () => {
    app?.close();
    await relay?.close();
    await ns?.remove();
  });

  it('streams a running container’s new lines, then serves the kept ones after the pod is gone and offline; untail stops delivery', async () => {
    await core().createNamespacedPod({
      namespace: ns.name,
      body: { metadata: { name: 'worker-0' }, spec: { containers: [{ name: 'pytorch', image: 'pytorch/pytorch:2.4.0' }] } },
    });
    await eventually('pod Running', async () =>
      (await core().readNamespacedPod({ name: 'worker-0', namespace: ns.name })).status?.phase === 'Running' ? true : undefined,
    );
    const received: TailAppended[] = [];
    const off = app.api.on(logsContract.appended, (e) => received.push(e));
    const ref = { clusterId, namespace: ns.name, pod: 'worker-0', container: 'pytorch' };
    const first = await app.api.call(logsContract.tail, { ...ref, limit: 500 });
    expect(first.following).toBe(true);
    expect(first.state).toBe('following');

    // the lab's log writer adds a line every half second: they arrive as events of this tail
    const mine = () => received.filter((e) => e.subscriptionId === first.subscriptionId);
    const lines = () => mine().flatMap((e) => e.lines);
    await eventually('appended lines', async () => (lines().length >= 4 ? true : undefined));
    expect(lines().at(-1)?.text).toMatch(/step=\d+ loss=/);
    expect(lines().at(-1)?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    // the answer and the events together have no line twice
    const all = [...first.lines, ...lines()].map((l) => `${l.time} ${l.text}`);
    expect(new Set(all).size).toBe(all.length);

    await core().deleteNamespacedPod({ name: 'worker-0', namespace: ns.name, gracePeriodSeconds: 0 });
    const gone = await eventually('the tail says the pod is gone', async () => mine().find((e) => e.state === 'pod-gone'));
    expect(gone.following).toBe(false);

    const kept = await app.api.call(logsContract.tail, ref);
    expect(kept.following).toBe(false);
    expect(kept.state).toBe('pod-gone');
    expect(kept.lines.length).toBeGreaterThanOrEqual(first.lines.length + 4);
    expect(kept.lines.at(-1)).toEqual(lines().at(-1));

    // untail: a live tail of another pod stops delivering once untailed
    await core().createNamespacedPod({
      namespace: ns.name,
      body: { metadata: { name: 'worker-1' }, spec: { containers: [{ name: 'pytorch', image: 'pytorch/pytorch:2.4.0' }] } },
    });
    await eventually('pod Running', async () =>
      (await core().readNamespacedPod({ name: 'worker-1', namespace: ns.name })).status?.phase === 'Running' ? true : undefined,
    );
    const second = await app.api.call(logsContract.tail, { ...ref, pod: 'worker-1' });
    const ofSecond = () => received.filter((e) => e.subscriptionId === second.subscriptionId && e.lines.length > 0).length;
    await eventually('lines of the second tail', async () => (ofSecond() >= 2 ? true : undefined));
    await app.api.call(logsContract.untail, { subscriptionId: second.subscriptionId });
    const at = ofSecond();
    // the capture goes on keeping the log; the tail gets nothing more
    const before = (await app.api.call(logsContract.read, { ...ref, pod: 'worker-1' })).lines.length;
    await eventually('more lines kept', async () =>
      (await app.api.call(logsContract.read, { ...ref, pod: 'worker-1' })).lines.length >= before + 3 ? true : undefined,
    );
    expect(ofSecond()).toBe(at);
    off();

    // a new MLDeck on the same data directory with the cluster unreachable: the kept lines, offline
    await relay.down();
    const dataDir = app.dataDir;
    app.services.dispose();
    const again = await startApp(kubeconfig, { dataDir });
    try {
      const offline = await again.api.call(logsContract.tail, ref);
      expect(offline.state).toBe('offline');
      expect(offline.following).toBe(false);
      expect(offline.lines.map((l) => l.text)).toEqual(kept.lines.map((l) => l.text));
    } finally {
      again.close();
      await relay.up();
      app = await startApp(kubeconfig); // for the next test
    }
  });

  it('refuses a container the pod does not have, and a gone pod with nothing kept', async () => {
    await core().createNamespacedPod({
      namespace: ns.name,
      body: { metadata: { name: 'single' }, spec: { containers: [{ name: 'main', image: 'busybox' }] } },
    });
    await expect(app.api.call(logsContract.tail, { clusterId, namespace: ns.name, pod: 'single', container: 'nope' })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(app.api.call(logsContract.tail, { clusterId, namespace: ns.name, pod: 'never-was', container: 'main' })).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('reads a snapshot’s kept log read-only', async () => {
    const opened = await app.api.call(snapshotsContract.open, { path: join(import.meta.dirname, '..', '..', 'resources', 'sample-workspace.mldeck-snapshot') });
    const snap = opened.clusters.find((c) => c.id.startsWith('snapshot:'));
    expect(snap).toBeDefined();
    const ref = { clusterId: snap?.id ?? '', namespace: 'team-a', pod: 'bert-finetune-squad-master-0', container: 'pytorch' };
    const t = await app.api.call(logsContract.tail, { ...ref, limit: 50 });
    expect(t.state).toBe('snapshot');
    expect(t.following).toBe(false);
    expect(t.lines).toHaveLength(50);
    expect(t.lines.map((l) => `${l.time} ${l.text}`)).toEqual(
      (await app.api.call(logsContract.read, { ...ref, limit: 50 })).lines.map((l) => `${l.time} ${l.text}`),
    );
    await app.api.call(logsContract.untail, { subscriptionId: t.subscriptionId });
  });
});
