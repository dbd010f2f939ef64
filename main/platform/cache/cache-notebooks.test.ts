// SPDX-License-Identifier: Apache-2.0
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dirOf, NotebookCache, notebookCacheOf } from './cache-notebooks';
import { openCache } from './sqlite-cache';
import { tempDir } from './testing/fixtures';

const srv = { cluster: 'c1', namespace: 'ns', server: 'nb' };
const copy = (p: string, keptAt: number, json = '{"cells":[]}') => ({ path: p, json, lastModified: `t${keptAt}`, size: json.length, keptAt });

async function open(maxCopyBytes?: number) {
  const file = path.join(tempDir(), 'cache.sqlite');
  const cache = await openCache({ file });
  return { cache, nb: notebookCacheOf(cache, maxCopyBytes), file };
}

describe('notebooks in the cache', () => {
  it('keeps copies per server and path, replacing on the same path', async () => {
    const { cache, nb } = await open();
    nb.putCopy(srv, copy('a.ipynb', 1));
    nb.putCopy(srv, copy('d/b.ipynb', 2));
    nb.putCopy({ ...srv, server: 'other' }, copy('a.ipynb', 3));
    nb.putCopy(srv, copy('a.ipynb', 4, '{"cells":[1]}'));
    expect(nb.getCopy(srv, 'a.ipynb')).toEqual({ path: 'a.ipynb', json: '{"cells":[1]}', lastModified: 't4', size: 13, keptAt: 4 });
    expect(nb.listCopies(srv).map((c) => c.path)).toEqual(['a.ipynb', 'd/b.ipynb']);
    expect(nb.getCopy(srv, 'missing.ipynb')).toBeUndefined();
    cache.dispose();
  });

  it('evicts the oldest copies over the bound, never the one just kept', async () => {
    const { cache, nb } = await open(40);
    nb.putCopy(srv, copy('1.ipynb', 1, 'x'.repeat(15)));
    nb.putCopy(srv, copy('2.ipynb', 2, 'x'.repeat(15)));
    nb.putCopy(srv, copy('3.ipynb', 3, 'x'.repeat(15)));
    expect(nb.listCopies(srv).map((c) => c.path)).toEqual(['2.ipynb', '3.ipynb']);
    nb.putCopy(srv, copy('big.ipynb', 4, 'x'.repeat(100)));
    expect(nb.listCopies(srv).map((c) => c.path)).toEqual(['big.ipynb']);
    cache.dispose();
  });

  it('keeps drafts (never evicted), lists them newest first, drops them', async () => {
    const { cache, nb } = await open(1);
    nb.putDraft(srv, { path: 'a.ipynb', json: '{}', savedAt: 5, baseLastModified: 't1' });
    nb.putDraft({ ...srv, cluster: 'c2' }, { path: 'b.ipynb', json: '{}', savedAt: 9, baseLastModified: undefined });
    nb.putCopy(srv, copy('x.ipynb', 1, 'x'.repeat(50)));
    expect(nb.getDraft(srv, 'a.ipynb')).toEqual({ path: 'a.ipynb', json: '{}', savedAt: 5, baseLastModified: 't1' });
    expect(nb.listDrafts().map((d) => [d.cluster, d.path])).toEqual([
      ['c2', 'b.ipynb'],
      ['c1', 'a.ipynb'],
    ]);
    expect(nb.listDrafts('c1')).toEqual([{ ...srv, path: 'a.ipynb', savedAt: 5, baseLastModified: 't1' }]);
    nb.dropDraft(srv, 'a.ipynb');
    expect(nb.getDraft(srv, 'a.ipynb')).toBeUndefined();
    cache.dispose();
  });

  it('moves and forgets a file or a whole folder, not its look-alike neighbours', async () => {
    const { cache, nb } = await open();
    for (const p of ['d/a.ipynb', 'd/e/b.ipynb', 'dd/c.ipynb', 'd.ipynb']) nb.putCopy(srv, copy(p, 1));
    nb.putDraft(srv, { path: 'd/e/b.ipynb', json: '{}', savedAt: 1, baseLastModified: undefined });
    nb.move(srv, 'd', 'z/d2');
    expect(nb.listCopies(srv).map((c) => c.path)).toEqual(['d.ipynb', 'dd/c.ipynb', 'z/d2/a.ipynb', 'z/d2/e/b.ipynb']);
    expect(nb.getDraft(srv, 'z/d2/e/b.ipynb')).toBeDefined();
    nb.move(srv, 'd.ipynb', 'renamed.ipynb');
    expect(nb.getCopy(srv, 'renamed.ipynb')).toBeDefined();
    nb.forget(srv, 'z/d2');
    expect(nb.listCopies(srv).map((c) => c.path)).toEqual(['dd/c.ipynb', 'renamed.ipynb']);
    expect(nb.listDrafts()).toEqual([]);
    expect(dirOf('a/b/c.ipynb')).toBe('a/b');
    expect(dirOf('c.ipynb')).toBe('');
    cache.dispose();
  });

  it('keeps them across a reopen of the cache file, and says so when the cache is closed', async () => {
    const { cache, nb, file } = await open();
    nb.putDraft(srv, { path: 'a.ipynb', json: '{"k":1}', savedAt: 3, baseLastModified: undefined });
    cache.dispose();
    expect(() => nb.listDrafts()).toThrow(expect.objectContaining({ code: 'unavailable' }));
    const again = await openCache({ file });
    expect(new NotebookCache(again.connection()).getDraft(srv, 'a.ipynb')?.json).toBe('{"k":1}');
    again.dispose();
  });
});
