// SPDX-License-Identifier: Apache-2.0
import type { AppErrorData } from '../errors';

/** What every call returns across a process boundary: a value or an error as data. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** A successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** A failed result. */
export function fail<T = never>(error: AppErrorData): Result<T> {
  return { ok: false, error };
}
