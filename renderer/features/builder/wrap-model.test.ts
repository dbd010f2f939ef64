// SPDX-License-Identifier: Apache-2.0
/** The wrap dialog's choices on the example: values to compare, lists to loop over, exit tasks, typed right sides. */
import { describe, expect, it } from 'vitest';
import { wrapInCondition } from '../../../shared/kfp/graph-edit-groups';
import { buildDeployPipeline, buildEverythingPipeline } from '../../../shared/kfp/testing/example-builds';
import { comparisonValue, exitTaskOptions, sourceOptions } from './wrap-model';

describe('wrap model', () => {
  const g = buildDeployPipeline();

  it('offers parameters and outputs not produced by the selection', () => {
    const keys = sourceOptions(g, ['judge']).map((o) => o.label);
    expect(keys).toEqual(expect.arrayContaining(['lr', 'epochs', 'threshold']));
    expect(keys).not.toContain('judge.Output');
    expect(sourceOptions(g, ['load']).map((o) => o.label)).toContain('judge.Output');
  });

  it('offers only lists for a loop', () => {
    const e = buildEverythingPipeline();
    expect(sourceOptions(e, ['x'], true).map((o) => o.label)).toContain('weights');
    expect(sourceOptions(e, ['x'], true).map((o) => o.label)).not.toContain('threshold');
  });

  it('offers exit tasks of the same DAG outside the selection', () => {
    expect(exitTaskOptions(g, ['load', 'fit']).map((o) => o.id)).toEqual(['judge']);
  });

  it('reads the right side and wraps with it', () => {
    expect(comparisonValue('0.9')).toBe(0.9);
    expect(comparisonValue('true')).toBe(true);
    expect(comparisonValue('deploy')).toBe('deploy');
    const judge = sourceOptions(g, ['load']).find((o) => o.label === 'judge.Output')!;
    const w = wrapInCondition(g, ['fit'], { left: judge.source, op: '<', right: comparisonValue('0.5') });
    expect(w.graph.groups.find((x) => x.id === w.id)?.kind).toBe('condition');
  });
});
