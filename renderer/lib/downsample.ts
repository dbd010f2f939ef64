// SPDX-License-Identifier: Apache-2.0
/**
 * Downsampling of long series to the pixels that draw them (pure; the charts' data path).
 * `minMaxPerPixel` splits an x range into one bucket per pixel column and keeps, in each, the
 * point with the lowest and the one with the highest y (in their order), plus the range's first
 * and last points: a line through them covers exactly the pixels the full line covers, so spikes
 * and dips survive, and a 100,000-point series becomes at most 2 × width + 2 points.
 * Series are typed arrays sorted by x (`sortedByX` puts an unsorted one in order); NaN y is a
 * missing value (never drawn, never a minimum).
 */

/** A series as two columns of the same length, x ascending. */
export interface XY {
  x: Float64Array;
  y: Float64Array;
}

/** A downsampled window of a series. */
export interface Sampled extends XY {
  /** Whether points were dropped (the chart says "sampled"). */
  sampled: boolean;
  /** Points of the full series inside the window (what would be drawn without sampling). */
  inWindow: number;
}

/** Checks a series' columns; throws on a length mismatch, which is a programming error of the caller. */
function check(s: XY): void {
  if (s.x.length !== s.y.length) throw new RangeError(`x has ${s.x.length} values and y ${s.y.length}`);
}

/** The first index whose x is ≥ `v` (x ascending). */
export function lowerBound(x: Float64Array, v: number): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((x[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose x is > `v` (x ascending). */
export function upperBound(x: Float64Array, v: number): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((x[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The index range [start, end) of the points with `from ≤ x ≤ to`, widened by one point on each
 * side when there is one, so a line drawn from them reaches the window's edges.
 */
export function windowRange(x: Float64Array, from: number, to: number): [number, number] {
  const start = Math.max(0, lowerBound(x, from) - 1);
  const end = Math.min(x.length, upperBound(x, to) + 1);
  return [start, Math.max(start, end)];
}

/** The series in x order (the same object when it already is; a stable sort otherwise). */
export function sortedByX(s: XY): XY {
  check(s);
  let sorted = true;
  for (let i = 1; i < s.x.length; i++) {
    if ((s.x[i] as number) < (s.x[i - 1] as number)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return s;
  const order = Array.from({ length: s.x.length }, (_, i) => i).sort((a, b) => (s.x[a] as number) - (s.x[b] as number) || a - b);
  return { x: Float64Array.from(order, (i) => s.x[i] as number), y: Float64Array.from(order, (i) => s.y[i] as number) };
}

/**
 * Min/max per pixel column of the points [start, end) of `s`, the columns spanning x from
 * `from` to `to` in `pixels` buckets. Keeps the first and last point of the range and, per bucket,
 * its lowest and highest y in index order. Points of NaN y are skipped.
 */
export function minMaxPerPixel(s: XY, start: number, end: number, from: number, to: number, pixels: number): XY {
  check(s);
  if (!(pixels >= 1)) throw new RangeError(`pixels must be 1 or more, not ${pixels}`);
  const xs = s.x;
  const ys = s.y;
  const buckets = Math.floor(pixels);
  const last = buckets - 1;
  // indices kept, ascending: the first point, two per bucket, the last point
  const keep = new Int32Array(2 * buckets + 2);
  let k = 0;
  const span = to - from;
  const scale = span > 0 ? buckets / span : 0;
  let bucket = -1;
  let minI = -1;
  let maxI = -1;
  let minY = 0;
  let maxY = 0;
  for (let i = start; i < end; i++) {
    const y = ys[i] as number;
    if (y !== y) continue; // NaN
    let b = Math.floor(((xs[i] as number) - from) * scale);
    b = b < 0 ? 0 : b > last ? last : b;
    if (b !== bucket) {
      if (minI < 0)
        keep[k++] = i; // the range's first point
      else {
        const lo = minI < maxI ? minI : maxI;
        const hi = minI < maxI ? maxI : minI;
        if ((keep[k - 1] as number) < lo) keep[k++] = lo;
        if ((keep[k - 1] as number) < hi) keep[k++] = hi;
      }
      bucket = b;
      minI = maxI = i;
      minY = maxY = y;
    } else if (y < minY) {
      minI = i;
      minY = y;
    } else if (y > maxY) {
      maxI = i;
      maxY = y;
    }
  }
  if (minI >= 0) {
    const lo = minI < maxI ? minI : maxI;
    const hi = minI < maxI ? maxI : minI;
    if ((keep[k - 1] as number) < lo) keep[k++] = lo;
    if ((keep[k - 1] as number) < hi) keep[k++] = hi;
  }
  for (let i = end - 1; i >= start; i--) {
    const y = ys[i] as number;
    if (y === y) {
      if (k === 0 || (keep[k - 1] as number) < i) keep[k++] = i; // the range's last point
      break;
    }
  }
  const x = new Float64Array(k);
  const y = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const i = keep[j] as number;
    x[j] = xs[i] as number;
    y[j] = ys[i] as number;
  }
  return { x, y };
}

/**
 * The points of `s` to draw for the x window [from, to] at `pixels` columns: all of them when
 * there are no more than 2 per column, else min/max per pixel (`sampled`).
 */
export function downsampleWindow(s: XY, from: number, to: number, pixels: number): Sampled {
  check(s);
  const [start, end] = windowRange(s.x, from, to);
  const inWindow = end - start;
  if (inWindow <= 2 * Math.max(1, Math.floor(pixels)) + 2) {
    return { x: s.x.subarray(start, end), y: s.y.subarray(start, end), sampled: false, inWindow };
  }
  const out = minMaxPerPixel(s, start, end, from, to, pixels);
  return { ...out, sampled: out.x.length < inWindow, inWindow };
}
