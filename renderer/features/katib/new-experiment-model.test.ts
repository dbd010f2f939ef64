// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { commaList, fieldOfPath } from './new-experiment-model';

describe('new-experiment model', () => {
  it('reads a comma-separated list as its trimmed, non-empty items', () => {
    expect(commaList(' accuracy, loss ,,  f1 ')).toEqual(['accuracy', 'loss', 'f1']);
    expect(commaList('')).toEqual([]);
    expect(commaList(' , ')).toEqual([]);
  });

  it('puts a problem at its field, its parameter row or its nearest shown parent', () => {
    expect(fieldOfPath('spec.maxTrialCount')).toBe('spec.maxTrialCount');
    expect(fieldOfPath('spec.parameters[2].feasibleSpace.min')).toBe('spec.parameters[2]');
    expect(fieldOfPath('spec.algorithm.algorithmSettings[0].value')).toBe('spec.algorithm.algorithmSettings');
    expect(fieldOfPath('spec.objective.goal.x')).toBe('spec.objective.goal');
    expect(fieldOfPath('status')).toBeUndefined();
  });
});
