// SPDX-License-Identifier: Apache-2.0
/**
 * Every S3 client is built one way: through a route, path-style for S3-compatible stores, checksums
 * only when required. Checked on the configuration, on a request seen by a local server, and by
 * looking for any other `new S3Client(` in main.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamRoute, urlRoute } from '../net/http-route';
import { listPage } from './object-reads';
import { makeS3Client, s3ClientConfig } from './s3-client';

const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

describe('the S3 client factory', () => {
  it('builds S3-compatible clients path-style with checksums only when required and a route handler', () => {
    const c = s3ClientConfig({ endpoint: 'http://minio.local:9000', region: '', credentials: keys }, urlRoute('http://minio.local:9000', {}));
    expect(c).toMatchObject({
      endpoint: 'http://minio.local:9000',
      region: 'us-east-1',
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    expect(c.requestHandler).toBeInstanceOf(NodeHttpHandler);
    const aws = s3ClientConfig(
      { endpoint: 'https://s3.eu-west-1.amazonaws.com', region: 'eu-west-1', credentials: keys },
      urlRoute('https://s3.eu-west-1.amazonaws.com', {}),
    );
    expect(aws).toMatchObject({ forcePathStyle: false, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    expect(s3ClientConfig({ endpoint: 'http://x:1', region: 'r', credentials: keys, forcePathStyle: false }, urlRoute('http://x:1', {})).forcePathStyle).toBe(
      false,
    );
  });

  it('no file in main constructs an S3Client but the factory', () => {
    const root = join(__dirname, '..', '..');
    const out = execFileSync('grep', ['-rlE', '(^|[^A-Za-z0-9_])S3Client\\s*\\(|new S3Client', root, '--include=*.ts', '--exclude-dir=node_modules'], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean)
      .filter((f) => !f.endsWith('.test.ts'));
    expect(out.map((f) => f.slice(root.length + 1))).toEqual(['platform/object-store/s3-client.ts']);
  });

  it('no S3 request is signed by hand anywhere in main (SigV4 is the SDK’s)', () => {
    const root = join(__dirname, '..', '..');
    let out = '';
    try {
      out = execFileSync('grep', ['-rlE', 'AWS4-HMAC-SHA256|aws4_request|createHmac|SigV4|x-amz-date', root, '--include=*.ts', '--exclude-dir=node_modules'], {
        encoding: 'utf8',
      });
    } catch (e) {
      // grep exits 1 when nothing matches
      if ((e as { status?: number }).status !== 1) throw e;
    }
    const files = out
      .split('\n')
      .filter(Boolean)
      .map((f) => f.slice(root.length + 1));
    // tests look at signatures the SDK made; no other file may make one
    expect(files.filter((f) => !f.endsWith('.test.ts'))).toEqual([]);
  });

  describe('against a local server', () => {
    const seen: { method: string; url: string; headers: http.IncomingHttpHeaders }[] = [];
    const server = http.createServer((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      req.resume();
      req.on('end', () => {
        if (req.method === 'PUT') {
          res.writeHead(200, { ETag: '"abc"' }).end();
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/xml' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name><Prefix>p/</Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys>' +
            '<IsTruncated>true</IsTruncated><NextContinuationToken>t2</NextContinuationToken>' +
            '<Contents><Key>p/a &amp; b.csv</Key><Size>12</Size><LastModified>2026-01-02T03:04:05.000Z</LastModified><ETag>"e"</ETag></Contents>' +
            '<CommonPrefixes><Prefix>p/sub/</Prefix></CommonPrefixes></ListBucketResult>',
        );
      });
    });
    let port = 0;
    let opened = 0;
    beforeAll(async () => {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('sends requests through the route, path-style, without the SDK’s default checksums', async () => {
      const route = streamRoute('store', 9000, () => {
        opened++;
        return new Promise((resolve, reject) => {
          const s = net.connect(port, '127.0.0.1', () => resolve(s));
          s.once('error', reject);
        });
      });
      const client = makeS3Client({ endpoint: 'http://minio.kubeflow:9000', region: 'us-east-1', credentials: keys }, route);
      const page = await listPage(client, { store: 'test store' }, 'b', 'p/');
      expect(page).toEqual({
        folders: ['p/sub/'],
        objects: [{ key: 'p/a & b.csv', size: 12, lastModified: '2026-01-02T03:04:05.000Z', etag: '"e"' }],
        next: 't2',
      });
      await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'p/x.txt', Body: 'hello' }));
      expect(opened).toBeGreaterThan(0);
      expect(seen[0]?.url).toMatch(/^\/b\/?\?/);
      expect(seen[0]?.headers.host).toBe('store.invalid:9000');
      const put = seen.find((s) => s.method === 'PUT');
      expect(put?.url).toMatch(/^\/b\/p\/x\.txt(\?|$)/);
      expect(Object.keys(put?.headers ?? {}).filter((h) => h.startsWith('x-amz-checksum') || h === 'x-amz-sdk-checksum-algorithm')).toEqual([]);
      expect(put?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
      client.destroy();
    });
  });
});
