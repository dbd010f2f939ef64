// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { idTokenValid, oidcAuth, readOidcSettings, type OidcSettings } from './oidc-auth';
import { OidcTokenStore } from './oidc-token-store';
import { makePki, type TestCert, type TestPki } from './testing/pki';
import { startHttps, type Started } from './testing/servers';

/** An unsigned JWT-shaped token with the given `exp` (client-go reads `exp` without verifying). */
function jwt(exp: number, sub = 'ada'): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part({ sub, exp })}.c2ln`;
}
const nowS = () => Math.floor(Date.now() / 1000);

describe('idTokenValid (client-go idTokenExpired)', () => {
  const t0 = 1_700_000_000_000;
  it('is valid only while exp is more than 10 s ahead', () => {
    expect(idTokenValid(jwt(t0 / 1000 + 11), t0)).toBe(true);
    expect(idTokenValid(jwt(t0 / 1000 + 10), t0)).toBe(false);
    expect(idTokenValid(jwt(t0 / 1000 - 60), t0)).toBe(false);
    expect(idTokenValid(jwt(t0 / 1000 + 60.9), t0)).toBe(true);
  });
  it('refuses what is not a JWT, as client-go does', () => {
    expect(() => idTokenValid('opaque-token', t0)).toThrow(/ID Token is not a valid JWT/);
    expect(() => idTokenValid('a.!!!.c', t0)).toThrow(/not a valid JWT/);
  });
});

interface Issuer extends Started {
  url: string;
  /** Token requests: the form and the Authorization header. */
  calls: { form: URLSearchParams; authorization: string | undefined }[];
  discoveries: number;
}

let pki: TestPki;
let idp: TestCert;
let issuer: Issuer | undefined;

beforeAll(() => {
  pki = makePki('oidc');
  idp = pki.issue('idp', ['IP:127.0.0.1']);
});
afterEach(async () => {
  await issuer?.close();
  issuer = undefined;
});

/**
 * A local identity provider: discovery and a refresh_token grant for client `c`/`s`.
 * @param opts - `postOnly`: refuse basic auth (client_secret_post only); `rotate`: new refresh tokens
 */
async function startIssuer(opts: { postOnly?: boolean; rotate?: boolean; ttl?: number } = {}): Promise<Issuer> {
  const calls: Issuer['calls'] = [];
  let discoveries = 0;
  let n = 0;
  let base = '';
  const handler: http.RequestListener = (req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      discoveries++;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ issuer: base, token_endpoint: `${base}/token` }));
      return;
    }
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(text);
      calls.push({ form, authorization: req.headers.authorization });
      const basicOk = req.headers.authorization === `Basic ${Buffer.from('c:s').toString('base64')}`;
      const postOk = form.get('client_id') === 'c' && form.get('client_secret') === 's';
      if (!(opts.postOnly ? postOk : basicOk || postOk)) {
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"invalid_client"}');
        return;
      }
      if (form.get('refresh_token') !== 'rt-good' && !form.get('refresh_token')?.startsWith('rt-new')) {
        res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"invalid_grant","error_description":"refresh token expired"}');
        return;
      }
      n++;
      const body: Record<string, unknown> = { access_token: 'x', token_type: 'Bearer', id_token: jwt(nowS() + (opts.ttl ?? 300), `ada-${n}`) };
      if (opts.rotate) body.refresh_token = `rt-new-${n}`;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    });
  };
  const s = await startHttps({ cert: idp.cert, key: idp.key }, handler);
  base = `https://127.0.0.1:${s.port}`;
  return {
    ...s,
    url: base,
    calls,
    get discoveries() {
      return discoveries;
    },
  };
}

function settings(iss: Issuer, tokens: { idToken?: string; refreshToken?: string }, withCa = true): OidcSettings {
  const out: OidcSettings = { issuer: iss.url, clientId: 'c', clientSecret: 's', kubeconfigTokens: tokens };
  if (withCa) out.ca = pki.ca.cert;
  return out;
}

function newStore(): { store: OidcTokenStore; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mldeck-oidc-'));
  return { store: new OidcTokenStore(dir), dir };
}

let keyN = 0;
const deps = (store: OidcTokenStore) => ({ store, key: `file:/kube/config#u${keyN++}`, userName: 'u', env: {} });

describe('oidcAuth', () => {
  it('sends a valid id-token without asking the issuer', async () => {
    issuer = await startIssuer();
    const token = jwt(nowS() + 600);
    const auth = oidcAuth(settings(issuer, { idToken: token, refreshToken: 'rt-good' }), deps(newStore().store));
    expect(await auth.credentials()).toEqual({ authorization: `Bearer ${token}` });
    expect(issuer.discoveries).toBe(0);
    expect(issuer.calls).toHaveLength(0);
  });

  it('refreshes an expired id-token at the discovered token endpoint and keeps the result in its own 0600 file', async () => {
    issuer = await startIssuer({ rotate: true });
    const { store, dir } = newStore();
    const d = deps(store);
    const fromKubeconfig = { idToken: jwt(nowS() - 5), refreshToken: 'rt-good' };
    const auth = oidcAuth(settings(issuer, fromKubeconfig), d);
    const creds = await auth.credentials();
    expect(issuer.discoveries).toBe(1);
    expect(issuer.calls).toHaveLength(1);
    expect(issuer.calls[0]?.form.get('grant_type')).toBe('refresh_token');
    expect(issuer.calls[0]?.form.get('refresh_token')).toBe('rt-good');
    expect(issuer.calls[0]?.authorization).toBe(`Basic ${Buffer.from('c:s').toString('base64')}`);
    expect(creds.authorization).toMatch(/^Bearer /);
    expect(creds.authorization).not.toContain(fromKubeconfig.idToken);
    // the same token again, no second refresh
    expect(await auth.credentials()).toEqual(creds);
    expect(issuer.calls).toHaveLength(1);
    const file = path.join(dir, 'oidc-tokens.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { clusters: Record<string, { idToken: string; refreshToken: string }> };
    expect(saved.clusters[d.key]?.refreshToken).toBe('rt-new-1');
    expect(`Bearer ${saved.clusters[d.key]?.idToken}`).toBe(creds.authorization);
    // a new provider (app restart) starts from MLDeck's copy, not the kubeconfig's expired token
    const again = oidcAuth(settings(issuer, fromKubeconfig), d);
    expect(await again.credentials()).toEqual(creds);
    expect(issuer.calls).toHaveLength(1);
  });

  it('uses the kubeconfig again when the user logged in anew there', async () => {
    issuer = await startIssuer({ rotate: true });
    const { store } = newStore();
    const d = deps(store);
    await oidcAuth(settings(issuer, { idToken: jwt(nowS() - 5), refreshToken: 'rt-good' }), d).credentials();
    const relogin = jwt(nowS() + 900, 'fresh-login');
    const auth = oidcAuth(settings(issuer, { idToken: relogin, refreshToken: 'rt-other' }), d);
    expect(await auth.credentials()).toEqual({ authorization: `Bearer ${relogin}` });
  });

  it('sends the client credentials in the form when basic auth is refused (oauth2 auto-detection)', async () => {
    issuer = await startIssuer({ postOnly: true });
    const auth = oidcAuth(settings(issuer, { refreshToken: 'rt-good' }), deps(newStore().store));
    expect((await auth.credentials()).authorization).toMatch(/^Bearer /);
    expect(issuer.calls).toHaveLength(2);
    expect(issuer.calls[1]?.form.get('client_id')).toBe('c');
    expect(issuer.calls[1]?.authorization).toBeUndefined();
  });

  it('refreshes once after a 401 and keeps the refresh token when none is returned', async () => {
    issuer = await startIssuer();
    const { store } = newStore();
    const d = deps(store);
    const token = jwt(nowS() + 600);
    const auth = oidcAuth(settings(issuer, { idToken: token, refreshToken: 'rt-good' }), d);
    const first = await auth.credentials();
    expect(auth.invalidate(first)).toBe(true);
    const second = await auth.credentials();
    expect(second.authorization).not.toBe(first.authorization);
    expect(issuer.calls).toHaveLength(1);
    expect((await store.read(d.key, { idToken: token, refreshToken: 'rt-good' }))?.refreshToken).toBe('rt-good');
  });

  it("reports the issuer's refusal and a missing refresh token in client-go's words", async () => {
    issuer = await startIssuer();
    const expired = jwt(nowS() - 5);
    await expect(oidcAuth(settings(issuer, { idToken: expired, refreshToken: 'rt-revoked' }), deps(newStore().store)).credentials()).rejects.toMatchObject({
      code: 'unauthenticated',
      message: expect.stringMatching(/failed to refresh token: .*HTTP 400 \(invalid_grant: refresh token expired\)/),
    });
    await expect(oidcAuth(settings(issuer, { idToken: expired }), deps(newStore().store)).credentials()).rejects.toMatchObject({
      code: 'unauthenticated',
      message: expect.stringMatching(/No valid id-token, and cannot refresh without refresh-token/),
    });
    await expect(oidcAuth(settings(issuer, { idToken: 'not-a-jwt' }), deps(newStore().store)).credentials()).rejects.toMatchObject({
      message: expect.stringMatching(/ID Token is not a valid JWT/),
    });
  });

  it('trusts only idp-certificate-authority for the issuer when given, else the system roots', async () => {
    issuer = await startIssuer();
    await expect(oidcAuth(settings(issuer, { refreshToken: 'rt-good' }, false), deps(newStore().store)).credentials()).rejects.toMatchObject({
      code: 'unavailable',
    });
    expect(issuer.calls).toHaveLength(0);
  });
});

describe('readOidcSettings', () => {
  it('reads the CA from data (which wins) or an absolute file, and refuses what client-go refuses', async () => {
    const base = { 'idp-issuer-url': 'https://idp', 'client-id': 'c' };
    const fromData = await readOidcSettings(
      { ...base, 'idp-certificate-authority-data': pki.ca.cert.toString('base64'), 'idp-certificate-authority': '/nope' },
      'u',
    );
    expect(fromData.ca?.equals(pki.ca.cert)).toBe(true);
    const fromFile = await readOidcSettings({ ...base, 'idp-certificate-authority': pki.ca.certFile, 'id-token': 'i', 'refresh-token': 'r' }, 'u');
    expect(fromFile.ca?.equals(pki.ca.cert)).toBe(true);
    expect(fromFile.kubeconfigTokens).toEqual({ idToken: 'i', refreshToken: 'r' });
    await expect(readOidcSettings({ 'client-id': 'c' }, 'u')).rejects.toMatchObject({ message: 'User "u": Must provide idp-issuer-url.' });
    await expect(readOidcSettings({ 'idp-issuer-url': 'https://idp' }, 'u')).rejects.toMatchObject({ message: 'User "u": Must provide client-id.' });
    await expect(readOidcSettings({ ...base, 'idp-certificate-authority': '/no/such/ca.crt' }, 'u')).rejects.toMatchObject({ code: 'validation' });
  });
});
