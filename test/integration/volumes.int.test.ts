// SPDX-License-Identifier: Apache-2.0
/**
 * The volume browser through the real services, on both lab clusters: lab-a serves Kubeflow's
 * PVCViewer (so a session is a PVCViewer whose pod's file server is reached through the
 * in-cluster connector; the PVCViewer and what its controller made are gone when it is closed),
 * lab-b does not (so a session is a helper pod, every file operation an exec over the
 * `v5.channel.k8s.io` WebSocket with tar). On each: files are uploaded, listed (exact lists),
 * previewed, downloaded and deleted, and land in the folder that stands for the claim
 * (`.lab/volumes/…`); a read-only session refuses changes; a ReadWriteOnce claim in use is
 * browsed on its node with the reason given; the seeded workspace of a notebook server is
 * browsed. On lab-a a ReadWriteOncePod claim in use is refused with why, and a user without the
 * rights is told which ones (both ways of browsing).
 */
import * as k8s from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { volumesContract, type VolumeSession } from '../../shared/features/volumes/volumes.contract';
import { volumeDir } from '../lab/volumes/volume-folders';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const text = (b: string) => Buffer.from(b, 'base64').toString('utf8');

const clusters = [
  { cluster: 'lab-a', via: 'pvcviewer', workspace: { namespace: 'team-a', notebook: 'alice-scipy' } },
  { cluster: 'lab-b', via: 'pod', workspace: { namespace: 'research', notebook: 'dave-jax' } },
] as const;

/** Claims and pods of a test's namespace on a cluster. */
function claimHelpers(cluster: 'lab-a' | 'lab-b', ns: () => string, pvs: string[]) {
  const core = () => kubeConfig(cluster).makeApiClient(k8s.CoreV1Api);
  /** A claim pre-bound to a static PV of the lab's StorageClass. */
  const makeClaim = async (claim: string, mode: string) => {
    const pv = `vol-test-${ns()}-${claim}`.slice(0, 63);
    await core().createPersistentVolume({
      body: {
        metadata: { name: pv },
        spec: {
          capacity: { storage: '1Gi' },
          accessModes: [mode],
          storageClassName: 'lab-static',
          persistentVolumeReclaimPolicy: 'Delete',
          hostPath: { path: `/tmp/mldeck-test-pv/${pv}` },
          claimRef: { namespace: ns(), name: claim },
        },
      },
    });
    pvs.push(pv);
    await core().createNamespacedPersistentVolumeClaim({
      namespace: ns(),
      body: {
        metadata: { name: claim },
        spec: { accessModes: [mode], storageClassName: 'lab-static', volumeName: pv, resources: { requests: { storage: '1Gi' } } },
      },
    });
    await eventually(`${claim} is bound`, async () =>
      (await core().readNamespacedPersistentVolumeClaim({ name: claim, namespace: ns() })).status?.phase === 'Bound' ? true : undefined,
    );
  };

  /** A running pod that mounts a claim (the claim's current user). */
  const runPodWith = async (name: string, claim: string) => {
    await core().createNamespacedPod({
      namespace: ns(),
      body: {
        metadata: { name },
        spec: {
          containers: [{ name: 'main', image: 'busybox:1.37.0', command: ['sleep', '3600'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }],
        },
      },
    });
    return eventually(`${name} runs`, async () => {
      const p = await core().readNamespacedPod({ name, namespace: ns() });
      return p.status?.phase === 'Running' ? (p.spec?.nodeName ?? '') : undefined;
    });
  };
  return { makeClaim, runPodWith };
}

describe.each(clusters)('volume browser on $cluster (through $via)', ({ cluster, via, workspace }) => {
  let ns: { name: string; remove(): Promise<void> };
  let app: AppUnderTest;
  let clusterId = '';
  const pvs: string[] = [];
  const core = () => kubeConfig(cluster).makeApiClient(k8s.CoreV1Api);
  const custom = () => kubeConfig(cluster).makeApiClient(k8s.CustomObjectsApi);
  const podExists = (name: string, namespace = ns.name) =>
    core()
      .readNamespacedPod({ name, namespace })
      .then(() => true)
      .catch(() => false);
  const viewerExists = (name: string, namespace = ns.name) =>
    custom()
      .getNamespacedCustomObject({ group: 'kubeflow.org', version: 'v1alpha1', plural: 'pvcviewers', namespace, name })
      .then(() => true)
      .catch(() => false);

  const { makeClaim, runPodWith } = claimHelpers(cluster, () => ns.name, pvs);

  beforeAll(async () => {
    ns = await tempNamespace('vol', cluster);
    app = await startApp(labInfo().kubeconfig);
    const list = await app.api.call(clustersContract.list, {});
    clusterId = list.clusters.find((c) => c.contextName === cluster)?.id ?? '';
    expect(clusterId).not.toBe('');
    await makeClaim('data', 'ReadWriteOnce');
  }, 120_000);
  afterAll(async () => {
    app?.close();
    await ns?.remove();
    for (const pv of pvs)
      await core()
        .deletePersistentVolume({ name: pv })
        .catch(() => undefined);
  });

  it(`uploads, lists, previews, downloads and deletes files through the ${via}; closing removes what was made`, async () => {
    const s = await app.api.call(volumesContract.open, { clusterId, namespace: ns.name, claim: 'data', writable: true });
    expect(s.writable).toBe(true);
    expect(s.via).toBe(via);
    expect(await podExists(s.pod)).toBe(true);
    expect((await app.api.call(volumesContract.sessions, {})).map((x) => x.id)).toContain(s.id);
    if (via === 'pvcviewer') {
      expect(s.viewer).toMatch(/^mldeck-volume-[0-9a-f]{8}$/);
      expect(await viewerExists(s.viewer ?? '')).toBe(true);
      // the controller's pod mounts the claim read-write for a writable session
      const pod = await core().readNamespacedPod({ name: s.pod, namespace: ns.name });
      expect(pod.metadata?.labels?.['app.kubernetes.io/name']).toBe(s.viewer);
      const claim = pod.spec?.volumes?.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim;
      expect(claim?.claimName).toBe('data');
      expect(claim?.readOnly ?? false).toBe(false);
    } else {
      expect(s.viewer).toBeUndefined();
      expect((await core().readNamespacedPod({ name: s.pod, namespace: ns.name })).metadata?.labels?.['mldeck.dev/volume-browser']).toBe('true');
    }

    const csv = 'a,b\n1,2\n3,4\n';
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const after = await app.api.call(volumesContract.upload, {
      sessionId: s.id,
      folder: '',
      files: [
        { name: 'hello world.txt', base64: b64('hello from MLDeck\n') },
        { name: 'table.csv', base64: b64(csv) },
        { name: 'blob.bin', base64: big.toString('base64') },
      ],
    });
    expect(after.entries.map((e) => e.name)).toEqual(['blob.bin', 'hello world.txt', 'table.csv']);
    expect(after.entries.find((e) => e.name === 'blob.bin')).toMatchObject({ kind: 'file', size: big.length });
    // the files are in the folder that stands for the claim: KWOK ran tar there
    const dir = volumeDir(cluster, ns.name, 'data');
    expect(readFileSync(`${dir}/hello world.txt`, 'utf8')).toBe('hello from MLDeck\n');

    const head = await app.api.call(volumesContract.read, { sessionId: s.id, path: 'table.csv', maxBytes: 5 });
    expect(text(head.base64)).toBe('a,b\n1');
    expect(head.truncated).toBe(true);
    const file = await app.api.call(volumesContract.download, { sessionId: s.id, path: 'blob.bin' });
    expect(file.name).toBe('blob.bin');
    expect(Buffer.from(file.base64, 'base64').equals(big)).toBe(true);

    const up = await app.api.call(volumesContract.upload, { sessionId: s.id, folder: '', files: [{ name: 'nested.txt', base64: b64('x') }] });
    expect(up.entries.some((e) => e.name === 'nested.txt')).toBe(true);
    await app.api.call(volumesContract.delete, { sessionId: s.id, paths: ['hello world.txt', 'nested.txt'] });
    const left = await app.api.call(volumesContract.list, { sessionId: s.id, path: '' });
    expect(left.entries.map((e) => e.name)).toEqual(['blob.bin', 'table.csv']);
    expect(existsSync(`${dir}/hello world.txt`)).toBe(false);

    await expect(app.api.call(volumesContract.list, { sessionId: s.id, path: 'missing' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(app.api.call(volumesContract.list, { sessionId: s.id, path: '../etc' })).rejects.toMatchObject({ code: 'validation' });

    await app.api.call(volumesContract.close, { sessionId: s.id });
    if (via === 'pvcviewer') expect(await viewerExists(s.viewer ?? '')).toBe(false);
    await eventually('the browser pod is gone', async () => ((await podExists(s.pod)) ? undefined : true));
    await expect(app.api.call(volumesContract.list, { sessionId: s.id, path: '' })).rejects.toMatchObject({ code: 'not-found' });
  }, 180_000);

  it('runs on the node of a ReadWriteOnce claim in use, read-only, and says why', async () => {
    const node = await runPodWith('trainer', 'data');
    const s: VolumeSession = await app.api.call(volumesContract.open, { clusterId, namespace: ns.name, claim: 'data', writable: false });
    try {
      expect(s.via).toBe(via);
      expect(s.node).toBe(node);
      // the pod (helper or PVCViewer's) mounts the claim read-only
      const pod = await core().readNamespacedPod({ name: s.pod, namespace: ns.name });
      expect(pod.spec?.volumes?.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim).toEqual({ claimName: 'data', readOnly: true });
      expect(s.notes.join(' ')).toContain(`ReadWriteOnce and in use by pod trainer on node ${node}`);
      expect((await app.api.call(volumesContract.list, { sessionId: s.id, path: '' })).entries.map((e) => e.name)).toEqual(['blob.bin', 'table.csv']);
      const refused = await app.api.call(volumesContract.delete, { sessionId: s.id, paths: ['table.csv'] }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe('forbidden');
      expect((refused as AppError).message).toContain('read-only');
    } finally {
      await app.api.call(volumesContract.close, { sessionId: s.id });
    }
  }, 120_000);

  it('browses the seeded workspace of a notebook server on its node', async () => {
    const nbPod = await core().readNamespacedPod({ name: `${workspace.notebook}-0`, namespace: workspace.namespace });
    const s = await app.api.call(volumesContract.open, {
      clusterId,
      namespace: workspace.namespace,
      claim: `${workspace.notebook}-workspace`,
      writable: false,
    });
    try {
      expect(s.via).toBe(via);
      expect(s.node).toBe(nbPod.spec?.nodeName);
      expect(s.notes.join(' ')).toContain(`notebook server ${workspace.notebook}`);
      const root = await app.api.call(volumesContract.list, { sessionId: s.id, path: '' });
      expect(root.entries.map((e) => `${e.kind}:${e.name}`)).toEqual(
        expect.arrayContaining(['directory:data', 'directory:plots', 'directory:runs', 'file:README.md']),
      );
      const data = await app.api.call(volumesContract.list, { sessionId: s.id, path: 'data' });
      expect(data.entries.map((e) => e.name)).toEqual(['iris.csv', 'params.json']);
      const runs = await app.api.call(volumesContract.list, { sessionId: s.id, path: 'runs' });
      expect(runs.entries.map((e) => `${e.kind}:${e.name}`)).toEqual(['directory:mnist-cnn', 'directory:mnist-mlp']);
      const plots = await app.api.call(volumesContract.list, { sessionId: s.id, path: 'plots' });
      expect(plots.entries.map((e) => `${e.kind}:${e.name}:${e.size}`)).toEqual([
        `file:loss.png:${readFileSync(`${volumeDir(cluster, workspace.namespace, `${workspace.notebook}-workspace`)}/plots/loss.png`).length}`,
      ]);
      const head = await app.api.call(volumesContract.read, { sessionId: s.id, path: 'data/iris.csv', maxBytes: 1024 });
      expect(text(head.base64).split('\n')[0]).toBe('sepal_length,sepal_width,petal_length,petal_width,species');
    } finally {
      await app.api.call(volumesContract.close, { sessionId: s.id });
    }
  }, 120_000);
});

describe('volume browser rights on lab-a', () => {
  let ns: { name: string; remove(): Promise<void> };
  let app: AppUnderTest;
  let labA = '';
  let restricted = '';
  const pvs: string[] = [];
  const core = () => kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
  const { makeClaim, runPodWith } = claimHelpers('lab-a', () => ns.name, pvs);

  beforeAll(async () => {
    ns = await tempNamespace('volrights');
    app = await startApp(labInfo().kubeconfig);
    const list = await app.api.call(clustersContract.list, {});
    labA = list.clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
    restricted = list.clusters.find((c) => c.contextName === 'lab-a-restricted')?.id ?? '';
    expect(labA).not.toBe('');
    await makeClaim('data', 'ReadWriteOnce');
  }, 120_000);
  afterAll(async () => {
    app?.close();
    await ns?.remove();
    for (const pv of pvs)
      await core()
        .deletePersistentVolume({ name: pv })
        .catch(() => undefined);
  });

  it('refuses a ReadWriteOncePod claim in use, and a user without the rights, with the reason', async () => {
    await makeClaim('solo', 'ReadWriteOncePod');
    await runPodWith('solo-user', 'solo');
    const busy = await app.api.call(volumesContract.open, { clusterId: labA, namespace: ns.name, claim: 'solo', writable: false }).catch((e: unknown) => e);
    expect(busy).toMatchObject({ code: 'conflict' });
    expect((busy as AppError).message).toContain('ReadWriteOncePod and pod solo-user mounts it');

    const denied = await app.api
      .call(volumesContract.open, { clusterId: restricted, namespace: ns.name, claim: 'data', writable: false })
      .catch((e: unknown) => e);
    expect(denied).toMatchObject({ code: 'forbidden' });
    expect((denied as AppError).message).toContain('create pods/exec');
    expect((denied as AppError).message).toContain("Kubeflow's PVCViewer, which needs create pvcviewers.kubeflow.org");
  }, 120_000);
});
