// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the overview's numbers and words: counts known now, from the cache, unknown or not allowed. */
import { describe, expect, it } from 'vitest';
import type { ClusterOverview, OverviewSection } from '../../../shared/features/overview/overview.contract';
import type { SliceStatus } from '../../../shared/features/sync/sync.contract';
import { asOf, barPercent, componentName, gpuCount, gpuTotals, noGpuText, sectionCount, seenWhen, showsFreshness } from './overview-view-model';

const status = (s: Partial<SliceStatus>): SliceStatus => ({ freshness: 'live', lastSyncedAt: undefined, reason: undefined, snapshot: undefined, ...s });
const now = Date.parse('2026-12-06T15:00:00Z');
const earlier = Date.parse('2026-12-06T14:30:00Z');
const a100 = { model: 'A100', nodes: 2, capacity: 16, requested: 3, allocatable: 16 };
const overview = (nodes: OverviewSection<unknown>, gpuModels: ClusterOverview['gpuModels'] = [], requestsUnknown?: string) =>
  ({ nodes, gpuModels, requestsUnknown }) as unknown as ClusterOverview;

describe('overview view model', () => {
  it('fills bars in percent, empty when there is nothing and never past full', () => {
    expect(barPercent(2, 8)).toBe(25);
    expect(barPercent(3, 0)).toBe(0);
    expect(barPercent(12, 8)).toBe(100);
  });

  it('totals GPUs over every model', () => {
    const models = [a100, { model: 'T4', nodes: 1, capacity: 4, requested: 1, allocatable: 4 }];
    expect(gpuTotals(models)).toEqual({ requested: 4, allocatable: 20 });
    expect(gpuTotals([])).toEqual({ requested: 0, allocatable: 0 });
  });

  it('names Kubeflow components, keeping unknown ids', () => {
    expect(componentName('training-v1')).toBe('Training Operator (v1 jobs)');
    expect(componentName('something-new')).toBe('something-new');
  });

  it('shows freshness only when the data is neither live nor syncing', () => {
    const o = (freshness: string) => ({ freshness: { freshness } }) as unknown as ClusterOverview;
    expect(showsFreshness(o('live'))).toBe(false);
    expect(showsFreshness(o('syncing'))).toBe(false);
    expect(showsFreshness(o('offline'))).toBe(true);
    expect(showsFreshness(o('reconnecting'))).toBe(true);
  });

  it('counts live rows as they are, none included', () => {
    expect(sectionCount({ items: [], status: status({}) }, now)).toEqual({ value: '0', note: undefined, state: 'now' });
    expect(sectionCount({ items: ['a', 'b'], status: status({}) }, now)).toEqual({ value: '2', note: undefined, state: 'now' });
  });

  it('counts cached rows with the time they were seen', () => {
    const cached = sectionCount({ items: ['a'], status: status({ freshness: 'offline', lastSyncedAt: earlier }) }, now);
    expect(cached).toEqual({ value: '1', note: `as of ${seenWhen(earlier, now)}`, state: 'cached' });
    expect(asOf(status({ freshness: 'offline', snapshot: { file: 'f', takenAt: earlier } }), now)).toBe(`in the snapshot taken ${seenWhen(earlier, now)}`);
    expect(seenWhen(earlier, now)).toBe(new Date(earlier).toLocaleTimeString());
    expect(seenWhen(earlier - 3 * 86_400_000, now)).toBe(new Date(earlier - 3 * 86_400_000).toLocaleString());
  });

  it('says "unknown" and why for what was never read, and "not allowed" for what may not be', () => {
    expect(sectionCount({ unknown: 'MLDeck has never reached this cluster: refused' }, now)).toEqual({
      value: 'unknown',
      note: 'MLDeck has never reached this cluster: refused',
      state: 'unknown',
    });
    expect(sectionCount({ forbidden: 'alice cannot list nodes.' }, now)).toEqual({
      value: 'not allowed',
      note: 'alice cannot list nodes.',
      state: 'forbidden',
    });
  });

  it('words the GPU card and the empty GPU table by what is known', () => {
    expect(gpuCount(overview({ unknown: 'never reached' }), now)).toEqual({ value: 'unknown', note: 'never reached', state: 'unknown' });
    expect(noGpuText(overview({ unknown: 'never reached' }), now)).toBe('GPU nodes are not known: never reached');
    expect(noGpuText(overview({ forbidden: 'no' }), now)).toBe('Nodes are not visible to your account, so GPUs cannot be counted.');
    expect(noGpuText(overview({ items: [], status: status({}) }), now)).toBe('This cluster has no GPU nodes.');
    const cached = overview({ items: [], status: status({ freshness: 'offline', lastSyncedAt: earlier }) });
    expect(noGpuText(cached, now)).toBe(`MLDeck saw no GPU nodes in this cluster (as of ${seenWhen(earlier, now)}).`);
    expect(gpuCount(overview({ items: [{}], status: status({}) }, [a100]), now)).toEqual({ value: '3 / 16', note: undefined, state: 'now' });
    expect(gpuCount(overview({ items: [{}], status: status({}) }, [a100], 'pods never read'), now)).toEqual({
      value: '? / 16',
      note: 'pods never read',
      state: 'unknown',
    });
  });
});
