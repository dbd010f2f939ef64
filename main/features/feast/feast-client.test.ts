// SPDX-License-Identifier: Apache-2.0
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlRoute } from '../../platform/net/http-route';
import { FeastClient, feastError, FeastUnreachable } from './feast-client';

describe('Feast registry errors', () => {
  it('words Feast’s refusals with their code', () => {
    const body = (status: number, detail: string, type: string) => JSON.stringify({ status_code: status, detail, error_type: type });
    expect(
      feastError(403, body(403, "Permission error:\nPermission read_only denied execution of ['READ'] to FeatureView:x", 'FeastPermissionError'), 'R').toData(),
    ).toMatchObject({
      code: 'forbidden',
      message: "R refused: Permission error: Permission read_only denied execution of ['READ'] to FeatureView:x.",
    });
    expect(feastError(404, body(404, 'Project nope does not exist', 'FeastObjectNotFoundException'), 'R').toData()).toMatchObject({
      code: 'not-found',
      message: 'R has no such object: Project nope does not exist.',
    });
    expect(feastError(401, '{"detail":"Not authenticated"}', 'R').code).toBe('unauthenticated');
    expect(feastError(422, '{"detail":[{"loc":["query","project"],"msg":"Field required"}]}', 'R').toData()).toMatchObject({ code: 'validation' });
    expect(feastError(502, '<html>bad gateway</html>', 'R').toData()).toMatchObject({
      code: 'unavailable',
      retryable: true,
      message: 'R answered HTTP 502: <html>bad gateway</html>.',
    });
  });
});

describe('FeastClient against a local server', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/api/v1/projects?allow_cache=true') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"projects":[]}');
      } else if (req.url?.startsWith('/api/v1/html')) {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>MLflow</html>');
      } else res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('reads JSON under /api/v1 with the query, and says when an answer is not a Feast registry', async () => {
    const c = new FeastClient(urlRoute(base, {}), 'R', 5000);
    expect(await c.get('/projects', { allow_cache: 'true' })).toEqual({ projects: [] });
    await expect(c.get('/html')).rejects.toMatchObject({
      code: 'unavailable',
      retryable: false,
      message: expect.stringMatching(/^R answered, but not with JSON \(HTTP 200, text\/html\)/),
    });
    await expect(c.get('/missing')).rejects.toMatchObject({ code: 'not-found', message: 'R has no such object: Not Found.' });
  });

  it('says a registry that does not answer cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await new FeastClient(urlRoute(`http://127.0.0.1:${port}`, {}), 'R', 5000).get('/projects').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeastUnreachable);
    expect(err).toMatchObject({ code: 'unavailable', retryable: true, message: expect.stringMatching(/^R cannot be reached/) });
  });
});
