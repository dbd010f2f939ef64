// SPDX-License-Identifier: Apache-2.0
/** Pure geometry for LineChart: domains, "nice" ticks, downsampling and SVG paths. */

/** One point: t on the x axis (ms since epoch, or a step number), v on the y axis. */
export interface Point {
  t: number;
  v: number;
}

/** The smallest and largest value of a list, or undefined for none. */
export function extent(values: Iterable<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** About `count` round tick values within [lo, hi] (steps of 1, 2 or 5 × 10ⁿ, the nearest to an even split). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = mag;
  for (const m of [2, 5, 10]) if (Math.abs(Math.log(m * mag) - Math.log(raw)) < Math.abs(Math.log(step) - Math.log(raw))) step = m * mag;
  const out: number[] = [];
  for (let x = Math.ceil(lo / step) * step; x <= hi + step * 1e-9; x += step) out.push(Number(x.toPrecision(12)));
  return out;
}

/**
 * Keeps at most `max` points, per bucket the first, the lowest and the highest, so spikes
 * stay visible when a long series is drawn in a few hundred pixels.
 */
export function downsample(points: readonly Point[], max: number): Point[] {
  if (points.length <= max || max < 4) return [...points];
  const buckets = Math.floor(max / 3);
  const size = points.length / buckets;
  const out: Point[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(points.length, Math.floor((b + 1) * size));
    let lo = points[from] as Point;
    let hi = lo;
    for (let i = from; i < to; i++) {
      const p = points[i] as Point;
      if (p.v < lo.v) lo = p;
      if (p.v > hi.v) hi = p;
    }
    const picks = [points[from] as Point, lo, hi].filter((p, i, a) => a.indexOf(p) === i).sort((x, y) => x.t - y.t);
    out.push(...picks);
  }
  const last = points[points.length - 1] as Point;
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

/** A linear map from a domain to a pixel range. */
export function scale(domain: [number, number], range: [number, number]): (x: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (x) => r0 + ((x - d0) / span) * (r1 - r0);
}

/** An SVG path through the points; gaps longer than `gapT` (if given) break the line. */
export function linePath(points: readonly Point[], x: (t: number) => number, y: (v: number) => number, gapT?: number): string {
  let d = '';
  let prev: Point | undefined;
  for (const p of points) {
    if (!Number.isFinite(p.v)) {
      prev = undefined;
      continue;
    }
    const move = !prev || (gapT !== undefined && p.t - prev.t > gapT);
    d += `${move ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`;
    prev = p;
  }
  return d;
}

/** The point of a sorted series nearest to t. */
export function nearest(points: readonly Point[], t: number): Point | undefined {
  let lo = 0;
  let hi = points.length - 1;
  if (hi < 0) return undefined;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((points[mid] as Point).t < t) lo = mid + 1;
    else hi = mid;
  }
  const a = points[lo] as Point;
  const b = points[lo - 1];
  return b && Math.abs(b.t - t) < Math.abs(a.t - t) ? b : a;
}
