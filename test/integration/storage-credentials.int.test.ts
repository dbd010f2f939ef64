// SPDX-License-Identifier: Apache-2.0
/**
 * Object storage against the lab S3 (versitygw) with the other ways to sign and a store that
 * fails: an AWS profile read from a credentials file (`AWS_SHARED_CREDENTIALS_FILE`,
 * `AWS_CONFIG_FILE`) lists buckets and uploads, a profile with a wrong secret is refused; a
 * session token saved with keys is sent as `x-amz-security-token` (seen by a forwarder in front of
 * the store) and signed, and never shown back to the renderer; and an upload whose part fails once
 * (`500 InternalError` from the forwarder) retries that part and completes byte for byte, while
 * one whose part keeps failing fails with the store's words, leaves no parts behind, and goes
 * through when tried again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { storageContract, type SaveStoreInput } from '../../shared/features/storage/storage.contract';
import { urlRoute } from '../../main/platform/net/http-route';
import { makeS3Client } from '../../main/platform/object-store/s3-client';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { labInfo } from '../harness/lab';
import { startFaultProxy, type FaultProxy } from './storage-fault-proxy';
import { labS3, labS3Store } from './storage-lab';

const run = `mldeck-it-creds-${Date.now().toString(36)}`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const token = `FwoGZXIvYXdzEBYaD${randomBytes(24).toString('hex')}`;

async function upload(app: AppUnderTest, clusterId: string, connectionId: string, key: string, bytes: Buffer) {
  const { uploadId } = await app.api.call(storageContract.uploadStart, { clusterId, connectionId, bucket: 'datasets', key, size: bytes.length });
  for (let i = 0; i < bytes.length; i += 2 << 20)
    await app.api.call(storageContract.uploadChunk, { uploadId, base64: bytes.subarray(i, i + (2 << 20)).toString('base64') });
  return { uploadId, ...(await app.api.call(storageContract.uploadFinish, { uploadId })) };
}

async function download(app: AppUnderTest, clusterId: string, connectionId: string, key: string): Promise<Buffer> {
  const start = await app.api.call(storageContract.downloadStart, { clusterId, connectionId, bucket: 'datasets', key });
  const parts: Buffer[] = [];
  for (;;) {
    const r = await app.api.call(storageContract.downloadRead, { downloadId: start.downloadId });
    parts.push(Buffer.from(r.base64, 'base64'));
    if (r.done) return Buffer.concat(parts);
  }
}

describe('object storage: profiles, session tokens and failed parts', () => {
  let app: AppUnderTest;
  let clusterId = '';
  let proxy: FaultProxy;
  let direct: S3Client;
  let awsDir = '';
  const hand = (over: Partial<SaveStoreInput>): SaveStoreInput => labS3Store(clusterId, over);

  beforeAll(async () => {
    awsDir = mkdtempSync(join(tmpdir(), 'mldeck-it-aws-'));
    writeFileSync(
      join(awsDir, 'credentials'),
      `[lab]\naws_access_key_id = ${labS3.accessKeyId}\naws_secret_access_key = ${labS3.secretAccessKey}\n\n[stale]\naws_access_key_id = ${labS3.accessKeyId}\naws_secret_access_key = not-the-secret\n`,
    );
    writeFileSync(join(awsDir, 'config'), '[profile lab]\nregion = us-east-1\n[profile stale]\nregion = us-east-1\n');
    proxy = await startFaultProxy();
    app = await startApp(labInfo().kubeconfig, { env: { AWS_SHARED_CREDENTIALS_FILE: join(awsDir, 'credentials'), AWS_CONFIG_FILE: join(awsDir, 'config') } });
    clusterId = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
    direct = makeS3Client({ ...labS3, credentials: labS3 }, urlRoute(labS3.endpoint, {}));
  }, 120_000);
  afterAll(async () => {
    if (app && clusterId) {
      const conns = await app.api.call(storageContract.connections, { clusterId }).catch(() => undefined);
      const any = conns?.saved.find((s) => s.name === 'lab profile');
      if (any) await app.api.call(storageContract.delete, { clusterId, connectionId: any.id, bucket: 'datasets', keys: [], prefixes: [`${run}/`] });
    }
    app?.close();
    direct?.destroy();
    await proxy?.close();
    if (awsDir) rmSync(awsDir, { recursive: true, force: true });
  });

  it('signs with an AWS profile read from the credentials file, and a wrong one is refused', async () => {
    const { profiles } = await app.api.call(storageContract.profiles, {});
    expect(profiles).toEqual([
      { name: 'lab', region: 'us-east-1' },
      { name: 'stale', region: 'us-east-1' },
    ]);
    const lab = await app.api.call(
      storageContract.save,
      hand({ name: 'lab profile', auth: 'profile', profile: 'lab', accessKeyId: '', secretAccessKey: undefined }),
    );
    expect(lab).toMatchObject({ auth: 'profile', profile: 'lab', hasSecret: false, accessKeyId: '' });
    expect((await app.api.call(storageContract.buckets, { clusterId, connectionId: lab.id })).buckets.map((b) => b.name)).toContain('datasets');
    await upload(app, clusterId, lab.id, `${run}/by-profile.txt`, Buffer.from('signed with the lab profile'));
    expect((await download(app, clusterId, lab.id, `${run}/by-profile.txt`)).toString()).toBe('signed with the lab profile');
    // the profile's keys stay in the AWS files: MLDeck's own file has only its name
    expect(readFileSync(join(app.dataDir, 'storage-connections.json'), 'utf8')).not.toContain(labS3.secretAccessKey);

    const stale = await app.api.call(storageContract.save, hand({ name: 'stale profile', auth: 'profile', profile: 'stale', accessKeyId: '' }));
    await expect(app.api.call(storageContract.buckets, { clusterId, connectionId: stale.id })).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/SignatureDoesNotMatch/),
    });
  });

  it('sends a saved session token with every request, signed, and never shows it back', async () => {
    const before = proxy.seen.length;
    const saved = await app.api.call(storageContract.save, hand({ name: 'temporary keys', endpoint: proxy.endpoint, sessionToken: token }));
    expect(saved).toMatchObject({ hasSecret: true, hasSessionToken: true });
    const listed = await app.api.call(storageContract.connections, { clusterId });
    expect(JSON.stringify(listed)).not.toContain(token);
    const outcome = await app.api.call(storageContract.list, { clusterId, connectionId: saved.id, bucket: 'datasets', prefix: `${run}/` }).then(
      (p) => ({ ok: true as const, keys: p.objects.map((o) => o.key) }),
      (e: { code: string; message: string }) => ({ ok: false as const, code: e.code, message: e.message }),
    );
    const sent = proxy.seen.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) {
      expect(r.headers['x-amz-security-token']).toBe(token);
      expect(r.headers.authorization).toMatch(/SignedHeaders=[^,]*x-amz-security-token/);
    }
    // versitygw has no STS: it checks the signature and takes the token as sent
    console.log(`versitygw answered a request with a session token: ${JSON.stringify(outcome)}`);
    expect(outcome).toEqual({ ok: true, keys: [`${run}/by-profile.txt`] });
  });

  it('retries a part the store failed once, and the object is whole', async () => {
    const saved = await app.api.call(storageContract.save, hand({ name: 'through the forwarder', endpoint: proxy.endpoint }));
    const bytes = randomBytes(20 << 20);
    const key = `${run}/retried.bin`;
    proxy.failPart({ keyContains: key, partNumber: 2, times: 1 });
    const before = proxy.seen.length;
    const { etag } = await upload(app, clusterId, saved.id, key, bytes);
    expect(etag).toMatch(/-3"?$/);
    const part2 = proxy.seen.slice(before).filter((r) => r.method === 'PUT' && /[?&]partNumber=2(&|$)/.test(r.url));
    expect(part2.map((r) => r.failed)).toEqual([true, false]);
    expect(sha(await download(app, clusterId, saved.id, key))).toBe(sha(bytes));
  }, 120_000);

  it('fails an upload whose part keeps failing, with the store’s words and no parts left, and it goes through when tried again', async () => {
    const saved = (await app.api.call(storageContract.connections, { clusterId })).saved.find((s) => s.name === 'through the forwarder');
    const id = saved?.id ?? '';
    const bytes = randomBytes(20 << 20);
    const key = `${run}/failing.bin`;
    proxy.failPart({ keyContains: key, partNumber: 2, times: 100 });
    const before = proxy.seen.length;
    const events = (app.events.get('storage:transfer') ?? []).length;
    await expect(upload(app, clusterId, id, key, bytes)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/answered HTTP 500 \(InternalError\): We encountered an internal error/),
    });
    // the SDK's three attempts at the part, then the multipart upload is aborted
    expect(proxy.seen.slice(before).filter((r) => r.method === 'PUT' && /[?&]partNumber=2(&|$)/.test(r.url))).toHaveLength(3);
    expect(proxy.seen.slice(before).some((r) => r.method === 'DELETE' && /[?&]uploadId=/.test(r.url))).toBe(true);
    const failed = (app.events.get('storage:transfer') ?? []).slice(events) as { state: string; message?: string }[];
    expect(failed.at(-1)).toMatchObject({ state: 'failed', message: expect.stringMatching(/InternalError/) });
    const open = await direct.send(new ListMultipartUploadsCommand({ Bucket: 'datasets', Prefix: key }));
    expect(open.Uploads ?? []).toEqual([]);

    // the store recovers; the user retries
    proxy.failPart(undefined);
    const { etag } = await upload(app, clusterId, id, key, bytes);
    expect(etag).toMatch(/-3"?$/);
    expect(sha(await download(app, clusterId, id, key))).toBe(sha(bytes));
  }, 180_000);
});
