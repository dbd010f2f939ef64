// SPDX-License-Identifier: Apache-2.0
/**
 * What an S3 client's failure means to the user: the SDK's service errors (by S3 error code and
 * HTTP status) and its network failures become `AppError`s with the right code and words naming
 * the store.
 */
import { AppError, codeForHttpStatus, isAppError } from '../../../shared/errors';
import { routeCause } from '../net/http-route';

interface SdkError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: 'client' | 'server';
}

const missing = new Set(['NoSuchKey', 'NoSuchBucket', 'NotFound', 'NoSuchUpload']);
const refused = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidToken', 'ExpiredToken', 'Forbidden']);

/**
 * The AppError for a failed S3 call.
 * @param store - how to name the store in messages (`S3 at http://…`)
 * @param what - what was asked (`s3://bucket/key`), for not-found messages
 */
export function s3Error(e: unknown, store: string, what = ''): AppError {
  if (isAppError(e)) return e;
  const cause = routeCause(e);
  if (cause) return cause;
  const err = (e ?? {}) as SdkError;
  const name = err.name ?? err.Code ?? '';
  if (name === 'AbortError' || name === 'RequestAbortedError') return new AppError('cancelled', `The request to ${store} was cancelled.`);
  const status = err.$metadata?.httpStatusCode;
  if (missing.has(name) || status === 404)
    return new AppError('not-found', `${store} has no ${what || 'such object'}${name && name !== 'NotFound' ? ` (${name})` : ''}.`, name || undefined);
  if (refused.has(name) || status === 403)
    return new AppError(
      'forbidden',
      `${store} refused the credentials (${name || 'HTTP 403'}${err.message && err.message !== name ? `: ${err.message}` : ''}).`,
      name || undefined,
      undefined,
      'object-store',
    );
  if (status !== undefined && status > 0) {
    const code = codeForHttpStatus(status);
    return new AppError(
      code === 'internal' ? 'unavailable' : code,
      `${store} answered HTTP ${status}${name ? ` (${name})` : ''}${err.message ? `: ${err.message.replace(/\.+$/, '')}` : ''}.`,
      name || undefined,
      code === 'internal',
    );
  }
  const net = err.code ?? (err as { cause?: { code?: string } }).cause?.code;
  if (name === 'TimeoutError' || net === 'ETIMEDOUT') return new AppError('timeout', `${store} did not answer in time.`, undefined, true);
  return new AppError('unavailable', `${store} cannot be reached (${net ?? err.message ?? String(e)}).`, undefined, true);
}
