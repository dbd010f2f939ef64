// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { httpStatusError, isGone, networkError } from './kube-errors';

const server = new URL('https://api.example:6443');
const errno = (code: string, extra: Record<string, string> = {}) => Object.assign(new Error(code), { code, ...extra });

describe('httpStatusError', () => {
  const statusBody = (code: number, reason: string, message: string) => JSON.stringify({ kind: 'Status', code, reason, message });
  it('uses the Status message and reason', () => {
    expect(httpStatusError(409, statusBody(409, 'AlreadyExists', 'notebooks "a" already exists')).toData()).toEqual({
      code: 'conflict',
      message: 'notebooks "a" already exists',
      detail: 'AlreadyExists (HTTP 409)',
      retryable: false,
      service: 'cluster',
    });
    expect(httpStatusError(410, statusBody(410, 'Expired', 'too old resource version')).code).toBe('not-found');
    expect(httpStatusError(422, statusBody(422, 'Invalid', 'spec.replicas: Invalid value')).code).toBe('validation');
    expect(httpStatusError(429, statusBody(429, 'TooManyRequests', 'slow down')).toData()).toMatchObject({ code: 'unavailable', retryable: true });
    expect(httpStatusError(504, statusBody(504, 'Timeout', 'x')).toData()).toMatchObject({ code: 'timeout', retryable: true });
  });
  it('falls back to a generic sentence for an empty message or non-Status body', () => {
    expect(httpStatusError(401, statusBody(401, 'Unauthorized', '')).message).toBe('The cluster did not accept the credentials.');
    // the cluster is who refused (the hint speaks of the kubeconfig for it alone)
    expect(httpStatusError(401, statusBody(401, 'Unauthorized', '')).service).toBe('cluster');
    expect(httpStatusError(403, 'forbidden').service).toBe('cluster');
    expect(httpStatusError(503, 'upstream connect error').toData()).toEqual({
      code: 'unavailable',
      message: 'The cluster is not available right now.',
      detail: 'HTTP 503: upstream connect error',
      retryable: true,
      service: 'cluster',
    });
  });
});

describe('networkError', () => {
  it('maps connection failures to retryable unavailable errors', () => {
    expect(networkError(errno('ECONNREFUSED'), server).toData()).toMatchObject({
      code: 'unavailable',
      message: 'Could not connect to api.example:6443: connection refused.',
      retryable: true,
    });
    expect(networkError(errno('ENOTFOUND'), server).message).toBe('Could not resolve api.example: host not found.');
    expect(networkError(errno('ETIMEDOUT'), server).message).toMatch(/timed out/);
    expect(networkError(errno('ECONNRESET'), server).message).toMatch(/was reset/);
  });
  it('explains TLS failures in kubectl words', () => {
    expect(networkError(errno('SELF_SIGNED_CERT_IN_CHAIN'), server).message).toMatch(/^x509: certificate signed by unknown authority/);
    expect(networkError(errno('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), server).toData()).toMatchObject({ code: 'unavailable', retryable: false });
    expect(networkError(errno('ERR_TLS_CERT_ALTNAME_INVALID', { reason: "Host: x. is not in the cert's altnames" }), server).message).toMatch(
      /not valid for this name \(Host: x\. is not in the cert's altnames\)\. If the server uses another name, set tls-server-name\./,
    );
    expect(networkError(errno('CERT_HAS_EXPIRED'), server).message).toMatch(/has expired/);
    expect(networkError(errno('ERR_SSL_WRONG_VERSION_NUMBER'), server).message).toMatch(/speaking HTTPS/);
    expect(networkError(errno('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'), server).code).toBe('unauthenticated');
  });
});

describe('isGone', () => {
  const statusBody = (code: number, reason: string) => JSON.stringify({ kind: 'Status', code, reason, message: 'too old resource version: 1 (5)' });
  it('recognises a 410 answer, with or without a Status body', () => {
    expect(isGone(httpStatusError(410, statusBody(410, 'Expired')))).toBe(true);
    expect(isGone(httpStatusError(410, statusBody(410, 'Gone')))).toBe(true);
    expect(isGone(httpStatusError(410, 'gone'))).toBe(true);
    expect(isGone(httpStatusError(410, ''))).toBe(true);
  });
  it('does not take a 404 or other errors for a 410', () => {
    expect(isGone(httpStatusError(404, statusBody(404, 'NotFound')))).toBe(false);
    expect(isGone(httpStatusError(500, statusBody(500, 'InternalError')))).toBe(false);
    expect(isGone(new AppError('not-found', 'x', 'HTTP 4100'))).toBe(false);
    expect(isGone(new Error('HTTP 410'))).toBe(false);
    expect(isGone(undefined)).toBe(false);
  });
});
