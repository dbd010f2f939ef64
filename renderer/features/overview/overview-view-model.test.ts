// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the overview's numbers and words. */
import { describe, expect, it } from 'vitest';
import type { ClusterOverview } from '../../../shared/features/overview/overview.contract';
import { barPercent, componentName, gpuTotals, showsFreshness } from './overview-view-model';

describe('overview view model', () => {
  it('fills bars in percent, empty when there is nothing and never past full', () => {
    expect(barPercent(2, 8)).toBe(25);
    expect(barPercent(3, 0)).toBe(0);
    expect(barPercent(12, 8)).toBe(100);
  });

  it('totals GPUs over every model', () => {
    const models = [
      { model: 'A100', nodes: 2, requested: 3, allocatable: 16 },
      { model: 'T4', nodes: 1, requested: 1, allocatable: 4 },
    ] as ClusterOverview['gpuModels'];
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
});
