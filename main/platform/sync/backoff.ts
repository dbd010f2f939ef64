// SPDX-License-Identifier: Apache-2.0
/**
 * How an informer reacts to a failure: what kind of failure it is, and how long to wait before
 * the next request (exponential backoff with full jitter, so many clients that lost the same
 * server do not come back in step).
 */
import { AppError, asAppError } from '../../../shared/errors';
import { isGone } from '../kube/kube-errors';

/** Bounds of the backoff. */
export interface BackoffOptions {
  /** The ceiling of the first retry's delay, in ms. */
  baseMs: number;
  /** The largest ceiling, in ms. */
  capMs: number;
}

/** The default backoff: 500 ms doubling up to 30 s. */
export const defaultBackoff: BackoffOptions = { baseMs: 500, capMs: 30_000 };

/**
 * The ceiling of the delay before retry number `attempt`: `min(cap, base · 2^(attempt-1))`.
 * @param attempt - 1 for the first retry after a failure
 */
export function backoffCeiling(attempt: number, opts: BackoffOptions = defaultBackoff): number {
  return Math.min(opts.capMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * A full-jitter delay: uniform in `[0, ceiling)`.
 * @param attempt - 1 for the first retry after a failure
 * @param random - a source of numbers in [0, 1)
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = defaultBackoff, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeiling(attempt, opts));
}

/**
 * What kind of failure an error is, for the informer:
 * - `gone`: 410, the resourceVersion or continue token expired; relist;
 * - `forbidden`: 403; stop retrying hot, check again slowly;
 * - `unauthenticated`: 401 (after KubeHttp's own retry with fresh credentials); retry slowly;
 * - `missing`: 404 or a cluster no longer configured; retry slowly;
 * - `broken`: the answer made no sense (bad JSON, 400, 409); relist after a backoff;
 * - `transient`: network, timeout, 5xx, 429, a silent watch; retry with backoff.
 */
export type FailureKind = 'gone' | 'forbidden' | 'unauthenticated' | 'missing' | 'broken' | 'transient';

/** Classifies a failure; see {@link FailureKind}. */
export function classifyFailure(e: unknown): FailureKind {
  if (isGone(e)) return 'gone';
  const err = asAppError(e);
  switch (err.code) {
    case 'forbidden':
      return 'forbidden';
    case 'unauthenticated':
      return 'unauthenticated';
    case 'not-found':
      return 'missing';
    case 'internal':
    case 'validation':
    case 'conflict':
      return 'broken';
    case 'unavailable':
    case 'timeout':
    case 'cancelled':
      return 'transient';
  }
}

/** The settings {@link planRetry} follows. */
export interface RetryPolicy {
  backoff: BackoffOptions;
  /** Wait before checking again after 403, 401 or 404, in ms. */
  slowRetryMs: number;
  /** `reconnecting` becomes `offline` after this many failures in a row... */
  offlineAfterFailures: number;
  /** ...or after failing for this long, in ms. */
  offlineAfterMs: number;
}

/** What to do after a failure. */
export interface RetryPlan {
  /** What the source is now. */
  freshness: 'reconnecting' | 'offline' | 'forbidden';
  /** How long to wait before the next request. */
  delayMs: number;
  /** Whether the next attempt must list again (the watch position can no longer be trusted). */
  relist: boolean;
}

/**
 * Decides the state and the wait after a failure: a 403 is `forbidden` and 401/404 are
 * `offline`, both re-checked every `slowRetryMs` (not retried hot); everything else backs off
 * and is `reconnecting`, then `offline` after too many failures or too long.
 * @param failures - failures in a row that back off, this one included (≥ 1 for those kinds)
 * @param failingForMs - since the first of them
 */
export function planRetry(kind: FailureKind, failures: number, failingForMs: number, policy: RetryPolicy, random: () => number = Math.random): RetryPlan {
  switch (kind) {
    case 'forbidden':
      return { freshness: 'forbidden', delayMs: policy.slowRetryMs, relist: false };
    case 'unauthenticated':
    case 'missing':
      return { freshness: 'offline', delayMs: policy.slowRetryMs, relist: false };
    case 'gone': // a list's 410 (a watch's 410 is not a failure: it relists at once)
    case 'broken':
    case 'transient': {
      const offline = failures >= policy.offlineAfterFailures || failingForMs >= policy.offlineAfterMs;
      return {
        freshness: offline ? 'offline' : 'reconnecting',
        delayMs: backoffDelay(Math.max(1, failures), policy.backoff, random),
        relist: kind !== 'transient',
      };
    }
  }
}

/**
 * A source's failures in a row, and its 410s in a row: what {@link planRetry} and an
 * immediate relist's back-off need to know. A started watch ends both streaks.
 */
export class FailureStreak {
  private failures = 0;
  private failingSince: number | undefined;
  private gone = 0;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** A watch started: the source works again. */
  reset(): void {
    this.failures = 0;
    this.failingSince = undefined;
    this.gone = 0;
  }

  /** A watch ended with 410: relist at once, unless the fresh list's resourceVersion is refused again. */
  goneDelay(): number {
    return ++this.gone > 1 ? backoffDelay(this.gone - 1, this.policy.backoff, this.random) : 0;
  }

  /** A failure at `now`: what the source is, how long to wait, whether to relist. */
  fail(e: unknown, now: number): RetryPlan & { error: AppError } {
    const error = asAppError(e);
    const kind = classifyFailure(error);
    if (kind === 'gone' || kind === 'broken' || kind === 'transient') {
      this.failures++;
      this.failingSince ??= now;
    }
    return { ...planRetry(kind, this.failures, now - (this.failingSince ?? now), this.policy, this.random), error };
  }
}
