// SPDX-License-Identifier: Apache-2.0
/** The builder's draft pieces: keys per route, when to save, and reading the legacy localStorage draft. */
import { describe, expect, it } from 'vitest';
import { emptyGraph } from '../../../shared/kfp/graph-edit';
import { buildEverythingPipeline } from '../../../shared/kfp/testing/example-builds';
import { draftOwner, draftRef, legacyDraftKey, readLegacyDraft, savedText, worthSaving } from './builder-draft';
import { pushState, startHistory, undo } from './undo-stack';

describe('builder draft', () => {
  it('reads the draft earlier versions kept in localStorage', () => {
    const g = buildEverythingPipeline();
    expect(readLegacyDraft(JSON.stringify({ v: 1, savedAt: 1234, graph: g }))).toEqual({ savedAt: 1234, graph: g });
    expect(legacyDraftKey('a')).toBe('mldeck.builder.draft.a');
  });

  it('drops what is not a legacy draft', () => {
    expect(readLegacyDraft(null)).toBeUndefined();
    expect(readLegacyDraft('{')).toBeUndefined();
    expect(readLegacyDraft(JSON.stringify({ v: 2, savedAt: 1, graph: {} }))).toBeUndefined();
    expect(readLegacyDraft(JSON.stringify({ v: 1, savedAt: 1, graph: { info: { name: 'x' }, nodes: 'no' } }))).toBeUndefined();
  });

  it('keeps one draft per cluster and opened version', () => {
    expect(draftRef('a')).toEqual({ clusterId: 'a' });
    expect(draftRef('a', 'p')).toEqual({ clusterId: 'a' });
    expect(draftRef('a', 'p', 'v')).toEqual({ clusterId: 'a', pipelineId: 'p', versionId: 'v' });
    const owners = new Set([draftOwner(draftRef('a')), draftOwner(draftRef('b')), draftOwner(draftRef('a', 'p', 'v')), draftOwner(draftRef('a', 'p', 'w'))]);
    expect(owners.size).toBe(4);
  });

  it('saves edits, undos and a graph the user loaded, not a graph the hook placed untouched', () => {
    const placed = emptyGraph('opened');
    const start = startHistory(placed);
    expect(worthSaving(start, startHistory(emptyGraph('before')), placed)).toBe(false);
    const edited = pushState(start, emptyGraph('renamed'));
    expect(worthSaving(edited, start, placed)).toBe(true);
    // back to the opened graph by undo: the draft must follow
    expect(worthSaving(undo(edited), edited, placed)).toBe(true);
    // a graph the user opened (New, a file)
    const user = startHistory(emptyGraph('my-pipeline'));
    expect(worthSaving(user, edited, placed)).toBe(true);
    expect(worthSaving(edited, edited, placed)).toBe(false);
  });

  it('says when a draft was saved', () => {
    expect(savedText(10_000, 15_000)).toBe('just now');
    expect(savedText(0, 5 * 60_000)).toBe('5 min ago');
  });
});
