// SPDX-License-Identifier: Apache-2.0
/**
 * Reads from an in-cluster service through its kept rows: what is read is kept with the time
 * it was seen; when the service cannot be reached, the kept value is returned with where it
 * came from and why; a thing the service says is gone is forgotten.
 */
import { AppError, isAppError } from '../../../shared/errors';
import type { KeptRows } from './kept-rows';

/** Where a value read through the rows came from, when it is not the service. */
export interface KeptOrigin {
  kind: 'cache';
  seenAt: number;
  /** Why the service was not asked (its error message). */
  why: string;
}

/** The rows and words of one feature. */
export interface ReadThroughRows<Kind extends string> {
  rows: KeptRows<Kind>;
  now(): number;
  /** The service in words ("MLflow", "KFP"), for the message when nothing is kept. */
  service: string;
  /** Whether an error means the service was not reached (so the kept value is served). */
  unreachable(e: unknown): boolean;
  /** Kinds that are lists: a not-found there does not forget the row. */
  lists: readonly Kind[];
}

/**
 * Reads a value and keeps it, or serves the kept one when the service is not reached.
 * @param read - the value and where it came from
 * @param keep - what of the value to keep (default all)
 * @throws the read's error when it is not one of reach, or when nothing is kept
 */
export async function readThrough<Kind extends string, T extends object, O>(
  r: ReadThroughRows<Kind>,
  clusterId: string,
  kind: Kind,
  key: string,
  read: () => Promise<{ value: T; origin: O }>,
  keep: (value: T) => unknown = (v) => v,
): Promise<T & { origin: O | KeptOrigin }> {
  try {
    const { value, origin } = await read();
    r.rows.put(clusterId, kind, key, keep(value), r.now());
    return { ...value, origin };
  } catch (e) {
    if (isAppError(e) && e.code === 'not-found' && !r.lists.includes(kind)) r.rows.remove(clusterId, kind, key);
    if (!r.unreachable(e)) throw e;
    const err = e as AppError;
    const kept = r.rows.get<T>(clusterId, kind, key);
    if (!kept) {
      // not reached because it is not set up (no service confirmed): nothing to add
      if (err.retryable === false) throw err;
      throw new AppError(
        err.code,
        `${err.message} MLDeck has not seen this in ${r.service} before, so there is nothing cached to show.`,
        err.detail,
        true,
        err.service,
      );
    }
    return { ...kept.value, origin: { kind: 'cache', seenAt: kept.seenAt, why: err.message } };
  }
}
