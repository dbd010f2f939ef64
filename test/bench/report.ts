// SPDX-License-Identifier: Apache-2.0
/**
 * Benchmark results: one line per workload, `<id> <what> <ratio>x goal <op><target>x ok|miss`,
 * each a ratio to a baseline measured in the same run; plus a JSON file and an SVG chart of
 * every ratio against its goal in test-results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One measured workload. */
export interface BenchResult {
  id: string;
  what: string;
  ratio: number;
  goal: { op: '<=' | '>='; target: number };
  /** Raw numbers behind the ratio (ms, rows/s, bytes). */
  details: Record<string, number | string>;
  /** Why the workload produced no ratio (it failed); the result is then a miss. */
  error?: string;
}

/** A result for a workload that failed: no ratio, a miss, and the error's first line. */
export function failed(expected: Pick<BenchResult, 'id' | 'what' | 'goal'>, error: unknown): BenchResult {
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split('\n').find((l) => l.trim() !== '') ?? 'unknown error';
  return { ...expected, ratio: Number.NaN, details: {}, error: first.trim().slice(0, 300) };
}

/** Whether a result meets its goal. */
export function meets(r: BenchResult): boolean {
  if (r.error !== undefined || !Number.isFinite(r.ratio)) return false;
  return r.goal.op === '<=' ? r.ratio <= r.goal.target : r.ratio >= r.goal.target;
}

/** The line printed for a result. */
export function line(r: BenchResult): string {
  if (r.error !== undefined) return `${r.id} ${r.what.replace(/\s+/g, '-')} failed goal ${r.goal.op}${r.goal.target}x miss: ${r.error}`;
  return `${r.id} ${r.what.replace(/\s+/g, '-')} ${r.ratio.toFixed(3)}x goal ${r.goal.op}${r.goal.target}x ${meets(r) ? 'ok' : 'miss'}`;
}

/** Median of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * B9's three lines for a paged list (KFP runs, MLflow runs): MLDeck's first page and whole
 * sortable list against the direct REST calls for the same pages (medians, ≤ 1.3×), and the most
 * calls MLDeck made for one page (≤ 3).
 */
export function pagedListResults(
  what: { first: string; whole: string; calls: string },
  ms: { firstMl: number[]; firstRest: number[]; allMl: number[]; allRest: number[] },
  perPage: number[],
  details: Record<string, number | string>,
): BenchResult[] {
  const maxCalls = Math.max(...perPage);
  return [
    {
      id: 'B9',
      what: what.first,
      ratio: median(ms.firstMl) / median(ms.firstRest),
      goal: { op: '<=', target: 1.3 },
      details: { ...details, mldeckMs: Math.round(median(ms.firstMl)), restMs: Math.round(median(ms.firstRest)) },
    },
    {
      id: 'B9',
      what: what.whole,
      ratio: median(ms.allMl) / median(ms.allRest),
      goal: { op: '<=', target: 1.3 },
      details: { ...details, mldeckMs: Math.round(median(ms.allMl)), restMs: Math.round(median(ms.allRest)) },
    },
    {
      id: 'B9',
      what: what.calls,
      ratio: maxCalls / 3,
      goal: { op: '<=', target: 1 },
      details: { ...details, maxCallsPerPage: maxCalls, pagesRead: perPage.length, callsOnColdFirstPage: perPage[0] ?? 0 },
    },
  ];
}

/** The 95th percentile (nearest rank); NaN for no values. */
export function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] ?? Number.NaN;
}

/** Least-squares slope of y over x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) throw new Error('a slope needs two samples or more');
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  if (den === 0) throw new Error('the samples were all taken at the same time');
  return num / den;
}

/** An SVG bar chart: each ratio as a bar on a log scale, its goal as a tick. */
export function chart(results: BenchResult[]): string {
  const w = 760;
  const rowH = 34;
  const left = 260;
  const h = 50 + rowH * results.length;
  const max = Math.max(2, ...results.map((r) => Math.max(Number.isFinite(r.ratio) ? r.ratio : 0, r.goal.target) * 1.2));
  const x = (v: number) => left + ((w - left - 30) * Math.log10(1 + v)) / Math.log10(1 + max);
  const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);
  const rows = results.map((r, i) => {
    const y = 40 + i * rowH;
    const color = meets(r) ? '#1a7f37' : '#c62828';
    const ratio = Number.isFinite(r.ratio) ? r.ratio : 0;
    const label = r.error !== undefined ? `failed: ${r.error}` : `${r.ratio.toFixed(2)}× (goal ${r.goal.op}${r.goal.target}×)`;
    return [
      `<text x="${left - 8}" y="${y + 17}" text-anchor="end" font-size="12">${esc(`${r.id} ${r.what}`)}</text>`,
      `<rect x="${left}" y="${y + 5}" width="${Math.max(1, x(ratio) - left)}" height="18" fill="${color}" opacity="0.8"/>`,
      `<line x1="${x(r.goal.target)}" x2="${x(r.goal.target)}" y1="${y + 1}" y2="${y + 27}" stroke="#111" stroke-width="2"/>`,
      `<text x="${x(ratio) + 4}" y="${y + 18}" font-size="11">${esc(label)}</text>`,
    ].join('');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/><text x="10" y="22" font-size="14" font-weight="bold">MLDeck benchmarks: ratio to the same-run baseline (bar), goal (tick)</text>${rows.join('')}</svg>`;
}

/** Writes bench.json and bench.svg into `dir`. */
export function writeReport(dir: string, results: BenchResult[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bench.json'), JSON.stringify(results, null, 2));
  writeFileSync(join(dir, 'bench.svg'), chart(results));
}
