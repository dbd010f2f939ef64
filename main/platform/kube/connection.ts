// SPDX-License-Identifier: Apache-2.0
/**
 * Turning a context into everything needed to talk to its cluster: server URL, TLS material
 * (from data or files, validated up front), proxy, and the auth provider.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createSecureContext } from 'node:tls';
import { AppError } from '../../../shared/errors';
import { basicAuth, execAuth, noAuth, staticTokenAuth, tokenFileAuth, type AuthProvider } from './auth';
import { EXEC_CLUSTER_EXTENSION, type ExecClusterInfo, type ExecCredentialRunner } from './exec-credential';
import type { ContextEntry, MergedKubeconfig } from './kubeconfig-merge';
import { authKindOf } from './kubeconfig-merge';
import { authProviderProblem } from './kubeconfig-problems';
import { oidcAuth, readOidcSettings } from './oidc-auth';
import { oidcTokenKey, type OidcTokenStore } from './oidc-token-store';
import { proxyFor } from '../net/proxy-rule';
import { parseProxyUrl, parseServerUrl } from './urls';

/** TLS settings for every connection to the cluster. */
export interface TlsSettings {
  /** CA bundle; replaces the built-in roots, as in kubectl. */
  ca?: Buffer;
  /** Static client certificate (PEM). */
  cert?: Buffer;
  /** Static client key (PEM). */
  key?: Buffer;
  /** SNI and the name the certificate must match (`tls-server-name`). */
  servername?: string;
  /** False only with `insecure-skip-tls-verify: true`. */
  rejectUnauthorized: boolean;
}

/** A resolved, ready-to-use cluster connection. Main-only: holds secrets. */
export interface KubeConnection {
  /** The context entry's id. */
  contextId: string;
  /** The context name, for messages. */
  contextName: string;
  /** The server URL (may carry a path prefix, e.g. Rancher's `/k8s/clusters/c-1`). */
  server: URL;
  /** TLS settings (ignored for http servers). */
  tls: TlsSettings;
  /** The proxy (HTTP(S) CONNECT, or SOCKS5), if any. */
  proxy?: URL;
  /** Do not ask the server for gzip. */
  disableCompression: boolean;
  /** The context's default namespace. */
  namespace: string;
  /** TLS verification off or plain http: the UI shows a persistent warning. */
  insecure: boolean;
  /** Per-request credentials. */
  auth: AuthProvider;
}

/** Options for {@link resolveConnection}. */
export interface ConnectionOptions {
  /** Needed for exec users. */
  execRunner?: ExecCredentialRunner;
  /** Environment for HTTPS_PROXY/NO_PROXY when the kubeconfig has no proxy-url. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Needed for `auth-provider: oidc` users: MLDeck's own copy of refreshed tokens. */
  oidcTokens?: OidcTokenStore;
}

function invalid(message: string): AppError {
  return new AppError('validation', message);
}

function decodeBase64(value: string, what: string): Buffer {
  const clean = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw invalid(`${what} is not valid base64.`);
  return Buffer.from(clean, 'base64');
}

async function readPem(file: string, what: string): Promise<Buffer> {
  if (!path.isAbsolute(file)) throw invalid(`${what} "${file}" is a relative path, which cannot be resolved for a pasted kubeconfig.`);
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : (code ?? 'read error');
    throw invalid(`Cannot read ${what} file "${file}": ${why}.`);
  }
}

async function material(data: string | undefined, file: string | undefined, what: string): Promise<Buffer | undefined> {
  // As client-go: inline data wins over the file.
  if (data) return decodeBase64(data, `${what}-data`);
  if (file) return readPem(file, what);
  return undefined;
}

function checkTls(tls: TlsSettings, cluster: string, user: string): void {
  if (tls.ca) {
    const blocks = tls.ca.toString('latin1').match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
    try {
      if (blocks.length === 0) throw new Error('no PEM certificate found');
      for (const b of blocks) new X509Certificate(b);
      createSecureContext({ ca: tls.ca });
    } catch (e) {
      throw invalid(`The certificate authority of cluster "${cluster}" is not a usable PEM certificate (${(e as Error).message}).`);
    }
  }
  try {
    if (tls.cert || tls.key) createSecureContext({ cert: tls.cert, key: tls.key });
  } catch (e) {
    const msg = (e as Error).message;
    if (/mismatch/i.test(msg)) throw invalid(`The client certificate and key of user "${user}" do not match.`);
    throw invalid(`The client certificate or key of user "${user}" is not usable PEM (${msg}).`);
  }
}

/**
 * The proxy for a cluster, as client-go picks it: `proxy-url` when set, else the environment's
 * (`http.ProxyFromEnvironment`, here the one proxy rule).
 */
function selectProxy(clusterName: string, proxyUrl: string | undefined, server: URL, env: ConnectionOptions['env']): URL | undefined {
  if (proxyUrl) {
    const p = parseProxyUrl(proxyUrl);
    if (!p.ok) throw invalid(`Cluster "${clusterName}": ${p.problem}.`);
    return p.url;
  }
  const fromEnv = proxyFor(server, env);
  if (!fromEnv) return undefined;
  const name = server.protocol === 'https:' ? 'HTTPS_PROXY (or https_proxy)' : 'HTTP_PROXY (or http_proxy)';
  const p = parseProxyUrl(fromEnv.href, `the ${name} environment variable`);
  if (!p.ok) throw invalid(`Cluster "${clusterName}": ${p.problem}.`);
  return p.url;
}

/**
 * Resolves a context into a connection.
 * @param entry - the context to connect with
 * @param config - the merged kubeconfig the entry came from
 * @param opts - the exec runner and environment
 * @throws AppError `validation` naming the field or file at fault
 */
export async function resolveConnection(entry: ContextEntry, config: MergedKubeconfig, opts: ConnectionOptions = {}): Promise<KubeConnection> {
  const ctx = config.contextsById.get(entry.id);
  if (!ctx) throw new AppError('not-found', `Context "${entry.name}" is no longer in the kubeconfig.`);
  const clusterName = ctx.value.cluster ?? '';
  const cluster = config.clusters.get(clusterName)?.value;
  if (!cluster) throw invalid(`Context "${entry.name}" names cluster "${clusterName}", which is not defined.`);
  const userName = ctx.value.user ?? '';
  const user = userName ? config.users.get(userName)?.value : undefined;
  if (userName && !user) throw invalid(`Context "${entry.name}" names user "${userName}", which is not defined.`);

  const server = parseServerUrl(cluster.server);
  if (!server.ok) throw invalid(`Cluster "${clusterName}": ${server.problem}.`);
  const insecureSkip = cluster['insecure-skip-tls-verify'] === true;
  const ca = await material(cluster['certificate-authority-data'], cluster['certificate-authority'], 'certificate-authority');
  if (insecureSkip && ca) throw invalid(`Cluster "${clusterName}" sets both insecure-skip-tls-verify and a certificate authority; remove one.`);

  const tls: TlsSettings = { rejectUnauthorized: !insecureSkip };
  if (ca) tls.ca = ca;
  if (cluster['tls-server-name']) tls.servername = cluster['tls-server-name'];
  const cert = await material(user?.['client-certificate-data'], user?.['client-certificate'], 'client-certificate');
  const key = await material(user?.['client-key-data'], user?.['client-key'], 'client-key');
  if (Boolean(cert) !== Boolean(key)) throw invalid(`User "${userName}" has a client certificate or key without the other.`);
  if (cert && key) Object.assign(tls, { cert, key });
  checkTls(tls, clusterName, userName);

  const proxy = selectProxy(clusterName, cluster['proxy-url'], server.url, opts.env ?? process.env);

  const execInfo: ExecClusterInfo = { server: server.url.href.replace(/\/$/, '') };
  if (tls.servername) execInfo['tls-server-name'] = tls.servername;
  if (insecureSkip) execInfo['insecure-skip-tls-verify'] = true;
  if (ca) execInfo['certificate-authority-data'] = ca.toString('base64');
  if (cluster['proxy-url']) execInfo['proxy-url'] = cluster['proxy-url'];
  if (cluster['disable-compression']) execInfo['disable-compression'] = true;
  const execExtension = cluster.extensions?.find((x) => x.name === EXEC_CLUSTER_EXTENSION);
  if (execExtension?.extension !== undefined) execInfo.config = execExtension.extension;

  const kind = authKindOf(user);
  let auth: AuthProvider;
  if (kind === 'unsupported') throw invalid(`User "${userName}": ${authProviderProblem(user?.['auth-provider']?.name ?? '')}.`);
  if ((user?.token || user?.tokenFile) && (user.username !== undefined || user.password !== undefined)) {
    throw invalid(`User "${userName}" sets both a token and a username/password; remove one.`);
  }
  if (kind === 'token') auth = staticTokenAuth(user?.token ?? '');
  else if (kind === 'token-file') {
    const file = user?.tokenFile ?? '';
    if (!path.isAbsolute(file)) throw invalid(`tokenFile "${file}" is a relative path, which cannot be resolved for a pasted kubeconfig.`);
    auth = tokenFileAuth(file);
  } else if (kind === 'basic') auth = basicAuth(user?.username ?? '', user?.password ?? '');
  else if (kind === 'oidc') {
    const settings = await readOidcSettings(user?.['auth-provider']?.config, userName);
    if (!opts.oidcTokens) throw new AppError('internal', 'No OIDC token store was configured.');
    const origin = config.users.get(userName)?.origin ?? entry.origin;
    auth = oidcAuth(settings, { store: opts.oidcTokens, key: oidcTokenKey(origin, userName), userName, env: opts.env ?? process.env });
  } else if (kind === 'exec' && user?.exec) {
    if (!opts.execRunner) throw new AppError('internal', 'No credential plugin runner was configured.');
    auth = execAuth(opts.execRunner, user.exec, execInfo, userName);
  } else auth = noAuth(kind);

  const conn: KubeConnection = {
    contextId: entry.id,
    contextName: entry.name,
    server: server.url,
    tls,
    disableCompression: cluster['disable-compression'] === true,
    namespace: ctx.value.namespace || 'default',
    insecure: insecureSkip || server.url.protocol === 'http:',
    auth,
  };
  if (proxy) conn.proxy = proxy;
  return conn;
}
