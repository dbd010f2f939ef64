// SPDX-License-Identifier: Apache-2.0
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MlflowClient, mlflowError } from './mlflow-client';
import { urlRoute } from '../net/http-route';

describe('mlflowError', () => {
  const label = 'MLflow at http://m';
  it('maps MLflow error codes', () => {
    expect(mlflowError(404, '{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Model Version (name=x, version=9) not found"}', label)).toMatchObject({
      code: 'not-found',
      message: 'Model Version (name=x, version=9) not found',
    });
    expect(mlflowError(400, '{"error_code":"INVALID_PARAMETER_VALUE","message":"\'latest\' alias name (case insensitive) is reserved."}', label)).toMatchObject(
      {
        code: 'validation',
        message: "'latest' alias name (case insensitive) is reserved.",
      },
    );
    expect(mlflowError(400, '{"error_code":"RESOURCE_ALREADY_EXISTS","message":"exists"}', label).code).toBe('conflict');
    expect(mlflowError(500, '{"error_code":"INTERNAL_ERROR","message":"db down"}', label)).toMatchObject({ code: 'unavailable', retryable: true });
    // the artifact proxy's answer for a file that is not there
    const missing =
      '{"error_code":"INTERNAL_ERROR","message":"The following failures occurred while downloading one or more artifacts from s3://mlflow/artifacts:\\n##### File 1/r/artifacts/MLmodel #####\\nAn error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist."}';
    expect(mlflowError(500, missing, label).code).toBe('not-found');
  });

  it('words 401 and 403 for the user, with a hint about the settings', () => {
    const none = mlflowError(401, 'Unauthorized', label, 'none');
    expect(none.code).toBe('unauthenticated');
    expect(none.message).toMatch(/Set a user name and password or a token/);
    expect(mlflowError(401, '', label, 'basic').message).toMatch(/Check the credentials/);
    expect(mlflowError(403, '{"error_code":"PERMISSION_DENIED","message":"no read on model"}', label)).toMatchObject({ code: 'forbidden' });
  });

  it('says the MLflow server refused, not the cluster', () => {
    expect(mlflowError(401, 'Unauthorized', label, 'bearer')).toMatchObject({ code: 'unauthenticated', service: 'mlflow' });
    expect(mlflowError(403, '{"error_code":"PERMISSION_DENIED","message":"no"}', label)).toMatchObject({ code: 'forbidden', service: 'mlflow' });
  });

  it('maps statuses when the body is not MLflow’s (a proxy’s page)', () => {
    expect(mlflowError(502, '<html>Bad gateway</html>', label).code).toBe('unavailable');
    expect(mlflowError(404, '<html>nope</html>', label).code).toBe('not-found');
    expect(mlflowError(504, '', label).code).toBe('timeout');
  });
});

describe('MlflowClient', () => {
  let server: Server | undefined;
  afterEach(async () => {
    const s = server;
    server = undefined;
    if (s) await new Promise((r) => s.close(r));
  });

  /** A local server answering with `handler`; returns its URL. */
  async function serve(handler: (req: IncomingMessage, body: string) => { status: number; body: string; type?: string }): Promise<string> {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const out = handler(req, body);
        res.writeHead(out.status, { 'Content-Type': out.type ?? 'application/json', 'Content-Length': Buffer.byteLength(out.body) });
        res.end(out.body);
      });
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
  }

  it('sends basic auth and refuses without it (401 → unauthenticated)', async () => {
    const expected = `Basic ${Buffer.from('ana:s3cret:x').toString('base64')}`;
    const url = await serve((req) =>
      req.headers.authorization === expected ? { status: 200, body: '{"registered_models":[]}' } : { status: 401, body: 'You are not authenticated.' },
    );
    const ok = new MlflowClient(urlRoute(url, {}), 'MLflow', { kind: 'basic', username: 'ana', password: 's3cret:x' });
    await expect(ok.get('registered-models/search')).resolves.toEqual({ registered_models: [] });
    const wrong = new MlflowClient(urlRoute(url, {}), 'MLflow', { kind: 'basic', username: 'ana', password: 'nope' });
    await expect(wrong.get('registered-models/search')).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('sends a bearer token, query arrays as repeated keys and JSON bodies', async () => {
    const seen: { auth?: string; url?: string; body?: string; method?: string }[] = [];
    const url = await serve((req, body) => {
      seen.push({ auth: req.headers.authorization, url: req.url, body, method: req.method });
      return { status: 200, body: '{}' };
    });
    const c = new MlflowClient(urlRoute(`${url}/prefix/`, {}), 'MLflow', { kind: 'bearer', token: 'tok' });
    await c.get('registered-models/search', { order_by: ['name ASC', 'last_updated_timestamp DESC'], page_token: undefined, max_results: 5 });
    await c.delete('registered-models/alias', { name: 'm', alias: 'a' });
    expect(seen[0]).toMatchObject({ auth: 'Bearer tok', method: 'GET' });
    expect(seen[0]?.url).toBe('/prefix/api/2.0/mlflow/registered-models/search?order_by=name+ASC&order_by=last_updated_timestamp+DESC&max_results=5');
    expect(seen[1]).toMatchObject({ method: 'DELETE', body: '{"name":"m","alias":"a"}', url: '/prefix/api/2.0/mlflow/registered-models/alias' });
  });

  it('says a server that is not MLflow is not the MLflow API', async () => {
    const url = await serve(() => ({ status: 200, body: '<html>Jupyter</html>', type: 'text/html' }));
    await expect(new MlflowClient(urlRoute(url, {}), 'MLflow', { kind: 'none' }).get('registered-models/search')).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/not the MLflow API/),
    });
  });

  it('reports a closed port as unavailable, retryable', async () => {
    const url = await serve(() => ({ status: 200, body: '{}' }));
    const s = server;
    server = undefined;
    await new Promise((r) => s?.close(r));
    await expect(new MlflowClient(urlRoute(url, {}), 'MLflow at x', { kind: 'none' }).get('registered-models/search')).rejects.toMatchObject({
      code: 'unavailable',
      retryable: true,
      message: expect.stringMatching(/^MLflow at x cannot be reached \(ECONNREFUSED\)/),
    });
  });

  it('tries once more when the connection is closed under a request, but not for a DELETE', async () => {
    let n = 0;
    server = createServer((req, res) => {
      n += 1;
      if (n % 2 === 1) {
        req.socket.destroy(); // the far end drops the connection before answering
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const c = new MlflowClient(urlRoute(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {}), 'MLflow', { kind: 'none' });
    await expect(c.get('registered-models/get', { name: 'm' })).resolves.toEqual({ ok: true });
    expect(n).toBe(2);
    await expect(c.delete('registered-models/alias', { name: 'm', alias: 'a' })).rejects.toMatchObject({ code: 'unavailable' });
    expect(n).toBe(3);
  });

  it('stops a download at the limit and says it was truncated', async () => {
    const url = await serve(() => ({ status: 200, body: 'x'.repeat(5000), type: 'application/octet-stream' }));
    const d = await new MlflowClient(urlRoute(url, {}), 'MLflow', { kind: 'none' }).downloadProxied('1/run/artifacts/model.pkl', 1000);
    expect(d).toMatchObject({ truncated: true, size: 5000 });
    expect(d.bytes.length).toBe(1000);
  });
});
