// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AppError, asAppError, codeForHttpStatus } from './errors';

describe('asAppError', () => {
  it('keeps an AppError as it is', () => {
    const e = new AppError('forbidden', 'no');
    expect(asAppError(e)).toBe(e);
  });
  it('makes anything else internal with its message', () => {
    expect(asAppError(new TypeError('x is undefined')).toData()).toEqual({ code: 'internal', message: 'x is undefined' });
    expect(asAppError('plain').toData()).toEqual({ code: 'internal', message: 'plain' });
  });
});

describe('codeForHttpStatus', () => {
  it('maps the statuses a user meets', () => {
    expect([400, 401, 403, 404, 409, 429, 500, 504, 302].map(codeForHttpStatus)).toEqual([
      'validation',
      'unauthenticated',
      'forbidden',
      'not-found',
      'conflict',
      'unavailable',
      'unavailable',
      'timeout',
      'internal',
    ]);
  });
});
