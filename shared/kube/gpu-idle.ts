// SPDX-License-Identifier: Apache-2.0
/**
 * Idle-GPU flags: a GPU is idle when a pod holds it and its utilisation has stayed under a
 * threshold for at least a window of time. A gap in the samples longer than a few steps ends
 * the run (we cannot say it was idle while we did not see it).
 */

/** One sample: ms since epoch, utilisation in %. */
export interface UtilSample {
  t: number;
  v: number;
}

/** The rule. */
export interface IdleRule {
  thresholdPercent: number;
  windowMinutes: number;
}

/** What {@link idleState} finds. */
export interface IdleState {
  idle: boolean;
  /** Minutes the latest run under the threshold lasts (0 if the last sample is at or above it). */
  idleMinutes: number;
}

/**
 * How long the most recent samples have stayed under the threshold, and whether that is idle.
 * @param samples - time-ordered samples (any order is sorted)
 * @param held - whether a pod holds the GPU; a free GPU is never flagged
 * @param maxGapMs - a gap longer than this between samples ends the run
 */
export function idleState(samples: readonly UtilSample[], rule: IdleRule, held: boolean, maxGapMs = Infinity): IdleState {
  const sorted = [...samples].filter((s) => Number.isFinite(s.v)).sort((a, b) => a.t - b.t);
  const last = sorted.at(-1);
  if (!last || last.v >= rule.thresholdPercent) return { idle: false, idleMinutes: 0 };
  let start = last.t;
  for (let i = sorted.length - 2; i >= 0; i--) {
    const s = sorted[i] as UtilSample;
    if (s.v >= rule.thresholdPercent || start - s.t > maxGapMs) break;
    start = s.t;
  }
  const idleMinutes = (last.t - start) / 60_000;
  return { idle: held && idleMinutes >= rule.windowMinutes, idleMinutes };
}

/** A job is idle when it has GPUs and every one of them is idle. */
export function jobIdle(gpus: readonly IdleState[]): boolean {
  return gpus.length > 0 && gpus.every((g) => g.idle);
}
