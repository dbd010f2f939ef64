// SPDX-License-Identifier: Apache-2.0
/**
 * kubectl parity against lab-a: a SOCKS5 `proxy-url` (socks5 and socks5h) and an `HTTPS_PROXY`
 * from the environment carry MLDeck's traffic (the proxies count it), `NO_PROXY` and loopback go
 * direct as in Go; an `auth-provider: oidc` user with an expired id-token is refreshed at the lab's
 * OIDC issuer, the new tokens kept in MLDeck's own 0600 file and the user's kubeconfig left byte for
 * byte as it was; a KUBECONFIG file that is not UTF-8 is named with the offset of its first bad byte.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AppError } from '../../shared/errors';
import { clustersContract, type ClusterHealth } from '../../shared/features/clusters/clusters.contract';
import { resourcesContract } from '../../shared/features/resources/resources.contract';
import { mintOidcTokens, oidcIssuerStats, oidcLab } from '../lab/peers/oidc-issuer.ts';
import { labUsers } from '../lab/pki.ts';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { startConnectProxy, type ConnectProxy } from '../harness/connect-proxy';
import { labInfo } from '../harness/lab';
import { startSocksServer, type SocksServer } from '../harness/socks-server';

/** A name for lab-a that only the test proxies resolve (its serving certificate has it as a SAN). */
const PROXY_ONLY_NAME = 'lab.mldeck.internal';
const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

const dir = mkdtempSync(join(tmpdir(), 'mldeck-parity-'));
let fileN = 0;
const apps: AppUnderTest[] = [];

/** Writes a one-context kubeconfig for lab-a; returns its path. */
function kubeconfig(cluster: Record<string, unknown>, user: Record<string, unknown>): string {
  const file = join(dir, `kubeconfig-${fileN++}.yaml`);
  const lab = labInfo().clusters['lab-a'];
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'parity',
    clusters: [{ name: 'lab-a', cluster: { server: lab?.server, 'certificate-authority': lab?.caFile, ...cluster } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'parity', context: { cluster: 'lab-a', user: 'u', namespace: 'team-a' } }],
  };
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}

/** Starts the app with KUBECONFIG=file and exactly these proxy variables in its environment. */
async function appWith(file: string, proxyEnv: Record<string, string> = {}): Promise<{ app: AppUnderTest; id: string }> {
  const saved = Object.fromEntries(PROXY_VARS.map((k) => [k, process.env[k]]));
  for (const k of PROXY_VARS) delete process.env[k];
  Object.assign(process.env, proxyEnv);
  let app: AppUnderTest;
  try {
    app = await startApp(file);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  apps.push(app);
  const list = await app.api.call(clustersContract.list, {});
  expect(list.problems).toEqual([]);
  return { app, id: list.clusters[0]?.id ?? '' };
}

async function healthAndPods(app: AppUnderTest, id: string): Promise<{ health: ClusterHealth; pods: string[] }> {
  const health = await app.api.call(clustersContract.health, { clusterId: id });
  const list = await app.api.call(resourcesContract.list, { clusterId: id, group: '', version: 'v1', resource: 'pods', namespace: 'team-a' });
  return { health, pods: list.items.map((p) => p.metadata.name) };
}

const adminToken = { token: labUsers.admin.token };

afterAll(() => {
  for (const a of apps) a.close();
});

describe('proxies (kubectl: proxy-url, else HTTPS_PROXY/NO_PROXY)', () => {
  let socks: SocksServer;
  let corp: ConnectProxy;

  beforeAll(async () => {
    socks = await startSocksServer({ credentials: { user: 'mldeck', password: 'p@ss w0rd' }, hosts: { [PROXY_ONLY_NAME]: '127.0.0.1' } });
    corp = await startConnectProxy({ [PROXY_ONLY_NAME]: '127.0.0.1' });
  });
  afterAll(async () => {
    await socks?.close();
    await corp?.close();
  });

  it('carries health checks and lists through a socks5:// proxy-url with credentials', async () => {
    const port = new URL(labInfo().clusters['lab-a']?.server ?? '').port;
    const { app, id } = await appWith(kubeconfig({ 'proxy-url': `socks5://mldeck:${encodeURIComponent('p@ss w0rd')}@127.0.0.1:${socks.port}` }, adminToken));
    const before = socks.connects.length;
    const { health, pods } = await healthAndPods(app, id);
    expect(health).toMatchObject({ reachable: true, auth: 'ok', version: 'v1.35.4' });
    expect(pods.length).toBeGreaterThan(0);
    expect(socks.connects.slice(before)).toContain(`127.0.0.1:${port}`);
    expect(socks.users).toContain('mldeck');
  });

  it('leaves the name to the proxy with socks5h:// (a cluster name only the proxy resolves)', async () => {
    const port = new URL(labInfo().clusters['lab-a']?.server ?? '').port;
    const server = `https://${PROXY_ONLY_NAME}:${port}`;
    const { app, id } = await appWith(kubeconfig({ server, 'proxy-url': `socks5h://mldeck:p%40ss%20w0rd@127.0.0.1:${socks.port}` }, adminToken));
    const before = socks.connects.length;
    const { health } = await healthAndPods(app, id);
    expect(health).toMatchObject({ reachable: true, auth: 'ok' });
    expect(socks.connects.slice(before)).toContain(`${PROXY_ONLY_NAME}:${port}`);
  });

  it('uses HTTPS_PROXY when the kubeconfig has no proxy-url, as client-go does', async () => {
    const port = new URL(labInfo().clusters['lab-a']?.server ?? '').port;
    const { app, id } = await appWith(kubeconfig({ server: `https://${PROXY_ONLY_NAME}:${port}` }, adminToken), {
      HTTPS_PROXY: `http://127.0.0.1:${corp.port}`,
    });
    const before = corp.connects.length;
    const { health, pods } = await healthAndPods(app, id);
    expect(health).toMatchObject({ reachable: true, auth: 'ok' });
    expect(pods.length).toBeGreaterThan(0);
    expect(corp.connects.slice(before)).toContain(`${PROXY_ONLY_NAME}:${port}`);
  });

  it('goes direct for NO_PROXY matches and loopback servers, as Go does', async () => {
    const port = new URL(labInfo().clusters['lab-a']?.server ?? '').port;
    const before = corp.connects.length;
    // lab-a by its loopback address, with NO_PROXY naming it and without: never proxied
    for (const noProxy of [{ NO_PROXY: '127.0.0.1' }, {}] as Record<string, string>[]) {
      const { app, id } = await appWith(kubeconfig({}, adminToken), { HTTPS_PROXY: `http://127.0.0.1:${corp.port}`, ...noProxy });
      expect((await healthAndPods(app, id)).health).toMatchObject({ reachable: true, auth: 'ok' });
    }
    // a name NO_PROXY exempts is looked up directly, where it does not resolve: the proxy never hears of it
    const { app, id } = await appWith(kubeconfig({ server: `https://${PROXY_ONLY_NAME}:${port}` }, adminToken), {
      https_proxy: `http://127.0.0.1:${corp.port}`,
      no_proxy: '.mldeck.internal',
    });
    const health = await app.api.call(clustersContract.health, { clusterId: id });
    expect(health.reachable).toBe(false);
    expect(corp.connects.slice(before)).toEqual([]);
  });
});

describe('auth-provider: oidc (client-go plugin/pkg/client/auth/oidc)', () => {
  it('refreshes an expired id-token at the issuer, keeps the new tokens in its own 0600 file, never writes the kubeconfig', async () => {
    const ca = labInfo().clusters['lab-a']?.caFile ?? '';
    const first = await mintOidcTokens(ca, oidcLab.viewerSubject, -60);
    const file = kubeconfig(
      {},
      {
        'auth-provider': {
          name: 'oidc',
          config: {
            'idp-issuer-url': oidcLab.issuer,
            'client-id': oidcLab.clientId,
            'client-secret': oidcLab.clientSecret,
            'idp-certificate-authority': ca,
            'id-token': first.idToken,
            'refresh-token': first.refreshToken,
          },
        },
      },
    );
    const bytesBefore = readFileSync(file);
    const refreshesBefore = (await oidcIssuerStats(ca)).refreshes;
    const { app, id } = await appWith(file);
    expect((await app.api.call(clustersContract.list, {})).clusters[0]?.authKind).toBe('oidc');

    const { health, pods } = await healthAndPods(app, id);
    expect(health).toMatchObject({ reachable: true, auth: 'ok' });
    expect(pods.length).toBeGreaterThan(0);
    expect((await oidcIssuerStats(ca)).refreshes).toBe(refreshesBefore + 1);

    // the API server knows the user as oidc:<sub>, and RBAC (view) applies to it
    let denied: AppError | undefined;
    await app.api.call(resourcesContract.list, { clusterId: id, group: '', version: 'v1', resource: 'secrets', namespace: 'team-a' }).catch((e: unknown) => {
      denied = e as AppError;
    });
    expect(denied?.code).toBe('forbidden');
    expect(denied?.message).toContain(`${oidcLab.usernamePrefix}${oidcLab.viewerSubject}`);

    const store = join(app.dataDir, 'oidc-tokens.json');
    expect(statSync(store).mode & 0o777).toBe(0o600);
    const saved = Object.values((JSON.parse(readFileSync(store, 'utf8')) as { clusters: Record<string, { idToken: string; refreshToken: string }> }).clusters);
    expect(saved).toHaveLength(1);
    expect(saved[0]?.idToken).not.toBe(first.idToken);
    expect(saved[0]?.refreshToken).not.toBe(first.refreshToken);
    expect(readFileSync(file).equals(bytesBefore)).toBe(true);
  });
});

describe('a KUBECONFIG file that is not UTF-8', () => {
  it('is named with the byte offset of its first invalid byte, and the welcome data says KUBECONFIG is set', async () => {
    const file = join(dir, 'latin1.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from('contexts:\n- name: z\n  context: {}\n# Z'), Buffer.from([0xfc]), Buffer.from('rich\n')]));
    const app = await startApp(file);
    apps.push(app);
    const list = await app.api.call(clustersContract.list, {});
    expect(list.clusters).toEqual([]);
    expect(list.problems).toEqual([
      { origin: file, message: 'is not valid UTF-8: the first invalid byte (0xFC) is at byte offset 37; kubectl reads kubeconfigs as UTF-8' },
    ]);
    expect(list.kubeconfigChain).toEqual({ fromVariable: true, files: [{ path: file, state: 'unreadable' }] });
  });
});
