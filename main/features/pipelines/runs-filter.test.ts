// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../shared/features/pipelines/runs.contract';
import { scheduleProblems } from './recurring.service';
import { matchesLocally, runPredicates, runsQuery, streamNamespaces } from './runs-filter';
import { recurringSummary, triggerOf, wireTrigger } from './runs-wire';

describe('the runs query', () => {
  it('builds KFP predicates from the filter, archived or not', () => {
    expect(runPredicates({})).toEqual([{ key: 'storage_state', operation: 'EQUALS', string_value: 'AVAILABLE' }]);
    expect(
      runPredicates({
        archived: true,
        states: ['RUNNING', 'FAILED', 'RUNNING'],
        createdAfter: '2026-12-01T10:00:00+01:00',
        createdBefore: '2026-12-02T00:00:00Z',
        search: ' train ',
        recurringRunId: 'rr-1',
      }),
    ).toEqual([
      { key: 'storage_state', operation: 'EQUALS', string_value: 'ARCHIVED' },
      { key: 'state', operation: 'IN', string_values: { values: ['FAILED', 'RUNNING'] } },
      { key: 'created_at', operation: 'GREATER_THAN_EQUALS', timestamp_value: '2026-12-01T09:00:00.000Z' },
      { key: 'created_at', operation: 'LESS_THAN_EQUALS', timestamp_value: '2026-12-02T00:00:00.000Z' },
      { key: 'display_name', operation: 'IS_SUBSTRING', string_value: 'train' },
      { key: 'recurring_run_id', operation: 'EQUALS', string_value: 'rr-1' },
    ]);
  });

  it('puts sort, size, namespace and experiment in the query; a next page sends its token instead of sort and filter', () => {
    expect(runsQuery({ experimentId: 'e1', createdBefore: '2026-12-02T00:00:00Z' }, { key: 'created_at', desc: true }, 50, 'team-a')).toEqual({
      namespace: 'team-a',
      experiment_id: 'e1',
      page_size: 50,
      sort_by: 'created_at desc',
      filter: JSON.stringify({ predicates: runPredicates({ createdBefore: '2026-12-02T00:00:00Z' }) }),
    });
    // the token carries them: sent again, KFP 2.17 finds a time bound not equal to the token's
    const q = runsQuery({ experimentId: 'e1', createdBefore: '2026-12-02T00:00:00Z' }, { key: 'created_at', desc: true }, 50, 'team-a', 'tok');
    expect(q).toEqual({ namespace: 'team-a', experiment_id: 'e1', page_size: 50, page_token: 'tok' });
    expect(runsQuery({}, { key: 'display_name', desc: false }, 20, '')).toEqual({
      page_size: 20,
      sort_by: 'display_name',
      filter: JSON.stringify({ predicates: runPredicates({}) }),
    });
  });

  it('checks the pipeline and version on the rows KFP cannot filter', () => {
    const r = { pipelineId: 'p1', pipelineVersionId: 'v1' } as RunSummary;
    expect(matchesLocally({}, r)).toBe(true);
    expect(matchesLocally({ pipelineId: 'p1' }, r)).toBe(true);
    expect(matchesLocally({ pipelineId: 'p2' }, r)).toBe(false);
    expect(matchesLocally({ pipelineId: 'p1', pipelineVersionId: 'v2' }, r)).toBe(false);
  });

  it('reads a multi-user KFP in each of the user’s namespaces, and says why not the others', () => {
    const single = { multiUser: false, namespaces: [], refused: [] };
    expect(streamNamespaces(single, { namespace: 'x' })).toEqual({ namespaces: [''], refused: [] });
    const multi = { multiUser: true, namespaces: ['team-a', 'team-c'], refused: [{ namespace: 'research', reason: 'owned by dave' }] };
    expect(streamNamespaces(multi, {})).toEqual({ namespaces: ['team-a', 'team-c'], refused: multi.refused });
    expect(streamNamespaces(multi, { namespace: 'team-c' })).toEqual({ namespaces: ['team-c'], refused: [] });
    expect(streamNamespaces(multi, { namespace: 'research' })).toEqual({ namespaces: [], refused: [{ namespace: 'research', reason: 'owned by dave' }] });
    expect(streamNamespaces(multi, { namespace: 'other' })).toEqual({
      namespaces: [],
      refused: [{ namespace: 'other', reason: 'other is not one of your profile namespaces.' }],
    });
    expect(streamNamespaces(multi, { experimentId: 'e1' })).toEqual({ namespaces: [''], refused: [] });
  });
});

describe('recurring runs', () => {
  it('maps triggers both ways (int64 as strings)', () => {
    expect(wireTrigger({ kind: 'periodic', intervalSeconds: 5 })).toEqual({ periodic_schedule: { interval_second: '5' } });
    expect(wireTrigger({ kind: 'cron', cron: '0 0 2 * * *' }, '2026-01-01T00:00:00Z')).toEqual({
      cron_schedule: { cron: '0 0 2 * * *', start_time: '2026-01-01T00:00:00Z' },
    });
    expect(triggerOf({ periodic_schedule: { interval_second: '3600' } })).toEqual({ kind: 'periodic', intervalSeconds: 3600 });
    expect(triggerOf({ cron_schedule: { cron: '0 0 * * * *' } })).toEqual({ kind: 'cron', cron: '0 0 * * * *' });
    expect(triggerOf({})).toBeUndefined();
    expect(recurringSummary('c', { status: 'DISABLED', mode: 'ENABLE', no_catchup: true, max_concurrency: '3' })).toMatchObject({
      enabled: false,
      catchup: false,
      maxConcurrency: 3,
    });
  });

  it('refuses a five-field cron and a schedule that ends before it starts', () => {
    expect(scheduleProblems({ trigger: { kind: 'cron', cron: '0 0 2 * * *' } })).toEqual([]);
    expect(scheduleProblems({ trigger: { kind: 'cron', cron: '@every 1h' } })).toEqual([]);
    expect(scheduleProblems({ trigger: { kind: 'cron', cron: '0 2 * * *' } })).toEqual([
      { field: 'trigger', message: 'KFP’s cron has six fields, seconds first (“0 0 2 * * *” is 02:00 every day); “0 2 * * *” has 5.'.replace('’', "'") },
    ]);
    expect(
      scheduleProblems({ trigger: { kind: 'periodic', intervalSeconds: 60 }, startTime: '2026-01-02T00:00:00Z', endTime: '2026-01-01T00:00:00Z' }),
    ).toEqual([{ field: 'endTime', message: 'The schedule must end after it starts.' }]);
  });
});
