// SPDX-License-Identifier: Apache-2.0
/**
 * The lab's S3 server: versitygw (Apache-2.0, built by test/lab/build/build-go.sh) with the
 * posix backend, metadata in a sidecar directory instead of xattrs, on 127.0.0.1:17070.
 * It checks SigV4 (header and presigned), so unsigned or badly signed requests are refused
 * as a real S3 endpoint would. Buckets `mlflow`, `datasets` and `models` are created on start.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bin, logDir, stateDir } from '../paths.ts';
import { peerPorts } from '../ports.ts';
import { startProcess, waitFor } from '../process.ts';
import { s3Fetch, type S3Target } from './sigv4.ts';
import { errorText } from './http.ts';

/** Root access key of the lab's S3 server. */
export const S3_ACCESS_KEY = 'mldeck-lab';
/** Root secret key of the lab's S3 server. */
export const S3_SECRET_KEY = 'mldeck-lab-secret';
/** The only region the server answers for. */
export const S3_REGION = 'us-east-1';
/** Path-style endpoint URL. */
export const s3Endpoint = `http://127.0.0.1:${peerPorts.s3}`;
/** Endpoint, region and root credentials, ready for {@link s3Fetch}. */
export const s3Target: S3Target = {
  endpoint: s3Endpoint,
  region: S3_REGION,
  credentials: { accessKeyId: S3_ACCESS_KEY, secretAccessKey: S3_SECRET_KEY },
};
/** Buckets created on start. */
export const labBuckets = ['mlflow', 'datasets', 'models'] as const;
/** Where versitygw keeps buckets (`data/<bucket>/<key>`), sidecar metadata and IAM files. */
export const s3Dirs = { data: join(stateDir, 's3', 'data'), meta: join(stateDir, 's3', 'meta'), iam: join(stateDir, 's3', 'iam') };

/** Process names this module starts. */
export const processNames = ['versitygw'];

/** One object of a listing. */
export interface S3ObjectSummary {
  key: string;
  size: number;
  etag: string;
}

function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => decodeXml(m[1] ?? ''));
}

function decodeXml(s: string): string {
  return s
    .replace(/&#x([0-9a-fA-F]+);/g, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

async function expectOk(res: Response, what: string): Promise<string> {
  const text = await res.text();
  if (!res.ok) throw new Error(`S3 ${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text;
}

/** ListBuckets with the root key; returns the bucket names. */
export async function listBuckets(target: S3Target = s3Target): Promise<string[]> {
  const xml = await expectOk(await s3Fetch(target, '', ''), 'ListBuckets');
  return xmlValues(xml, 'Name');
}

/** Creates a bucket unless it exists. */
export async function ensureBucket(name: string, target: S3Target = s3Target): Promise<void> {
  if ((await listBuckets(target)).includes(name)) return;
  const res = await s3Fetch(target, name, '', { method: 'PUT' });
  const text = await res.text();
  if (!res.ok && !/BucketAlreadyOwnedByYou|BucketAlreadyExists/.test(text))
    throw new Error(`S3 CreateBucket ${name}: HTTP ${res.status} ${text.slice(0, 300)}`);
}

/** PutObject. */
export async function putObject(
  bucket: string,
  key: string,
  body: Uint8Array | string,
  contentType = 'application/octet-stream',
  target: S3Target = s3Target,
): Promise<void> {
  await expectOk(await s3Fetch(target, bucket, key, { method: 'PUT', body, headers: { 'content-type': contentType } }), `PutObject ${bucket}/${key}`);
}

/** GetObject; returns the bytes. */
export async function getObject(bucket: string, key: string, target: S3Target = s3Target): Promise<Uint8Array> {
  const res = await s3Fetch(target, bucket, key);
  if (!res.ok) throw new Error(`S3 GetObject ${bucket}/${key}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** DeleteObject (succeeds when the key does not exist, as S3 does). */
export async function deleteObject(bucket: string, key: string, target: S3Target = s3Target): Promise<void> {
  await expectOk(await s3Fetch(target, bucket, key, { method: 'DELETE' }), `DeleteObject ${bucket}/${key}`);
}

/** ListObjectsV2, following continuation tokens. */
export async function listObjects(bucket: string, prefix = '', target: S3Target = s3Target): Promise<S3ObjectSummary[]> {
  const out: S3ObjectSummary[] = [];
  let token: string | undefined;
  do {
    const query: Record<string, string> = { 'list-type': '2', prefix };
    if (token) query['continuation-token'] = token;
    const xml = await expectOk(await s3Fetch(target, bucket, '', { query }), `ListObjectsV2 ${bucket}`);
    for (const m of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
      const c = m[1] ?? '';
      out.push({ key: xmlValues(c, 'Key')[0] ?? '', size: Number(xmlValues(c, 'Size')[0] ?? 0), etag: xmlValues(c, 'ETag')[0] ?? '' });
    }
    token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? xmlValues(xml, 'NextContinuationToken')[0] : undefined;
  } while (token);
  return out;
}

/**
 * Waits for the versitygw binary when `MLDECK_LAB_WAIT_FOR_BINARIES` (seconds) is set, which
 * helps while build-go.sh is still running; otherwise fails at once with the build command.
 */
async function versitygwBinary(): Promise<string> {
  const path = bin('versitygw');
  const deadline = Date.now() + Number(process.env.MLDECK_LAB_WAIT_FOR_BINARIES ?? 0) * 1000;
  let told = false;
  while (!existsSync(path) || !existsSync(join(path, '..', '.versitygw.stamp'))) {
    if (Date.now() >= deadline) throw new Error(`${path} is missing: build it with \`bash test/lab/build/build-go.sh versitygw\``);
    if (!told) console.log(`[s3] waiting for ${path} (build-go.sh is building it)`);
    told = true;
    await sleep(5000);
  }
  return path;
}

/** Starts versitygw (or reuses a healthy one) and creates the lab's buckets. */
export async function start(): Promise<void> {
  if (!(await health()).ok) {
    const cmd = await versitygwBinary();
    for (const d of Object.values(s3Dirs)) mkdirSync(d, { recursive: true });
    mkdirSync(logDir, { recursive: true });
    startProcess(
      'versitygw',
      cmd,
      [
        '--port',
        `127.0.0.1:${peerPorts.s3}`,
        '--region',
        S3_REGION,
        '--iam-dir',
        s3Dirs.iam,
        '--quiet',
        '--access-log',
        join(logDir, 'versitygw-access.log'),
        'posix',
        '--sidecar',
        s3Dirs.meta,
        s3Dirs.data,
      ],
      // Credentials go through the environment, not the command line (visible in ps).
      { env: { ROOT_ACCESS_KEY: S3_ACCESS_KEY, ROOT_SECRET_KEY: S3_SECRET_KEY } },
    );
    await waitFor('versitygw', 'a signed ListBuckets', async () => (await health()).ok, 30_000);
  }
  for (const b of labBuckets) await ensureBucket(b);
}

/** Healthy when a SigV4-signed ListBuckets with the root key succeeds. */
export async function health(): Promise<{ ok: boolean; detail: string }> {
  try {
    let buckets: string[];
    try {
      buckets = await listBuckets();
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;
      buckets = await listBuckets(); // a stale keep-alive connection fails once; see http.ts
    }
    return { ok: true, detail: `${s3Endpoint} ListBuckets ok: ${buckets.join(', ') || '(no buckets)'}` };
  } catch (e) {
    return { ok: false, detail: `${s3Endpoint}: ${errorText(e)}` };
  }
}
