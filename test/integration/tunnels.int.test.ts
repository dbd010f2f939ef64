// SPDX-License-Identifier: Apache-2.0
/**
 * Tunnels against lab-a through the real services: a loopback tunnel to the in-cluster MLflow
 * Service refuses a request without its token (and one under another Host) and forwards
 * nothing; its link sets the cookie and then MLflow answers through it, with bytes counted; a
 * Unix-socket tunnel lives in a 0700 folder; closed tunnels stop listening; a wrong port is
 * refused with the ports the Service has.
 */
import { statSync } from 'node:fs';
import { request } from 'node:http';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { tunnelsContract } from '../../shared/features/tunnels/tunnels.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { labInfo } from '../harness/lab';

/** One HTTP exchange (no redirects followed). */
function get(
  target: { host: string; port: number } | { socketPath: string },
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ ...target, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('tunnels', () => {
  let app: AppUnderTest;
  let labA = '';

  beforeAll(async () => {
    app = await startApp(labInfo().kubeconfig);
    const list = await app.api.call(clustersContract.list, {});
    labA = list.clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
    expect(labA).not.toBe('');
  });
  afterAll(() => app?.close());

  it('refuses requests without the token and forwards with it', async () => {
    const t = await app.api.call(tunnelsContract.open, {
      clusterId: labA,
      namespace: 'mlflow',
      target: { kind: 'service', name: 'mlflow', port: 5000 },
      listen: 'loopback',
      idleMinutes: 5,
      label: 'MLflow UI',
    });
    expect(t.pod).toBe('mlflow-0');
    expect(t.podPort).toBe(5000);
    const [host, portText] = t.address.split(':');
    expect(host).toBe('127.0.0.1');
    const at = { host: '127.0.0.1', port: Number(portText) };
    const hostHeader = { Host: t.address };

    // without the token: 403 and nothing forwarded
    const bare = await get(at, '/health', hostHeader);
    expect(bare.status).toBe(403);
    expect(bare.body).toContain('needs its token');
    const wrong = await get(at, `/.mldeck-tunnel/${'0'.repeat(64)}/`, hostHeader);
    expect(wrong.status).toBe(403);
    const forged = await get(at, '/health', { Host: `mlflow.attacker.example:${portText}` });
    expect(forged.status).toBe(421);
    let listed = (await app.api.call(tunnelsContract.list, {})).find((x) => x.id === t.id);
    expect(listed).toMatchObject({ requests: 0, refused: 3, bytesIn: 0, bytesOut: 0 });

    // the link: a cookie for this tunnel, then MLflow through the port-forward
    const link = new URL(t.url ?? '');
    const first = await get(at, link.pathname, hostHeader);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    const cookie = setCookie.split(';')[0] ?? '';
    const health = await get(at, '/health', { ...hostHeader, Cookie: cookie });
    expect(health.status).toBe(200);
    expect(health.body.trim()).toBe('OK');
    const api = await get(at, '/api/2.0/mlflow/registered-models/search?max_results=5', { ...hostHeader, Cookie: cookie });
    expect(api.status).toBe(200);
    expect(JSON.parse(api.body)).toHaveProperty('registered_models');

    listed = (await app.api.call(tunnelsContract.list, {})).find((x) => x.id === t.id);
    expect(listed?.requests).toBe(2);
    expect(listed?.bytesIn).toBeGreaterThan(100);
    expect(listed?.bytesOut).toBeGreaterThan(api.body.length);

    await app.api.call(tunnelsContract.close, { id: t.id });
    await expect(get(at, '/health', { ...hostHeader, Cookie: cookie })).rejects.toThrow(/ECONNREFUSED/);
    expect((await app.api.call(tunnelsContract.list, {})).some((x) => x.id === t.id)).toBe(false);
  }, 60_000);

  it('listens on a Unix socket in a folder only the user can open', async () => {
    const t = await app.api.call(tunnelsContract.open, {
      clusterId: labA,
      namespace: 'mlflow',
      target: { kind: 'pod', name: 'mlflow-0', port: 5000 },
      listen: 'unix',
      idleMinutes: 5,
    });
    expect(t.url).toBeUndefined();
    expect(statSync(dirname(t.address)).mode & 0o777).toBe(0o700);
    const health = await get({ socketPath: t.address }, '/health', { Host: 'localhost' });
    expect(health.body.trim()).toBe('OK');
    await app.api.call(tunnelsContract.close, { id: t.id });
  }, 60_000);

  it('says which ports a Service has when the one asked for is not among them', async () => {
    const e = await app.api
      .call(tunnelsContract.open, {
        clusterId: labA,
        namespace: 'mlflow',
        target: { kind: 'service', name: 'mlflow', port: 80 },
        listen: 'loopback',
        idleMinutes: 5,
      })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'not-found', message: expect.stringContaining('it has 5000 http') });
  });
});
