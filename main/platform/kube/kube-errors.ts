// SPDX-License-Identifier: Apache-2.0
/**
 * Mapping Kubernetes API failures to AppError: HTTP errors through the `Status` body, network
 * and TLS failures to readable `unavailable` errors, aborts to `cancelled`.
 */
import { z } from 'zod';
import { AppError, codeForHttpStatus, isAppError } from '../../../shared/errors';

const StatusSchema = z.object({
  kind: z.literal('Status'),
  message: z.string().optional(),
  reason: z.string().optional(),
  code: z.number().optional(),
});

const GENERIC: Record<string, string> = {
  unauthenticated: 'The cluster did not accept the credentials.',
  forbidden: 'The cluster refused this action for your user.',
  'not-found': 'The requested resource was not found.',
  conflict: 'The resource was changed by someone else; reload and try again.',
  validation: 'The cluster rejected the request as invalid.',
  timeout: 'The cluster took too long to answer.',
  unavailable: 'The cluster is not available right now.',
  internal: 'The cluster answered with an unexpected error.',
};

/**
 * The error for a non-2xx response.
 * @param status - the HTTP status
 * @param body - the response body (a Kubernetes `Status` when it comes from the API server)
 */
export function httpStatusError(status: number, body: string): AppError {
  const code = codeForHttpStatus(status);
  const retryable = code === 'unavailable' || code === 'timeout';
  let parsed: z.infer<typeof StatusSchema> | undefined;
  try {
    const s = StatusSchema.safeParse(JSON.parse(body));
    if (s.success) parsed = s.data;
  } catch {
    /* not JSON: a proxy or load balancer answered */
  }
  if (parsed) {
    const message = parsed.message || GENERIC[code] || `HTTP ${status}`;
    return new AppError(code, message, `${parsed.reason ?? 'Unknown'} (HTTP ${status})`, retryable, 'cluster');
  }
  const snippet = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  return new AppError(code, GENERIC[code] ?? `HTTP ${status}`, `HTTP ${status}${snippet ? `: ${snippet}` : ''}`, retryable, 'cluster');
}

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
]);

const CLIENT_CERT_REJECTED = /ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_REQUIRED|CERTIFICATE_UNKNOWN|DECRYPT_ERROR)/;

/**
 * The error for a failure below HTTP (connection, DNS, TLS, proxy).
 * @param err - what Node reported
 * @param server - the cluster's URL, for messages
 */
export function networkError(err: unknown, server: URL): AppError {
  if (isAppError(err)) return err;
  const e = err as NodeJS.ErrnoException & { reason?: string };
  const code = e.code ?? '';
  const host = server.host;
  const net = (msg: string) => new AppError('unavailable', msg, code || e.message, true);
  const tls = (msg: string) => new AppError('unavailable', msg, code, false);
  if (UNKNOWN_AUTHORITY.has(code)) {
    return tls(`x509: certificate signed by unknown authority: the certificate of ${host} is not trusted. Check the cluster's certificate-authority.`);
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return tls(
      `x509: the certificate of ${host} is not valid for this name (${e.reason ?? 'name mismatch'}). If the server uses another name, set tls-server-name.`,
    );
  }
  if (code === 'CERT_HAS_EXPIRED') return tls(`x509: the certificate of ${host} has expired.`);
  if (code === 'CERT_NOT_YET_VALID') return tls(`x509: the certificate of ${host} is not valid yet (check the clock).`);
  if (CLIENT_CERT_REJECTED.test(code)) {
    const msg = code.includes('CERTIFICATE_REQUIRED')
      ? `${host} requires a client certificate, and none was configured.`
      : `${host} did not accept the client certificate.`;
    return new AppError('unauthenticated', msg, code, false, 'cluster');
  }
  if (code.startsWith('ERR_SSL') || code === 'EPROTO' || code.startsWith('ERR_TLS')) {
    return tls(`The TLS handshake with ${host} failed; is the server speaking HTTPS on this port?`);
  }
  if (code === 'EPROXY') return net(e.message);
  if (code === 'ECONNREFUSED') return net(`Could not connect to ${host}: connection refused.`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return net(`Could not resolve ${server.hostname}: host not found.`);
  if (code === 'ETIMEDOUT') return net(`Connecting to ${host} timed out.`);
  if (code === 'ECONNRESET' || code === 'EPIPE') return net(`The connection to ${host} was reset.`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return net(`${host} is unreachable from this network.`);
  return net(`The connection to ${host} failed (${code || e.message}).`);
}

/** The error for a request stopped by its caller. */
export function cancelledError(): AppError {
  return new AppError('cancelled', 'The request was cancelled.');
}

/** The error for a request that ran out of time. */
export function timeoutError(server: URL, ms: number): AppError {
  return new AppError('timeout', `${server.host} did not answer within ${Math.round(ms / 1000)} s.`, undefined, true);
}

/**
 * Whether an error is a Kubernetes `410 Gone` (an expired watch resourceVersion or continue
 * token), which {@link httpStatusError} maps to `not-found` with `HTTP 410` in the detail.
 * @param e - anything thrown by a KubeHttp call
 */
export function isGone(e: unknown): boolean {
  return isAppError(e) && e.code === 'not-found' && /\(HTTP 410\)|^HTTP 410\b/.test(e.detail ?? '');
}
