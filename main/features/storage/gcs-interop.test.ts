// SPDX-License-Identifier: Apache-2.0
/**
 * Google Cloud Storage through its S3 interoperability (the XML API with HMAC keys): a connection
 * saved as GCS is bound to `https://storage.googleapis.com`, region `auto`, path-style, and the
 * client made for it signs SigV4 for that host and region without the SDK's default checksums.
 * No GCS server runs in the lab, so the requests are checked as they would leave (after signing),
 * not against Google.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { urlRoute } from '../../platform/net/http-route';
import { s3ClientConfig } from '../../platform/object-store/s3-client';
import { StoreConnectionsFile } from './store-connections';

const hmac = { accessKeyId: 'GOOG1EXAMPLEHMACACCESSID', secretAccessKey: 'bGoa+V7g/yqDXvKRqq+JTFn4uQZbPiQJo4pf9RzJ' };

describe('GCS through S3 interoperability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mldeck-gcs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('saves a GCS connection for storage.googleapis.com, region auto, path-style, whatever endpoint was typed', async () => {
    const file = new StoreConnectionsFile(join(dir, 'storage-connections.json'), undefined);
    const saved = await file.save({
      clusterId: 'c1',
      name: 'gcs',
      kind: 'gcs',
      endpoint: 'https://elsewhere.example.com',
      region: '',
      pathStyle: false,
      auth: 'keys',
      accessKeyId: hmac.accessKeyId,
      secretAccessKey: hmac.secretAccessKey,
      profile: '',
    });
    expect(saved).toMatchObject({ kind: 'gcs', endpoint: 'https://storage.googleapis.com', region: 'auto', pathStyle: true, canPresign: true });
    const resolved = await file.resolve('c1', saved.id);
    expect(resolved).toMatchObject({ reach: { kind: 'url', url: 'https://storage.googleapis.com' }, region: 'auto', pathStyle: true, keys: hmac });
  });

  it('signs requests SigV4 for storage.googleapis.com and region auto, path-style, with no default checksums', async () => {
    const endpoint = 'https://storage.googleapis.com';
    const config = s3ClientConfig({ endpoint, region: 'auto', credentials: hmac, forcePathStyle: true }, urlRoute(endpoint, {}));
    expect(config).toMatchObject({
      endpoint,
      region: 'auto',
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    // the factory's configuration, with a handler that keeps the signed request instead of sending it
    type Sent = { protocol: string; hostname: string; method: string; path: string; query: Record<string, unknown>; headers: Record<string, string> };
    const sent: Sent[] = [];
    const client = new S3Client({
      ...config,
      requestHandler: {
        handle: (request: Sent) => {
          sent.push(request);
          const body =
            request.method === 'GET'
              ? '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>ml-data</Name><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>'
              : '';
          return Promise.resolve({ response: { statusCode: 200, headers: { etag: '"e"' }, body: Readable.from([Buffer.from(body)]) } });
        },
      },
    });
    await client.send(new ListObjectsV2Command({ Bucket: 'ml-data', Prefix: 'features/' }));
    await client.send(new PutObjectCommand({ Bucket: 'ml-data', Key: 'features/a.csv', Body: 'a,b\n1,2\n' }));
    const [list, put] = sent;
    expect(list).toMatchObject({ protocol: 'https:', hostname: 'storage.googleapis.com', method: 'GET', path: '/ml-data/' });
    expect(list?.query).toMatchObject({ 'list-type': '2', prefix: 'features/' });
    expect(put).toMatchObject({ hostname: 'storage.googleapis.com', method: 'PUT', path: '/ml-data/features/a.csv' });
    for (const r of [list, put]) {
      expect(r?.headers.host).toBe('storage.googleapis.com');
      expect(r?.headers.authorization).toMatch(
        new RegExp(`^AWS4-HMAC-SHA256 Credential=${hmac.accessKeyId}/\\d{8}/auto/s3/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$`),
      );
      expect(Object.keys(r?.headers ?? {}).filter((h) => /^x-amz-checksum|^x-amz-sdk-checksum|^x-amz-trailer$/i.test(h))).toEqual([]);
    }
    client.destroy();
  });
});
