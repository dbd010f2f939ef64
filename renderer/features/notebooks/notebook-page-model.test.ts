// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the notebook page's pure rules: requests, the save-state words, the kernel state shown, failed saves. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { NotebookDoc } from '../../../shared/notebook/nbformat';
import { draftRequest, draftText, kernelStartRequest, restoredBase, saveFailure, saveRequest, shownKernelStatus } from './notebook-page-model';

const server = { clusterId: 'c', namespace: 'ns', name: 'nb' };
const content: NotebookDoc = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] };

describe('notebook page model', () => {
  it('words the save state from the draft state and whether the notebook changed', () => {
    expect(draftText({ kind: 'clean' }, false)).toBe('All changes saved');
    expect(draftText({ kind: 'clean' }, true)).toBe('Unsaved changes');
    expect(draftText({ kind: 'pending' }, true)).toBe('Unsaved changes · keeping a draft…');
    expect(draftText({ kind: 'writing' }, true)).toBe('Unsaved changes · keeping a draft…');
    const at = Date.UTC(2026, 0, 1, 12, 30);
    expect(draftText({ kind: 'kept', at }, true)).toBe(`Unsaved changes · draft kept ${new Date(at).toLocaleTimeString()}`);
    expect(draftText({ kind: 'failed', error: new Error('x') }, true)).toBe('Unsaved changes · the draft could not be kept');
  });

  it('sends the conflict base with drafts and saves only when it is known, and force only when chosen', () => {
    expect(draftRequest(server, 'a.ipynb', content, undefined)).toEqual({ server, path: 'a.ipynb', content });
    expect(draftRequest(server, 'a.ipynb', content, 't1')).toEqual({ server, path: 'a.ipynb', content, baseLastModified: 't1' });
    expect(saveRequest(server, 'a.ipynb', content, undefined, false)).toEqual({ server, path: 'a.ipynb', content });
    expect(saveRequest(server, 'a.ipynb', content, 't1', true)).toEqual({ server, path: 'a.ipynb', content, expectedLastModified: 't1', force: true });
  });

  it('starts the notebook’s kernelspec when it names one, else the server’s default', () => {
    expect(kernelStartRequest(server, 'a.ipynb', { kernelspec: { name: 'python3' } })).toEqual({ server, path: 'a.ipynb', kernelName: 'python3' });
    expect(kernelStartRequest(server, 'a.ipynb', { kernelspec: { name: '' } })).toEqual({ server, path: 'a.ipynb' });
    expect(kernelStartRequest(server, 'a.ipynb', { kernelspec: { name: 3 } })).toEqual({ server, path: 'a.ipynb' });
    expect(kernelStartRequest(server, 'a.ipynb', undefined)).toEqual({ server, path: 'a.ipynb' });
  });

  it('shows the kernel as starting, its status once started, dead when it could not start', () => {
    const k = { handle: 'h', kernelName: 'python3', displayName: 'Python 3', status: 'idle' as const };
    expect(shownKernelStatus(undefined, 'unknown', undefined)).toBe('starting');
    expect(shownKernelStatus(undefined, 'unknown', new AppError('unavailable', 'down'))).toBe('dead');
    expect(shownKernelStatus(k, 'busy', new AppError('unavailable', 'down'))).toBe('busy');
  });

  it('tells an unreachable save that the draft is kept, and passes other failures as they are', () => {
    const told = saveFailure(new AppError('unavailable', 'server down')) as AppError;
    expect(told.code).toBe('unavailable');
    expect(told.message).toBe('server down');
    expect(told.detail).toMatch(/kept as a draft/);
    const other = new AppError('forbidden', 'no');
    expect(saveFailure(other)).toBe(other);
  });

  it('restores a draft against its own base, else the opened file’s', () => {
    expect(restoredBase({ content, savedAt: 1, baseLastModified: 'd' }, 'o')).toBe('d');
    expect(restoredBase({ content, savedAt: 1 }, 'o')).toBe('o');
  });
});
