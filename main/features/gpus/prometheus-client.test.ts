// SPDX-License-Identifier: Apache-2.0
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PROMETHEUS_BODY_BYTES, PrometheusClient } from './prometheus-client';
import { urlRoute } from '../../platform/net/http-route';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

/** A local server answering every request with `status` and `body`; records the last form body. */
async function serve(status: number, body: string, delayMs = 0): Promise<{ url: string; seen: () => URLSearchParams | undefined }> {
  let seen: URLSearchParams | undefined;
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      seen = new URLSearchParams(text);
      setTimeout(() => res.writeHead(status, { 'Content-Type': 'application/json' }).end(body), delayMs);
    });
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/prom`, seen: () => seen };
}

const q = { query: 'DCGM_FI_DEV_GPU_UTIL', start: 100, end: 200, stepSeconds: 15 };

describe('PrometheusClient.queryRange', () => {
  it('posts the query and returns the matrix', async () => {
    const result = [{ metric: { gpu: '0' }, values: [[100, '5']] }];
    const s = await serve(200, JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }));
    expect(await new PrometheusClient(urlRoute(s.url, {}), 'P').queryRange(q)).toEqual(result);
    expect(Object.fromEntries(s.seen() ?? [])).toEqual({ query: 'DCGM_FI_DEV_GPU_UTIL', start: '100', end: '200', step: '15' });
  });

  it('maps Prometheus errors, non-Prometheus answers, timeouts and unreachable hosts to clear errors', async () => {
    let s = await serve(400, JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' }));
    await expect(new PrometheusClient(urlRoute(s.url, {}), 'P').queryRange(q)).rejects.toMatchObject({
      code: 'validation',
      message: 'P rejected the query: parse error',
    });
    server?.close();
    s = await serve(200, '<html>login</html>');
    await expect(new PrometheusClient(urlRoute(s.url, {}), 'P').queryRange(q)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/not the Prometheus API/),
    });
    server?.close();
    s = await serve(401, '{"status":"error"}');
    await expect(new PrometheusClient(urlRoute(s.url, {}), 'P').queryRange(q)).rejects.toMatchObject({ code: 'unauthenticated' });
    server?.close();
    s = await serve(200, '{}', 500);
    await expect(new PrometheusClient(urlRoute(s.url, {}), 'P', 100).queryRange(q)).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringMatching(/did not answer/),
    });
    server?.close();
    s = await serve(200, '{}');
    server?.close(); // a port nobody listens on now
    await expect(new PrometheusClient(urlRoute(s.url, {}), 'Prometheus at x').queryRange(q)).rejects.toMatchObject({
      code: 'unavailable',
      message: 'Prometheus at x could not be reached (ECONNREFUSED).',
    });
  });

  it('refuses an answer over 64 MiB, by Content-Length and while reading', async () => {
    const mib = Buffer.alloc(1024 * 1024, 0x20);
    let written = 0;
    // announces a size over the limit: refused before reading
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(MAX_PROMETHEUS_BODY_BYTES + 1) });
      res.write(mib);
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
    let url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await expect(new PrometheusClient(urlRoute(url, {}), 'P').queryRange(q)).rejects.toMatchObject({
      code: 'unavailable',
      message: 'P answered with more than 64 MiB, more than MLDeck reads. Choose a shorter time range or fewer GPUs.',
      detail: `Content-Length ${MAX_PROMETHEUS_BODY_BYTES + 1}`,
    });
    server.closeAllConnections();
    server.close();
    // chunked, no length: refused once 64 MiB have been read, without reading the rest
    server = createServer((_req, res) => {
      written = 0;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const more = () => {
        while (written < 80 && !res.destroyed) {
          written++;
          if (!res.write(mib)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await expect(new PrometheusClient(urlRoute(url, {}), 'P').queryRange(q)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/more than 64 MiB/),
    });
    expect(written).toBeLessThan(80);
    // with a higher limit the same 80 MiB answer is read to the end (and is not JSON)
    await expect(new PrometheusClient(urlRoute(url, {}), 'P', 20_000, 100 * 1024 * 1024).queryRange(q)).rejects.toMatchObject({
      message: expect.stringMatching(/not the Prometheus API/),
    });
    expect(written).toBe(80);
  });
});
