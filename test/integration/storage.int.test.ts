// SPDX-License-Identifier: Apache-2.0
/**
 * Object storage against the lab's S3 (versitygw) on lab-a: stores found from the cluster's
 * Secrets, ConfigMaps and PodDefaults with where they came from; a found KFP store used through a
 * port-forward to its minio-service, another through its kfp-launcher endpoint; a multipart upload (lib-storage, checksums WHEN_REQUIRED) read back byte
 * for byte; a presigned link fetched by a plain client; 10,050 objects listed in pages; a prefix
 * downloaded as a tar and deleted after a plan that lists it; credentials never sent to another
 * endpoint; and the proxy rule (HTTP_PROXY) carrying every S3 request.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { storageContract, type SavedStore } from '../../shared/features/storage/storage.contract';
import { makeS3Client } from '../../main/platform/object-store/s3-client';
import { urlRoute } from '../../main/platform/net/http-route';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { startConnectProxy, type ConnectProxy } from '../harness/connect-proxy';
import { labInfo, tempNamespace } from '../harness/lab';
import { labS3, labS3Store, seedKfpLauncher, seedKfpStore } from './storage-lab';

const run = `mldeck-it-storage-${Date.now().toString(36)}`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function lab(env?: Record<string, string>): Promise<{ app: AppUnderTest; clusterId: string }> {
  const app = await startApp(labInfo().kubeconfig, env ? { env } : {});
  const clusterId = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
  return { app, clusterId };
}

/** Uploads bytes as the renderer does: start, 2 MiB chunks, finish. */
async function upload(app: AppUnderTest, clusterId: string, connectionId: string, bucket: string, key: string, bytes: Buffer) {
  const { uploadId } = await app.api.call(storageContract.uploadStart, { clusterId, connectionId, bucket, key, size: bytes.length });
  for (let i = 0; i < bytes.length; i += 2 << 20)
    await app.api.call(storageContract.uploadChunk, { uploadId, base64: bytes.subarray(i, i + (2 << 20)).toString('base64') });
  return { uploadId, ...(await app.api.call(storageContract.uploadFinish, { uploadId })) };
}

/** Downloads as the renderer does: start, then read until done. */
async function download(app: AppUnderTest, clusterId: string, connectionId: string, bucket: string, target: { key: string } | { prefix: string }) {
  const start = await app.api.call(storageContract.downloadStart, { clusterId, connectionId, bucket, ...target });
  const parts: Buffer[] = [];
  for (;;) {
    const r = await app.api.call(storageContract.downloadRead, { downloadId: start.downloadId });
    parts.push(Buffer.from(r.base64, 'base64'));
    if (r.done) break;
  }
  return { ...start, bytes: Buffer.concat(parts) };
}

describe('object storage', () => {
  let app: AppUnderTest;
  let clusterId = '';
  let ns: { name: string; remove(): Promise<void> };
  let launcherNs: { name: string; remove(): Promise<void> };
  let direct: S3Client;
  let kfp: SavedStore;
  /** The KFP store whose kfp-launcher ConfigMap gives a URL endpoint. */
  let kfpUrl: SavedStore;

  beforeAll(async () => {
    ns = await tempNamespace('mldeck-it-storage');
    await seedKfpStore(ns.name);
    launcherNs = await tempNamespace('mldeck-it-storage-launcher');
    await seedKfpLauncher(launcherNs.name);
    ({ app, clusterId } = await lab());
    direct = makeS3Client({ ...labS3, credentials: labS3 }, urlRoute(labS3.endpoint, {}));
  }, 120_000);
  afterAll(async () => {
    app?.close();
    direct?.destroy();
    await ns?.remove();
    await launcherNs?.remove();
  });

  it('finds the stores the cluster shows, each with where it came from, and sends them nothing until one is saved', async () => {
    const c = await app.api.call(storageContract.connections, { clusterId });
    const by = (id: string) => c.found.find((f) => f.id === id);
    expect(by(`kfp-${ns.name}-mlpipeline-minio-artifact`)).toEqual({
      id: `kfp-${ns.name}-mlpipeline-minio-artifact`,
      origin: 'kfp',
      from: `KFP artifact Secret ${ns.name}/mlpipeline-minio-artifact (endpoint Service ${ns.name}/minio-service)`,
      endpoint: `service ${ns.name}/minio-service:9000`,
      region: 'us-east-1',
      hasCredentials: true,
      location: 's3://mlpipeline/v2/artifacts',
      problem: undefined,
    });
    expect(by(`kfp-${launcherNs.name}-mlpipeline-minio-artifact`)).toMatchObject({
      from: `KFP artifact Secret ${launcherNs.name}/mlpipeline-minio-artifact (endpoint from ConfigMap ${launcherNs.name}/kfp-launcher)`,
      endpoint: labS3.endpoint,
      hasCredentials: true,
      location: 's3://mlpipeline/v2/artifacts',
      problem: undefined,
    });
    // the lab's own KFP install: its Secret with the minio-service beside it, as an install has them
    expect(by('kfp-kubeflow-mlpipeline-minio-artifact')).toMatchObject({
      origin: 'kfp',
      hasCredentials: true,
      endpoint: 'service kubeflow/minio-service:9000',
      problem: undefined,
    });
    expect(by(`kserve-${ns.name}-models-s3`)).toMatchObject({
      origin: 'kserve',
      from: `KServe S3 Secret ${ns.name}/models-s3`,
      endpoint: `service ${ns.name}/minio-service:9000`,
      hasCredentials: true,
    });
    // the lab's PodDefault mlflow-s3 is in many namespaces with the same settings: offered once
    expect(c.found.filter((f) => f.origin === 'pod-default' && f.from.includes('/mlflow-s3 '))).toHaveLength(1);
    const mlflow = c.found.find((f) => f.origin === 'mlflow');
    expect(mlflow).toMatchObject({ endpoint: labS3.endpoint, hasCredentials: true, location: 's3://mlflow/artifacts' });
    expect(mlflow?.from).toMatch(
      /^MLflow's artifact destination s3:\/\/mlflow\/artifacts \(server mlflow\/mlflow\), endpoint and keys of PodDefault [a-z0-9-]+\/mlflow-s3/,
    );
    expect(c.saved).toEqual([]);
    expect(JSON.stringify(c)).not.toContain(labS3.secretAccessKey);
  });

  it('browses the store found for KFP through a port-forward to its minio-service', async () => {
    kfp = await app.api.call(storageContract.adopt, { clusterId, foundId: `kfp-${ns.name}-mlpipeline-minio-artifact` });
    expect(kfp).toMatchObject({
      endpoint: `service ${ns.name}/minio-service:9000`,
      hasSecret: true,
      canPresign: false,
      location: 's3://mlpipeline/v2/artifacts',
    });
    const { buckets } = await app.api.call(storageContract.buckets, { clusterId, connectionId: kfp.id });
    expect(buckets.map((b) => b.name)).toEqual(expect.arrayContaining(['datasets', 'mlflow', 'mlpipeline', 'models']));
    const top = await app.api.call(storageContract.list, { clusterId, connectionId: kfp.id, bucket: 'mlpipeline', prefix: '' });
    expect(top.folders).toEqual(expect.arrayContaining(['v2/']));
    const small = await upload(app, clusterId, kfp.id, 'datasets', `${run}/through-forward.txt`, Buffer.from('via the port-forward'));
    expect(small.etag).toBeTruthy();
    expect(
      Buffer.from(
        (await app.api.call(storageContract.preview, { clusterId, connectionId: kfp.id, bucket: 'datasets', key: `${run}/through-forward.txt`, limit: 100 }))
          .base64,
        'base64',
      ).toString(),
    ).toBe('via the port-forward');
    kfpUrl = await app.api.call(storageContract.adopt, { clusterId, foundId: `kfp-${launcherNs.name}-mlpipeline-minio-artifact` });
    expect(kfpUrl).toMatchObject({ endpoint: labS3.endpoint, hasSecret: true, canPresign: true });
    // a link through a port-forward would not work outside MLDeck
    await expect(
      app.api.call(storageContract.presign, { clusterId, connectionId: kfp.id, bucket: 'mlpipeline', key: 'x', expiresSeconds: 600 }),
    ).rejects.toMatchObject({
      code: 'validation',
    });
  });

  it('uploads 40 MiB in 8 MiB parts with progress, reads it back byte for byte, and cancels another upload', async () => {
    const bytes = randomBytes(40 << 20);
    const key = `${run}/big/model.bin`;
    const before = (app.events.get('storage:transfer') ?? []).length;
    const { uploadId, etag } = await upload(app, clusterId, kfpUrl.id, 'datasets', key, bytes);
    // a multipart ETag ends in the number of parts
    expect(etag).toMatch(/-5"?$/);
    const events = (app.events.get('storage:transfer') ?? []).slice(before) as { id: string; loaded: number; state: string }[];
    const mine = events.filter((e) => e.id === uploadId);
    expect(mine.filter((e) => e.state === 'running').length).toBeGreaterThan(1);
    expect(mine.at(-1)).toMatchObject({ state: 'done', loaded: bytes.length });
    const back = await download(app, clusterId, kfpUrl.id, 'datasets', { key });
    expect(back.total).toBe(bytes.length);
    expect(sha(back.bytes)).toBe(sha(bytes));

    const second = await app.api.call(storageContract.uploadStart, {
      clusterId,
      connectionId: kfpUrl.id,
      bucket: 'datasets',
      key: `${run}/cancelled.bin`,
      size: 20 << 20,
    });
    await app.api.call(storageContract.uploadChunk, { uploadId: second.uploadId, base64: randomBytes(9 << 20).toString('base64') });
    await app.api.call(storageContract.uploadCancel, { uploadId: second.uploadId });
    await expect(app.api.call(storageContract.uploadChunk, { uploadId: second.uploadId, base64: 'AAAA' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(
      app.api.call(storageContract.preview, { clusterId, connectionId: kfpUrl.id, bucket: 'datasets', key: `${run}/cancelled.bin`, limit: 10 }),
    ).rejects.toMatchObject({
      code: 'not-found',
    });
  }, 120_000);

  it('lists 10,050 objects in pages of 1,000 and downloads and deletes a prefix after listing what goes', async () => {
    const prefix = `${run}/many/`;
    const keys = Array.from({ length: 10_050 }, (_, i) => `${prefix}part-${String(i).padStart(5, '0')}.csv`);
    for (let i = 0; i < keys.length; i += 50)
      await Promise.all(keys.slice(i, i + 50).map((Key) => direct.send(new PutObjectCommand({ Bucket: 'datasets', Key, Body: 'a,b\n1,2\n' }))));
    let token: string | undefined;
    let pages = 0;
    const seen: string[] = [];
    do {
      const page = await app.api.call(storageContract.list, { clusterId, connectionId: kfpUrl.id, bucket: 'datasets', prefix, token });
      seen.push(...page.objects.map((o) => o.key));
      token = page.next;
      pages++;
    } while (token);
    expect(pages).toBe(11);
    expect(seen).toEqual(keys);

    const tar = await download(app, clusterId, kfpUrl.id, 'datasets', { prefix: `${run}/big/` });
    expect(tar).toMatchObject({ kind: 'tar', name: 'big.tar' });
    expect(tar.bytes.length).toBe(tar.total);
    const names: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const x = extract();
      x.on('entry', (h, s, next) => {
        names.push(h.name);
        s.on('end', next);
        s.resume();
      });
      x.on('finish', resolve);
      x.on('error', reject);
      Readable.from([tar.bytes]).pipe(x);
    });
    expect(names).toEqual(['big/model.bin']);

    const plan = await app.api.call(storageContract.deletePlan, { clusterId, connectionId: kfpUrl.id, bucket: 'datasets', keys: [], prefixes: [`${run}/`] });
    // everything of this run: the 10,050, the 40 MiB object and the file sent through the port-forward
    expect(plan).toMatchObject({ count: 10_052, truncated: true });
    expect(plan.keys).toHaveLength(1000);
    const done = await app.api.call(storageContract.delete, { clusterId, connectionId: kfpUrl.id, bucket: 'datasets', keys: [], prefixes: [`${run}/`] });
    expect(done.deleted).toBe(10_052);
    const after = await app.api.call(storageContract.list, { clusterId, connectionId: kfpUrl.id, bucket: 'datasets', prefix: `${run}/` });
    expect(after).toEqual({ folders: [], objects: [], next: undefined });
  }, 300_000);

  it('makes a presigned link any client can fetch until it expires', async () => {
    const pd = (await app.api.call(storageContract.connections, { clusterId })).found.find((f) => f.origin === 'mlflow');
    const mlflowStore = await app.api.call(storageContract.adopt, { clusterId, foundId: pd?.id ?? '' });
    expect(mlflowStore.canPresign).toBe(true);
    const key = `${run}/presigned.txt`;
    await upload(app, clusterId, mlflowStore.id, 'datasets', key, Buffer.from('hello from mldeck'));
    const { url, expiresAt } = await app.api.call(storageContract.presign, {
      clusterId,
      connectionId: mlflowStore.id,
      bucket: 'datasets',
      key,
      expiresSeconds: 600,
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:17070\/datasets\/.*X-Amz-Expires=600/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(590_000);
    const res = await fetch(url);
    expect(await res.text()).toBe('hello from mldeck');
    expect((await fetch(url.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=00'))).status).toBe(403);
    await app.api.call(storageContract.delete, { clusterId, connectionId: mlflowStore.id, bucket: 'datasets', keys: [key], prefixes: [] });
  });

  it('sends saved keys only to the endpoint they were saved for', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const bait = http.createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'Content-Type': 'application/xml' }).end('<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>');
    });
    await new Promise<void>((r) => bait.listen(0, '127.0.0.1', r));
    try {
      const port = (bait.address() as AddressInfo).port;
      const saved = await app.api.call(storageContract.save, labS3Store(clusterId, { name: 'lab by hand' }));
      expect((await app.api.call(storageContract.buckets, { clusterId, connectionId: saved.id })).buckets.length).toBeGreaterThan(0);
      // the endpoint changes without a new secret: the secret is dropped, nothing goes to the new one
      const moved = await app.api.call(storageContract.save, {
        clusterId,
        id: saved.id,
        name: 'lab by hand',
        kind: 's3',
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        pathStyle: true,
        auth: 'keys',
        accessKeyId: labS3.accessKeyId,
        profile: '',
      });
      expect(moved).toMatchObject({ hasSecret: false, endpoint: `http://127.0.0.1:${port}` });
      await expect(app.api.call(storageContract.buckets, { clusterId, connectionId: saved.id })).rejects.toMatchObject({ code: 'unauthenticated' });
      expect(seen).toEqual([]);
      await app.api.call(storageContract.remove, { clusterId, connectionId: saved.id });
      await expect(app.api.call(storageContract.buckets, { clusterId, connectionId: saved.id })).rejects.toMatchObject({ code: 'not-found' });
    } finally {
      bait.close();
    }
  });
});

describe('object storage behind a proxy', () => {
  let proxy: ConnectProxy;
  let app: AppUnderTest;
  let clusterId = '';
  beforeAll(async () => {
    proxy = await startConnectProxy({ 's3.corp.test': '127.0.0.1' });
    ({ app, clusterId } = await lab({ HTTP_PROXY: `http://127.0.0.1:${proxy.port}`, HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` }));
  });
  afterAll(async () => {
    app?.close();
    await proxy?.close();
  });

  it('reaches a store only the proxy can resolve, uploading in parts through the tunnel', async () => {
    const saved = await app.api.call(storageContract.save, labS3Store(clusterId, { name: 'corp S3', endpoint: `http://s3.corp.test:${labS3.port}` }));
    const before = proxy.connects.length;
    expect((await app.api.call(storageContract.buckets, { clusterId, connectionId: saved.id })).buckets.map((b) => b.name)).toContain('datasets');
    const bytes = randomBytes(17 << 20);
    const key = `${run}/proxied.bin`;
    const { etag } = await upload(app, clusterId, saved.id, 'datasets', key, bytes);
    expect(etag).toMatch(/-3"?$/);
    expect(sha((await download(app, clusterId, saved.id, 'datasets', { key })).bytes)).toBe(sha(bytes));
    expect(proxy.connects.slice(before).every((c) => c === `s3.corp.test:${labS3.port}`)).toBe(true);
    expect(proxy.connects.length).toBeGreaterThan(before);
    await app.api.call(storageContract.delete, { clusterId, connectionId: saved.id, bucket: 'datasets', keys: [key], prefixes: [] });
  }, 120_000);
});
