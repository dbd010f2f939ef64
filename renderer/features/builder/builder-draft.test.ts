// SPDX-License-Identifier: Apache-2.0
/** The builder's kept draft: written and read back equal, and anything else dropped. */
import { describe, expect, it } from 'vitest';
import { buildEverythingPipeline } from '../../../shared/kfp/testing/example-builds';
import { draftKey, draftText, readDraft } from './builder-draft';

describe('builder draft', () => {
  it('reads back what it wrote', () => {
    const g = buildEverythingPipeline();
    expect(readDraft(draftText(g, 1234))).toEqual({ savedAt: 1234, graph: g });
  });

  it('drops what is not a draft', () => {
    expect(readDraft(null)).toBeUndefined();
    expect(readDraft('{')).toBeUndefined();
    expect(readDraft(JSON.stringify({ v: 2, savedAt: 1, graph: {} }))).toBeUndefined();
    expect(readDraft(JSON.stringify({ v: 1, savedAt: 1, graph: { info: { name: 'x' }, nodes: 'no' } }))).toBeUndefined();
  });

  it('keeps one draft per cluster', () => {
    expect(draftKey('a')).not.toBe(draftKey('b'));
  });
});
