// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { RunsPage, RunSummary } from '../../../../shared/features/pipelines/runs.contract';
import { applyPage, duration, emptyControls, filterOf, mergedRows, nextCursors, runActions, runsNotes, streamKey } from './runs-model';

const run = (clusterId: string, name: string, createdAt: string, extra: Partial<RunSummary> = {}): RunSummary => ({
  clusterId,
  namespace: '',
  runId: `${clusterId}-${name}`,
  displayName: name,
  description: '',
  experimentId: 'e',
  pipelineId: 'p',
  pipelineVersionId: 'v',
  recurringRunId: '',
  state: 'SUCCEEDED',
  storageState: 'AVAILABLE',
  createdAt,
  scheduledAt: createdAt,
  finishedAt: '',
  error: '',
  ...extra,
});
const origin = { kind: 'port-forward' as const, namespace: 'kubeflow', service: 'ml-pipeline', pod: 'p', port: 8888 };
const page = (streams: { c: string; ns?: string; runs: RunSummary[]; next?: string }[]): RunsPage => ({
  streams: streams.map((s) => ({
    clusterId: s.c,
    namespace: s.ns ?? '',
    ok: true,
    runs: s.runs,
    nextPageToken: s.next ?? '',
    totalSize: 99,
    scanned: s.runs.length,
    origin,
  })),
  refused: [],
});

describe('the runs list', () => {
  it('merges streams newest first, holding back rows a stream with more pages may still precede', () => {
    const a = page([
      { c: 'a', runs: [run('a', 'a1', '2026-01-01T10:00:00Z'), run('a', 'a2', '2026-01-01T08:00:00Z')], next: 'ta' },
      { c: 'b', runs: [run('b', 'b1', '2026-01-01T09:00:00Z'), run('b', 'b2', '2026-01-01T07:00:00Z')] },
    ]);
    const streams = applyPage(new Map(), a, true);
    const sort = { key: 'created_at' as const, desc: true };
    // a has more after 08:00; b's 07:00 row waits
    expect(mergedRows(streams, sort)).toEqual({
      rows: [expect.objectContaining({ displayName: 'a1' }), expect.objectContaining({ displayName: 'b1' }), expect.objectContaining({ displayName: 'a2' })],
      more: true,
    });
    expect(nextCursors(streams)).toEqual([{ clusterId: 'a', namespace: '', pageToken: 'ta' }]);
    const next = applyPage(streams, page([{ c: 'a', runs: [run('a', 'a3', '2026-01-01T07:30:00Z'), run('a', 'a1', '2026-01-01T10:00:00Z')] }]), false);
    const merged = mergedRows(next, sort);
    expect(merged.more).toBe(false);
    expect(merged.rows.map((r) => r.displayName)).toEqual(['a1', 'b1', 'a2', 'a3', 'b2']);
    expect(next.get(streamKey('a', ''))?.scanned).toBe(4);
  });

  it('sorts by name ascending as KFP does, ties by id', () => {
    const streams = applyPage(
      new Map(),
      page([
        { c: 'a', runs: [run('a', 'b', ''), run('a', 'a', '')] },
        { c: 'b', runs: [run('b', 'a', '')] },
      ]),
      true,
    );
    expect(mergedRows(streams, { key: 'display_name', desc: false }).rows.map((r) => r.runId)).toEqual(['a-a', 'b-a', 'a-b']);
  });

  it('keeps a stream’s rows when its next page fails, and says so', () => {
    const first = applyPage(new Map(), page([{ c: 'a', runs: [run('a', 'x', '2026-01-01T00:00:00Z')], next: 't' }]), true);
    const failed = applyPage(
      first,
      { streams: [{ clusterId: 'a', namespace: '', ok: false, error: { code: 'unavailable', message: 'gone' } }], refused: [] },
      false,
    );
    expect(failed.get(streamKey('a', ''))?.runs).toHaveLength(1);
    expect(nextCursors(failed)).toEqual([]);
    expect(runsNotes(failed, [{ clusterId: 'b', namespace: 'research', reason: 'dave’s' }], false)).toEqual([
      { kind: 'error', clusterId: 'a', namespace: '', error: { code: 'unavailable', message: 'gone' } },
      { kind: 'refused', clusterId: 'b', namespace: 'research', reason: 'dave’s' },
    ]);
  });

  it('notes a cluster served from the cache once, with its date', () => {
    const p: RunsPage = {
      streams: ['team-a', 'team-b'].map((ns) => ({
        clusterId: 'b',
        namespace: ns,
        ok: true,
        runs: [],
        nextPageToken: '',
        totalSize: 0,
        scanned: 0,
        origin: { kind: 'cache', seenAt: 5, why: 'down' },
      })),
      refused: [],
    };
    expect(runsNotes(applyPage(new Map(), p, true), [], false)).toEqual([{ kind: 'cached', clusterId: 'b', seenAt: 5, why: 'down' }]);
  });

  it('makes the filter from the controls', () => {
    expect(filterOf(emptyControls)).toEqual({});
    expect(filterOf({ ...emptyControls, state: 'active', search: ' x ', archived: true, pipelineVersionId: 'v' })).toEqual({
      states: ['PENDING', 'RUNNING'],
      search: 'x',
      archived: true,
    });
    const f = filterOf({ ...emptyControls, pipelineId: 'p', pipelineVersionId: 'v', experimentId: 'e', from: '2026-01-01T10:00' });
    expect(f).toMatchObject({ pipelineId: 'p', pipelineVersionId: 'v', experimentId: 'e' });
    expect(f.createdAfter).toBe(new Date('2026-01-01T10:00').toISOString());
  });

  it('words durations and offers the actions a state allows', () => {
    const r = run('a', 'x', '2026-01-01T00:00:00Z', { finishedAt: '2026-01-01T00:02:05Z' });
    expect(duration(r, 0)).toBe('2m 05s');
    expect(duration({ ...r, finishedAt: '', state: 'RUNNING' }, Date.parse('2026-01-01T03:04:00Z'))).toBe('3h 04m');
    expect(duration({ ...r, finishedAt: '', state: 'FAILED' }, 0)).toBe('');
    expect(runActions({ state: 'RUNNING', storageState: 'AVAILABLE' })).toEqual({ terminate: true, retry: false, archive: true, unarchive: false });
    expect(runActions({ state: 'FAILED', storageState: 'ARCHIVED' })).toEqual({ terminate: false, retry: true, archive: false, unarchive: true });
  });
});
