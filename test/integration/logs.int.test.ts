// SPDX-License-Identifier: Apache-2.0
/**
 * Kept logs: MLDeck follows a training pod's container, the lines land in the cache, and they
 * are still there after the pod is deleted, and for a new MLDeck process on the same data
 * directory when the cluster cannot be reached.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { logsContract } from '../../shared/features/logs/logs.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';

describe('kept logs', () => {
  let ns: { name: string; remove(): Promise<void> };
  let relay: TcpRelay;
  let app: AppUnderTest;
  let clusterId = '';
  const core = () => kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);

  beforeAll(async () => {
    ns = await tempNamespace('keptlogs');
    relay = await startRelay(16443);
    app = await startApp(relay.kubeconfig(labInfo().kubeconfig, 'lab-a'));
    clusterId = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
  });
  afterAll(async () => {
    app?.close();
    await relay?.close();
    await ns?.remove();
  });

  it('keeps a training container’s log after the pod is gone and offline', async () => {
    await core().createNamespacedPod({
      namespace: ns.name,
      body: {
        metadata: { name: 'trainer-0' },
        spec: { containers: [{ name: 'pytorch', image: 'pytorch/pytorch:2.4.0', resources: { limits: { 'nvidia.com/gpu': '1' } } }] },
      },
    });
    await eventually('pod Running', async () =>
      (await core().readNamespacedPod({ name: 'trainer-0', namespace: ns.name })).status?.phase === 'Running' ? true : undefined,
    );
    const kept = await app.api.call(logsContract.keep, { clusterId, namespace: ns.name, pod: 'trainer-0' });
    expect(kept.containers).toEqual(['pytorch']);
    const ref = { clusterId, namespace: ns.name, pod: 'trainer-0', container: 'pytorch' };
    const first = await eventually('a few kept lines', async () => {
      const r = await app.api.call(logsContract.read, ref);
      return r.lines.length >= 4 ? r : undefined;
    });
    expect(first.following).toBe(true);
    expect(first.lines.at(-1)?.text).toMatch(/step=\d+ loss=/);
    expect(first.lines.at(-1)?.time).toMatch(/^\d{4}-\d\d-\d\dT/);

    await core().deleteNamespacedPod({ name: 'trainer-0', namespace: ns.name, gracePeriodSeconds: 0 });
    await eventually('pod gone', async () => {
      try {
        await core().readNamespacedPod({ name: 'trainer-0', namespace: ns.name });
        return undefined;
      } catch {
        return true;
      }
    });
    const afterDelete = await eventually('following stopped', async () => {
      const r = await app.api.call(logsContract.read, ref);
      return r.following ? undefined : r;
    });
    expect(afterDelete.lines.length).toBeGreaterThanOrEqual(first.lines.length);
    // no line kept twice across reconnects
    const stamps = afterDelete.lines.map((l) => `${l.time} ${l.text}`);
    expect(new Set(stamps).size).toBe(stamps.length);

    // a new MLDeck on the same data directory, the cluster unreachable
    await relay.down();
    const dataDir = app.dataDir;
    app.services.dispose();
    const again = await startApp(relay.kubeconfig(labInfo().kubeconfig, 'lab-a'), { dataDir });
    try {
      const offline = await again.api.call(logsContract.read, ref);
      expect(offline.lines.map((l) => l.text)).toEqual(afterDelete.lines.map((l) => l.text));
      const listed = await again.api.call(logsContract.list, { clusterId, namespace: ns.name });
      expect(listed.map((k) => k.pod)).toEqual(['trainer-0']);
    } finally {
      again.close();
    }
  });
});
