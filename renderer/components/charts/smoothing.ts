// SPDX-License-Identifier: Apache-2.0
/**
 * Smoothing of a metric series as TensorBoard smooths its scalars: an exponential moving average
 * with weight `w` in [0, 1) (0: the raw series), debiased so the first points are not pulled
 * towards zero. NaN stays NaN and does not move the average. Pure.
 */

/** The smoothed copy of `y` (the same array when `weight` is 0). */
export function emaSmooth(y: Float64Array, weight: number): Float64Array {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`the smoothing weight must be in [0, 1), not ${weight}`);
  if (weight === 0) return y;
  const out = new Float64Array(y.length);
  let last = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    if (Number.isNaN(v)) {
      out[i] = NaN;
      continue;
    }
    last = last * weight + (1 - weight) * v;
    n++;
    out[i] = last / (1 - weight ** n);
  }
  return out;
}
