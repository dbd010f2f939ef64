// SPDX-License-Identifier: Apache-2.0
/**
 * Per-request credentials of a connection: static token, token file (re-read as client-go does),
 * basic auth, exec plugin, or none. Static client certificates live in the TLS options instead.
 */
import { readFile } from 'node:fs/promises';
import { AppError } from '../../../shared/errors';
import type { ExecClusterInfo, ExecCredential, ExecCredentialRunner } from './exec-credential';
import type { AuthKind, ExecConfig } from './kubeconfig-model';

/** What one request presents. */
export interface RequestCredentials {
  /** The `Authorization` header value. */
  authorization?: string;
  /** A client certificate from an exec plugin (PEM). */
  clientCert?: { cert: string; key: string };
}

/** Supplies credentials to `KubeHttp` and reacts to 401s. */
export interface AuthProvider {
  /** How this provider authenticates. */
  readonly kind: AuthKind;
  /** Credentials for the next request; may run a plugin. */
  credentials(signal?: AbortSignal): Promise<RequestCredentials>;
  /**
   * Called after a 401 with the credentials that failed.
   * @returns true when new credentials may differ, so one retry makes sense
   */
  invalidate(failed: RequestCredentials): boolean;
}

/** A provider that presents nothing (anonymous, or client certificate only). */
export function noAuth(kind: AuthKind = 'none'): AuthProvider {
  return { kind, credentials: () => Promise.resolve({}), invalidate: () => false };
}

/** A fixed bearer token. */
export function staticTokenAuth(token: string): AuthProvider {
  const creds = { authorization: `Bearer ${token}` };
  return { kind: 'token', credentials: () => Promise.resolve(creds), invalidate: () => false };
}

/** HTTP basic auth. */
export function basicAuth(username: string, password: string): AuthProvider {
  const creds = { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
  return { kind: 'basic', credentials: () => Promise.resolve(creds), invalidate: () => false };
}

/** How long a token file's content is reused before it is read again (client-go uses one minute). */
const TOKEN_FILE_TTL_MS = 60_000;

/**
 * A token read from a file that may be rotated (projected service-account tokens, cloud CLIs).
 * @param file - absolute path
 * @param now - clock, for tests
 */
export function tokenFileAuth(file: string, now: () => number = Date.now): AuthProvider {
  let cached: { creds: RequestCredentials; at: number } | undefined;
  return {
    kind: 'token-file',
    async credentials() {
      if (cached && now() - cached.at < TOKEN_FILE_TTL_MS) return cached.creds;
      let token: string;
      try {
        token = (await readFile(file, 'utf8')).trim();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? 'error';
        throw new AppError('validation', `Cannot read tokenFile "${file}" (${code}).`);
      }
      if (token === '') throw new AppError('validation', `tokenFile "${file}" is empty.`);
      cached = { creds: { authorization: `Bearer ${token}` }, at: now() };
      return cached.creds;
    },
    invalidate(failed) {
      if (cached?.creds === failed) cached = undefined;
      return true;
    },
  };
}

/**
 * Credentials from an exec plugin through the shared runner.
 * @param runner - the app-wide runner (holds the approval gate and the cache)
 * @param exec - the user's exec section
 * @param cluster - cluster details for KUBERNETES_EXEC_INFO
 * @param userName - the kubeconfig user, named in validation messages as kubectl does
 */
export function execAuth(runner: ExecCredentialRunner, exec: ExecConfig, cluster: ExecClusterInfo, userName?: string): AuthProvider {
  const issued = new WeakMap<RequestCredentials, ExecCredential>();
  return {
    kind: 'exec',
    async credentials(signal) {
      const cred = await runner.get(exec, cluster, signal, userName);
      const out: RequestCredentials = {};
      if (cred.token) out.authorization = `Bearer ${cred.token}`;
      if (cred.clientCertificateData && cred.clientKeyData) {
        out.clientCert = { cert: cred.clientCertificateData, key: cred.clientKeyData };
      }
      issued.set(out, cred);
      return out;
    },
    invalidate(failed) {
      runner.invalidate(exec, cluster, issued.get(failed));
      return true;
    },
  };
}
