// SPDX-License-Identifier: Apache-2.0
/**
 * The runs table's view model: columns as ids (`attribute:status`, `param:lr`, `metric:loss`,
 * `tag:team`), which are shown at first, a row's text per column, and the words for where an
 * answer came from. Pure, for tests.
 */
import type { RunColumn, TrackingOrigin } from '../../../shared/features/mlflow/mlflow.contract';
import type { TrackingRunRow, TrackingServer } from '../../../shared/features/mlflow/tracking-types';

/** The attributes every run has, in table order. */
export const attributeColumns: { key: Extract<RunColumn, { kind: 'attribute' }>['key']; title: string }[] = [
  { key: 'runName', title: 'Run' },
  { key: 'status', title: 'Status' },
  { key: 'startTime', title: 'Started' },
  { key: 'duration', title: 'Duration' },
  { key: 'user', title: 'User' },
  { key: 'endTime', title: 'Ended' },
];

/** A column's id. */
export const columnId = (c: RunColumn): string => `${c.kind}:${c.key}`;

/** The column of an id, or undefined. */
export function parseColumnId(id: string): RunColumn | undefined {
  const i = id.indexOf(':');
  const kind = id.slice(0, i);
  const key = id.slice(i + 1);
  if (i < 0 || key === '') return undefined;
  if (kind === 'attribute') {
    const a = attributeColumns.find((c) => c.key === key);
    return a ? { kind: 'attribute', key: a.key } : undefined;
  }
  if (kind === 'param' || kind === 'metric' || kind === 'tag') return { kind, key };
  return undefined;
}

/** Every column of the table for the keys seen, and whether it is hidden at first (more than 6 params/metrics, all tags, end time). */
export function runColumns(keys: { params: string[]; metrics: string[]; tags: string[] }): { column: RunColumn; title: string; hidden: boolean }[] {
  return [
    ...attributeColumns.map((a) => ({ column: { kind: 'attribute', key: a.key } as RunColumn, title: a.title, hidden: a.key === 'endTime' })),
    ...keys.metrics.map((k, i) => ({ column: { kind: 'metric', key: k } as RunColumn, title: k, hidden: i >= 6 })),
    ...keys.params.map((k, i) => ({ column: { kind: 'param', key: k } as RunColumn, title: k, hidden: i >= 6 })),
    ...keys.tags.filter((k) => !k.startsWith('mlflow.')).map((k) => ({ column: { kind: 'tag', key: k } as RunColumn, title: k, hidden: true })),
  ];
}

/** A number as the table shows it (6 significant digits). */
export function formatMetric(v: number | null | undefined): string {
  if (v === undefined) return '';
  if (v === null || Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  return String(+v.toPrecision(6));
}

/** A duration in words (`1 h 5 min`, `42 s`). */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || ms < 0) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A row's text in a column. */
export function cellText(r: TrackingRunRow, c: RunColumn, formatTime: (ms: number) => string): string {
  if (c.kind === 'param') return r.params[c.key] ?? '';
  if (c.kind === 'tag') return r.tags[c.key] ?? '';
  if (c.kind === 'metric') return c.key in r.metrics ? formatMetric(r.metrics[c.key]) : '';
  switch (c.key) {
    case 'runName':
      return r.runName || r.runId;
    case 'status':
      return r.status;
    case 'user':
      return r.user;
    case 'startTime':
      return r.startTime ? formatTime(r.startTime) : '';
    case 'endTime':
      return r.endTime ? formatTime(r.endTime) : '';
    case 'duration':
      return r.startTime && r.endTime ? formatDuration(r.endTime - r.startTime) : '';
    default:
      return '';
  }
}

/** A row's sort value in a column (numbers for metrics, times and numeric params). */
export function cellSortValue(r: TrackingRunRow, c: RunColumn): string | number {
  if (c.kind === 'metric') return r.metrics[c.key] ?? Number.NEGATIVE_INFINITY;
  if (c.kind === 'attribute' && (c.key === 'startTime' || c.key === 'endTime')) return r[c.key] ?? 0;
  if (c.kind === 'attribute' && c.key === 'duration') return r.startTime && r.endTime ? r.endTime - r.startTime : -1;
  const t = cellText(r, c, String);
  const n = Number(t);
  return t !== '' && Number.isFinite(n) ? n : t;
}

/** Where an answer came from, in words (undefined when live). */
export function originWords(o: TrackingOrigin, formatTime: (ms: number) => string): string | undefined {
  return o.kind === 'cache' ? `Offline — showing what MLDeck saw at ${formatTime(o.seenAt)}: ${o.why}` : undefined;
}

/** Where a server was found, in words. */
export function whereWords(s: TrackingServer): string {
  const w = s.where;
  if (w.kind === 'url' && s.saved) {
    const signIn = s.saved.auth === 'basic' ? `, signs in as ${s.saved.username}` : s.saved.auth === 'bearer' ? ', signs in with a token' : '';
    return `saved: ${w.url}${signIn}`;
  }
  if (w.kind === 'url') return `at ${w.url}`;
  if (w.kind === 'port-forward') return `in the cluster: ${w.namespace}/${w.service}${w.pod ? ` (port-forward to ${w.pod})` : ''}`;
  return 'no MLflow confirmed for this cluster yet: confirm it under Models → MLflow connection';
}
