// SPDX-License-Identifier: Apache-2.0
/**
 * TensorBoard against lab-a through the real services: a Tensorboard made from a PVC log
 * directory (a workspace claim whose folder holds the lab's seeded event files) becomes ready
 * (the lab's driven controller makes the Deployment and Service; the real tensorboard from PyPI
 * serves behind the pod; an S3 log directory works the same), opening it gives a tunnel whose link carries the token, its scalars are
 * read as JSON through that tunnel (the seeded values), a request without the token is refused;
 * a bad log directory is refused before anything is made.
 */
import * as k8s from '@kubernetes/client-node';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { tensorboardsContract, tensorboardStatus } from '../../shared/features/tensorboards/tensorboards.contract';
import { tunnelsContract } from '../../shared/features/tunnels/tunnels.contract';
import type { KubeObject } from '../../shared/kube/object';
import { deleteObject, putObject } from '../lab/peers/s3';
import { volumeDir } from '../lab/volumes/volume-folders';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';

function get(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: `127.0.0.1:${port}`, ...headers }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TensorBoard', () => {
  let ns: { name: string; remove(): Promise<void> };
  let app: AppUnderTest;
  let labA = '';
  let pv = '';
  const core = () => kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
  const custom = () => kubeConfig('lab-a').makeApiClient(k8s.CustomObjectsApi);

  beforeAll(async () => {
    ns = await tempNamespace('tb');
    app = await startApp(labInfo().kubeconfig);
    labA = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
    expect(labA).not.toBe('');
    pv = `tb-test-${ns.name}`.slice(0, 63);
    await core().createPersistentVolume({
      body: {
        metadata: { name: pv },
        spec: {
          capacity: { storage: '1Gi' },
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'lab-static',
          hostPath: { path: `/tmp/mldeck-test-pv/${pv}` },
          claimRef: { namespace: ns.name, name: 'exp-workspace' },
        },
      },
    });
    await core().createNamespacedPersistentVolumeClaim({
      namespace: ns.name,
      body: {
        metadata: { name: 'exp-workspace' },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'lab-static', volumeName: pv, resources: { requests: { storage: '1Gi' } } },
      },
    });
  }, 60_000);
  afterAll(async () => {
    app?.close();
    await ns?.remove();
    await core()
      .deletePersistentVolume({ name: pv })
      .catch(() => undefined);
  });

  it('makes a Tensorboard from a PVC log directory and reads its scalars through a tunnel', async () => {
    await app.api.call(tensorboardsContract.create, { clusterId: labA, namespace: ns.name, name: 'mnist', logsPath: 'pvc://exp-workspace/runs' });
    const tb = (await custom().getNamespacedCustomObject({
      group: 'tensorboard.kubeflow.org',
      version: 'v1alpha1',
      plural: 'tensorboards',
      namespace: ns.name,
      name: 'mnist',
    })) as KubeObject;
    expect(tb.spec).toEqual({ logspath: 'pvc://exp-workspace/runs' });
    await eventually(
      'the Tensorboard is ready',
      async () => {
        const o = (await custom().getNamespacedCustomObject({
          group: 'tensorboard.kubeflow.org',
          version: 'v1alpha1',
          plural: 'tensorboards',
          namespace: ns.name,
          name: 'mnist',
        })) as KubeObject;
        return tensorboardStatus(o).ready ? o : undefined;
      },
      90_000,
    );

    // the real tensorboard takes a few seconds to listen after its pod runs
    const t = await eventually(
      'a tunnel to TensorBoard',
      () => app.api.call(tensorboardsContract.open, { clusterId: labA, namespace: ns.name, name: 'mnist' }),
      60_000,
    );
    expect(t.target).toEqual({ kind: 'service', name: 'mnist', port: 80 });
    expect(t.podPort).toBe(6006);
    const port = Number(t.address.split(':')[1]);
    expect((await get(port, '/data/runs', {})).status).toBe(403);

    const first = await get(port, new URL(t.url ?? '').pathname, {});
    expect(first.status).toBe(302);
    const cookie = String(first.headers['set-cookie']).split(';')[0] ?? '';
    const runs = await eventually(
      'TensorBoard lists the runs',
      async () => {
        const r = await get(port, '/data/runs', { Cookie: cookie });
        const list = r.status === 200 ? (JSON.parse(r.body) as string[]) : [];
        return list.length >= 4 ? list : undefined;
      },
      60_000,
    );
    expect(runs.sort()).toEqual(['mnist-cnn/train', 'mnist-cnn/validation', 'mnist-mlp/train', 'mnist-mlp/validation']);
    const scalars = await get(port, '/data/plugin/scalars/scalars?run=mnist-cnn%2Ftrain&tag=loss', { Cookie: cookie });
    expect(scalars.status).toBe(200);
    const points = JSON.parse(scalars.body) as [number, number, number][];
    expect(points).toHaveLength(50);
    expect(points[0]?.[1]).toBe(0);
    expect(points[0]?.[2]).toBeCloseTo(2.35, 5);
    expect(points[49]?.[2]).toBeLessThan(points[0]?.[2] ?? 0);

    // opening again reuses the tunnel
    expect((await app.api.call(tensorboardsContract.open, { clusterId: labA, namespace: ns.name, name: 'mnist' })).id).toBe(t.id);
    await app.api.call(tunnelsContract.close, { id: t.id });
    await app.api.call(tensorboardsContract.delete, { clusterId: labA, namespace: ns.name, name: 'mnist' });
  }, 240_000);

  it('reads an S3 log directory (event files uploaded to the lab S3)', async () => {
    const runs = join(volumeDir('lab-a', 'team-a', 'alice-scipy-workspace'), 'runs');
    const prefix = `tensorboard/${ns.name}/runs`;
    const files = readdirSync(runs, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    expect(files.length).toBe(4);
    for (const f of files) {
      const path = join(f.parentPath, f.name);
      await putObject('mlpipeline', `${prefix}/${relative(runs, path)}`, readFileSync(path));
    }
    try {
      await app.api.call(tensorboardsContract.create, { clusterId: labA, namespace: ns.name, name: 'from-s3', logsPath: `s3://mlpipeline/${prefix}` });
      const t = await eventually(
        'a tunnel to the S3 TensorBoard',
        () => app.api.call(tensorboardsContract.open, { clusterId: labA, namespace: ns.name, name: 'from-s3' }),
        120_000,
      );
      const port = Number(t.address.split(':')[1]);
      const cookie = String((await get(port, new URL(t.url ?? '').pathname, {})).headers['set-cookie']).split(';')[0] ?? '';
      const listed = await eventually(
        'TensorBoard lists the S3 runs',
        async () => {
          const r = await get(port, '/data/runs', { Cookie: cookie });
          const list = r.status === 200 ? (JSON.parse(r.body) as string[]) : [];
          return list.length >= 4 ? list : undefined;
        },
        60_000,
      );
      expect(listed.sort()).toEqual(['mnist-cnn/train', 'mnist-cnn/validation', 'mnist-mlp/train', 'mnist-mlp/validation']);
      await app.api.call(tunnelsContract.close, { id: t.id });
      await app.api.call(tensorboardsContract.delete, { clusterId: labA, namespace: ns.name, name: 'from-s3' });
    } finally {
      for (const f of files) await deleteObject('mlpipeline', `${prefix}/${relative(runs, join(f.parentPath, f.name))}`);
    }
  }, 240_000);

  it('refuses a log directory the controller cannot use, before anything is made', async () => {
    const e = await app.api
      .call(tensorboardsContract.create, { clusterId: labA, namespace: ns.name, name: 'bad', logsPath: '/tmp/logs' })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'validation' });
    expect(JSON.stringify(e)).toContain('s3://<bucket>/<prefix> or pvc://<claim>');
  });
});
