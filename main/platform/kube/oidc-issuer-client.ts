// SPDX-License-Identifier: Apache-2.0
/**
 * The two requests the `oidc` auth-provider makes to an identity provider, as client-go's
 * `plugin/pkg/client/auth/oidc` does: OIDC discovery (`<issuer>/.well-known/openid-configuration`
 * → `token_endpoint`), and the OAuth2 refresh (`grant_type=refresh_token`, client credentials by
 * HTTP basic auth first and in the form when that is refused, as golang.org/x/oauth2's
 * auto-detection does). TLS to the issuer trusts `idp-certificate-authority(-data)` when given (else
 * the system roots), and requests go through the proxy the environment selects (the one proxy rule).
 */
import http from 'node:http';
import https from 'node:https';
import { AppError } from '../../../shared/errors';
import { proxyFor, type ProxyEnv } from '../net/proxy-rule';
import { KubeHttpAgent, KubeHttpsAgent } from './proxy-agent';
import { parseProxyUrl } from './urls';

/** How to reach an identity provider. */
export interface IssuerTransport {
  /** CA bundle for the issuer's TLS certificate; the system roots when absent. */
  ca?: Buffer;
  /** The environment for HTTPS_PROXY/NO_PROXY. */
  env: ProxyEnv;
}

/** The tokens a refresh returned. */
export interface RefreshedTokens {
  idToken: string;
  /** A new refresh token, when the provider rotated it. */
  refreshToken?: string;
}

const TIMEOUT_MS = 30_000;
const MAX_BODY = 1024 * 1024;

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

function request(url: URL, method: string, t: IssuerTransport, headers: Record<string, string>, body?: string): Promise<Answer> {
  const proxyRaw = proxyFor(url, { ...t.env });
  let proxy: URL | undefined;
  if (proxyRaw) {
    const p = parseProxyUrl(proxyRaw.href, 'the proxy for the identity provider');
    if (!p.ok) return Promise.reject(new AppError('validation', `${p.problem}.`));
    proxy = p.url;
  }
  const agent = url.protocol === 'https:' ? new KubeHttpsAgent(t.ca ? { ca: t.ca } : {}, proxy) : new KubeHttpAgent({}, proxy);
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise<Answer>((resolve, reject) => {
    const req = mod.request(url, { method, headers: { Accept: 'application/json', ...headers }, agent, timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) req.destroy(new Error('the answer is larger than 1 MiB'));
        else chunks.push(c);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 30 s')));
    req.on('error', (e: NodeJS.ErrnoException) =>
      reject(new AppError('unavailable', `Could not reach the identity provider ${url.origin} (${e.code ?? e.message}).`, e.message)),
    );
    req.end(body);
  }).finally(() => agent.destroy());
}

function short(body: string): string {
  return body.length > 80 ? `${body.slice(0, 80)}...` : body;
}

/**
 * The provider's token endpoint, from its discovery document.
 * @param issuer - `idp-issuer-url`
 * @param t - TLS and proxy settings
 */
export async function discoverTokenEndpoint(issuer: string, t: IssuerTransport): Promise<URL> {
  let url: URL;
  try {
    url = new URL(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  } catch {
    throw new AppError('validation', `idp-issuer-url "${issuer}" is not a valid URL.`);
  }
  const res = await request(url, 'GET', t, {});
  if (res.status !== 200) throw new AppError('unavailable', `oidc: failed to query metadata endpoint ${res.status}: ${JSON.stringify(short(res.body))}`);
  let meta: { token_endpoint?: unknown };
  try {
    meta = JSON.parse(res.body) as { token_endpoint?: unknown };
  } catch (e) {
    throw new AppError('unavailable', `oidc: failed to decode provider discovery object: ${(e as Error).message}`);
  }
  if (typeof meta.token_endpoint !== 'string' || meta.token_endpoint === '') {
    throw new AppError('unavailable', "oidc: discovery object doesn't contain a token_endpoint");
  }
  try {
    return new URL(meta.token_endpoint);
  } catch {
    throw new AppError('unavailable', `oidc: the token_endpoint "${meta.token_endpoint}" is not a valid URL`);
  }
}

/** url.QueryEscape, as oauth2 encodes the client id and secret for basic auth. */
function queryEscape(s: string): string {
  return new URLSearchParams({ v: s }).toString().slice(2);
}

function tokenFields(res: Answer): Record<string, unknown> {
  if (/application\/x-www-form-urlencoded|text\/plain/.test(res.contentType)) return Object.fromEntries(new URLSearchParams(res.body));
  try {
    const j = JSON.parse(res.body) as unknown;
    return j !== null && typeof j === 'object' ? (j as Record<string, unknown>) : {};
  } catch {
    throw new AppError('unavailable', `oauth2: cannot parse the token response: ${JSON.stringify(short(res.body))}`);
  }
}

/**
 * Exchanges a refresh token for new tokens.
 * @param tokenUrl - the token endpoint
 * @param client - `client-id` and `client-secret`
 * @param refreshToken - the current refresh token
 * @param t - TLS and proxy settings
 * @throws AppError `unauthenticated` when the provider refuses, `unavailable` when it cannot be reached
 */
export async function refreshWithToken(
  tokenUrl: URL,
  client: { id: string; secret: string },
  refreshToken: string,
  t: IssuerTransport,
): Promise<RefreshedTokens> {
  const form = { grant_type: 'refresh_token', refresh_token: refreshToken };
  const basic = `Basic ${Buffer.from(`${queryEscape(client.id)}:${queryEscape(client.secret)}`).toString('base64')}`;
  const formHeaders = { 'Content-Type': 'application/x-www-form-urlencoded' };
  let res = await request(tokenUrl, 'POST', t, { ...formHeaders, Authorization: basic }, new URLSearchParams(form).toString());
  if (res.status < 200 || res.status > 299) {
    // oauth2's AuthStyleAutoDetect: the credentials in the form when basic auth was refused.
    const inParams: Record<string, string> = { ...form, client_id: client.id };
    if (client.secret) inParams.client_secret = client.secret;
    res = await request(tokenUrl, 'POST', t, formHeaders, new URLSearchParams(inParams).toString());
  }
  if (res.status < 200 || res.status > 299) {
    const f = res.body ? tokenFields(res) : {};
    const why = typeof f.error === 'string' ? `${f.error}${typeof f.error_description === 'string' ? `: ${f.error_description}` : ''}` : short(res.body);
    throw new AppError('unauthenticated', `failed to refresh token: oauth2: cannot fetch token: HTTP ${res.status} (${why})`, undefined, undefined, 'cluster');
  }
  const f = tokenFields(res);
  if (typeof f.id_token !== 'string' || f.id_token === '') {
    throw new AppError(
      'unauthenticated',
      'token response did not contain an id_token, either the scope "openid" wasn\'t requested upon login, or the provider doesn\'t support id_tokens as part of the refresh response',
      undefined,
      undefined,
      'cluster',
    );
  }
  const out: RefreshedTokens = { idToken: f.id_token };
  if (typeof f.refresh_token === 'string' && f.refresh_token !== '') out.refreshToken = f.refresh_token;
  return out;
}
