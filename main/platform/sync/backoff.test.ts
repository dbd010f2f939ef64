// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { httpStatusError } from '../kube/kube-errors';
import { backoffCeiling, backoffDelay, classifyFailure, planRetry, type RetryPolicy } from './backoff';

describe('backoff', () => {
  it('doubles the ceiling from 500 ms and caps it at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 100].map((n) => backoffCeiling(n))).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(backoffCeiling(3, { baseMs: 100, capMs: 250 })).toBe(250);
  });

  it('draws each delay uniformly below the ceiling (full jitter)', () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const ceiling = backoffCeiling(attempt);
      const draws = Array.from({ length: 2000 }, () => backoffDelay(attempt));
      expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...draws)).toBeLessThan(ceiling);
      const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      expect(mean / ceiling).toBeGreaterThan(0.4);
      expect(mean / ceiling).toBeLessThan(0.6);
    }
    expect(backoffDelay(4, undefined, () => 0)).toBe(0);
    expect(backoffDelay(4, undefined, () => 0.9999)).toBe(3999);
  });
});

describe('classifyFailure', () => {
  const status = (code: number, reason: string) => httpStatusError(code, JSON.stringify({ kind: 'Status', code, reason, message: reason }));
  it('tells apart what to relist, what to retry soon, and what to re-check slowly', () => {
    expect(classifyFailure(status(410, 'Expired'))).toBe('gone');
    expect(classifyFailure(status(404, 'NotFound'))).toBe('missing');
    expect(classifyFailure(status(403, 'Forbidden'))).toBe('forbidden');
    expect(classifyFailure(status(401, 'Unauthorized'))).toBe('unauthenticated');
    expect(classifyFailure(status(500, 'InternalError'))).toBe('transient');
    expect(classifyFailure(status(503, 'ServiceUnavailable'))).toBe('transient');
    expect(classifyFailure(status(429, 'TooManyRequests'))).toBe('transient');
    expect(classifyFailure(status(504, 'Timeout'))).toBe('transient');
    expect(classifyFailure(status(400, 'BadRequest'))).toBe('broken');
    expect(classifyFailure(new AppError('unavailable', 'Could not connect', 'ECONNREFUSED', true))).toBe('transient');
    expect(classifyFailure(new AppError('cancelled', 'aborted'))).toBe('transient');
    expect(classifyFailure(new AppError('internal', 'The cluster sent a watch event that is not valid JSON.'))).toBe('broken');
    expect(classifyFailure(new TypeError('x is undefined'))).toBe('broken');
  });
});

describe('planRetry', () => {
  const policy: RetryPolicy = { backoff: { baseMs: 500, capMs: 30_000 }, slowRetryMs: 60_000, offlineAfterFailures: 5, offlineAfterMs: 30_000 };
  const top = () => 0.999;
  it('re-checks 403, 401 and 404 slowly, whatever the streak', () => {
    expect(planRetry('forbidden', 0, 0, policy, top)).toEqual({ freshness: 'forbidden', delayMs: 60_000, relist: false });
    expect(planRetry('unauthenticated', 0, 0, policy, top)).toEqual({ freshness: 'offline', delayMs: 60_000, relist: false });
    expect(planRetry('missing', 9, 0, policy, top)).toEqual({ freshness: 'offline', delayMs: 60_000, relist: false });
  });
  it('backs off transient failures, reconnecting until 5 in a row or 30 s, then offline', () => {
    expect(planRetry('transient', 1, 0, policy, top)).toEqual({ freshness: 'reconnecting', delayMs: 499, relist: false });
    expect(planRetry('transient', 4, 29_999, policy, top).freshness).toBe('reconnecting');
    expect(planRetry('transient', 5, 1000, policy, top).freshness).toBe('offline');
    expect(planRetry('transient', 2, 30_000, policy, top).freshness).toBe('offline');
    expect(planRetry('transient', 12, 600_000, policy, top).delayMs).toBe(29_970);
  });
  it('relists after answers that make the watch position doubtful', () => {
    expect(planRetry('broken', 1, 0, policy, top).relist).toBe(true);
    expect(planRetry('gone', 1, 0, policy, top).relist).toBe(true);
  });
});
