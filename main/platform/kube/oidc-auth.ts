// SPDX-License-Identifier: Apache-2.0
/**
 * The `oidc` auth-provider, as client-go's `plugin/pkg/client/auth/oidc` runs it: the `id-token`
 * is sent while it is valid (its JWT `exp` more than 10 s ahead, client-go's expiryDelta); else the
 * `refresh-token` is exchanged at the token endpoint of `idp-issuer-url` (OIDC discovery) with
 * `client-id` and `client-secret`, over TLS trusting `idp-certificate-authority(-data)`. Where
 * client-go writes the new tokens into the kubeconfig, MLDeck keeps them in its own 0600 file
 * (`OidcTokenStore`) and never writes the user's kubeconfig. One refresh runs at a time per user;
 * a 401 refreshes once (as for exec plugins), which client-go's provider does not do.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import type { ProxyEnv } from '../net/proxy-rule';
import type { AuthProvider, RequestCredentials } from './auth';
import { discoverTokenEndpoint, refreshWithToken, type IssuerTransport } from './oidc-issuer-client';
import type { OidcTokenPair, OidcTokenStore } from './oidc-token-store';

/** How much earlier than its `exp` a token counts as expired (client-go's expiryDelta). */
export const OIDC_EXPIRY_DELTA_MS = 10_000;

/** The keys of an `auth-provider: { name: oidc, config: … }`. */
export const OIDC_KEYS = {
  issuer: 'idp-issuer-url',
  clientId: 'client-id',
  clientSecret: 'client-secret',
  ca: 'idp-certificate-authority',
  caData: 'idp-certificate-authority-data',
  idToken: 'id-token',
  refreshToken: 'refresh-token',
} as const;

/**
 * What client-go refuses in an oidc auth-provider config before any request (newOIDCAuthProvider).
 * @returns the sentence, or undefined when the config can be used
 */
export function oidcConfigProblem(config: Readonly<Record<string, string>> | null | undefined): string | undefined {
  if (!config?.[OIDC_KEYS.issuer]) return `Must provide ${OIDC_KEYS.issuer}`;
  if (!config[OIDC_KEYS.clientId]) return `Must provide ${OIDC_KEYS.clientId}`;
  return undefined;
}

/**
 * Whether an ID token is still valid at `now`, as client-go's idTokenExpired decides: its `exp`
 * (seconds, integer or float) is more than {@link OIDC_EXPIRY_DELTA_MS} ahead.
 * @throws AppError `validation` when the token is not a JWT with a readable payload
 */
export function idTokenValid(idToken: string, now: number): boolean {
  const parts = idToken.split('.');
  if (parts.length !== 3) throw new AppError('validation', 'ID Token is not a valid JWT');
  let claims: unknown;
  try {
    const payload = parts[1] ?? '';
    if (!/^[A-Za-z0-9_-]*$/.test(payload)) throw new Error('illegal base64 data');
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch (e) {
    throw new AppError('validation', `ID Token is not a valid JWT (parsing claims: ${(e as Error).message})`);
  }
  const exp = (claims as { exp?: unknown } | null)?.exp;
  const seconds = typeof exp === 'number' ? Math.trunc(exp) : 0;
  return now + OIDC_EXPIRY_DELTA_MS < seconds * 1000;
}

/** The parsed settings of one user's oidc auth-provider. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The issuer's CA (`idp-certificate-authority-data` wins over the file, as in client-go). */
  ca?: Buffer;
  /** The tokens as the kubeconfig holds them. */
  kubeconfigTokens: OidcTokenPair;
}

/**
 * Reads an oidc auth-provider config (the CA file too).
 * @param config - `auth-provider.config`
 * @param userName - for messages
 * @throws AppError `validation` naming what is missing or unreadable
 */
export async function readOidcSettings(config: Readonly<Record<string, string>> | null | undefined, userName: string): Promise<OidcSettings> {
  const problem = oidcConfigProblem(config);
  if (problem || !config) throw new AppError('validation', `User "${userName}": ${problem ?? 'the oidc auth-provider has no config'}.`);
  const out: OidcSettings = {
    issuer: config[OIDC_KEYS.issuer] ?? '',
    clientId: config[OIDC_KEYS.clientId] ?? '',
    clientSecret: config[OIDC_KEYS.clientSecret] ?? '',
    kubeconfigTokens: {},
  };
  if (config[OIDC_KEYS.idToken]) out.kubeconfigTokens.idToken = config[OIDC_KEYS.idToken];
  if (config[OIDC_KEYS.refreshToken]) out.kubeconfigTokens.refreshToken = config[OIDC_KEYS.refreshToken];
  const data = config[OIDC_KEYS.caData];
  const file = config[OIDC_KEYS.ca];
  if (data) {
    const clean = data.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw new AppError('validation', `User "${userName}": ${OIDC_KEYS.caData} is not valid base64.`);
    out.ca = Buffer.from(clean, 'base64');
  } else if (file) {
    if (!path.isAbsolute(file)) throw new AppError('validation', `User "${userName}": ${OIDC_KEYS.ca} "${file}" is a relative path, which cannot be resolved.`);
    try {
      out.ca = await readFile(file);
    } catch (e) {
      throw new AppError('validation', `User "${userName}": cannot read ${OIDC_KEYS.ca} "${file}" (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
  }
  return out;
}

/** What {@link oidcAuth} needs besides the settings. */
export interface OidcAuthDeps {
  /** MLDeck's own copy of refreshed tokens. */
  store: Pick<OidcTokenStore, 'read' | 'write'>;
  /** The user's key in the store (`oidcTokenKey`). */
  key: string;
  /** The user's name, for messages. */
  userName: string;
  /** The environment for HTTPS_PROXY/NO_PROXY. */
  env: ProxyEnv;
  /** Clock, for tests. */
  now?: () => number;
}

/** Refreshes in flight, per store key: contexts sharing a user share one refresh. */
const inFlight = new Map<string, Promise<OidcTokenPair>>();

/**
 * An auth provider for an `oidc` auth-provider user.
 * @param settings - from {@link readOidcSettings}
 * @param deps - the token store, key, environment and clock
 */
export function oidcAuth(settings: OidcSettings, deps: OidcAuthDeps): AuthProvider {
  const now = deps.now ?? Date.now;
  const transport: IssuerTransport = settings.ca ? { ca: settings.ca, env: deps.env } : { env: deps.env };
  let current: OidcTokenPair | undefined;
  /** ID tokens the API server refused with a 401: never sent again. */
  const rejected = new Set<string>();

  const usable = (t: OidcTokenPair | undefined): t is OidcTokenPair & { idToken: string } =>
    Boolean(t?.idToken) && !rejected.has(t?.idToken ?? '') && idTokenValid(t?.idToken ?? '', now());

  async function tokens(): Promise<OidcTokenPair> {
    // MLDeck's copy, when it descends from what the kubeconfig holds now; else the kubeconfig's.
    return (await deps.store.read(deps.key, settings.kubeconfigTokens)) ?? settings.kubeconfigTokens;
  }

  async function refresh(): Promise<OidcTokenPair> {
    const latest = await tokens();
    if (usable(latest)) return latest;
    const refreshToken = latest.refreshToken;
    if (!refreshToken)
      throw new AppError(
        'unauthenticated',
        `User "${deps.userName}": No valid id-token, and cannot refresh without refresh-token.`,
        undefined,
        undefined,
        'cluster',
      );
    const tokenUrl = await discoverTokenEndpoint(settings.issuer, transport);
    const fresh = await refreshWithToken(tokenUrl, { id: settings.clientId, secret: settings.clientSecret }, refreshToken, transport);
    const next = { idToken: fresh.idToken, refreshToken: fresh.refreshToken ?? refreshToken };
    try {
      await deps.store.write(deps.key, next, settings.kubeconfigTokens);
    } catch (e) {
      throw new AppError('internal', `could not persist new tokens: ${(e as Error).message}`);
    }
    return next;
  }

  return {
    kind: 'oidc',
    async credentials(): Promise<RequestCredentials> {
      current ??= await tokens();
      if (!usable(current)) {
        let p = inFlight.get(deps.key);
        if (!p) {
          p = refresh().finally(() => inFlight.delete(deps.key));
          inFlight.set(deps.key, p);
        }
        current = await p;
        if (!usable(current))
          throw new AppError(
            'unauthenticated',
            `User "${deps.userName}": the identity provider returned an ID token that is already expired.`,
            undefined,
            undefined,
            'cluster',
          );
      }
      return { authorization: `Bearer ${current.idToken}` };
    },
    invalidate(failed) {
      const token = failed.authorization?.replace(/^Bearer /, '');
      if (token) rejected.add(token);
      return Boolean(current?.refreshToken);
    },
  };
}
