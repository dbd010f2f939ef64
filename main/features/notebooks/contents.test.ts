// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { FileEntry } from '../../../shared/features/notebooks/notebooks.contract';
import { baseName, cachedListing, changedSince, checkSave, entryOf, joinPath, sortEntries, timeMicros } from './contents';

const e = (name: string, type: FileEntry['type']): FileEntry => ({ name, path: name, type, lastModified: '2026-01-01T00:00:00Z' });

describe('contents rules', () => {
  it('lists folders first, then names in natural, case-insensitive order', () => {
    const sorted = sortEntries([e('b.ipynb', 'notebook'), e('Zeta', 'directory'), e('a10.txt', 'file'), e('A2.txt', 'file'), e('alpha', 'directory')]);
    expect(sorted.map((x) => x.name)).toEqual(['alpha', 'Zeta', 'A2.txt', 'a10.txt', 'b.ipynb']);
  });

  it('maps a Jupyter model to an entry, keeping size and mimetype only when known', () => {
    expect(entryOf({ name: 'x.png', path: 'd/x.png', type: 'file', last_modified: 't', size: 3, mimetype: 'image/png' })).toEqual({
      name: 'x.png',
      path: 'd/x.png',
      type: 'file',
      lastModified: 't',
      size: 3,
      mimetype: 'image/png',
    });
    expect(entryOf({ name: 'd', path: 'd', type: 'directory', last_modified: 't', size: null, mimetype: null })).toEqual({
      name: 'd',
      path: 'd',
      type: 'directory',
      lastModified: 't',
    });
  });

  it('compares server times to the microsecond, whatever the zone notation', () => {
    expect(timeMicros('2026-11-28T18:12:19.099973Z')).toBe(Date.parse('2026-11-28T18:12:19Z') * 1000 + 99973);
    expect(changedSince('2026-11-28T18:12:19.099973Z', '2026-11-28T18:12:19.099973Z')).toBe(false);
    expect(changedSince('2026-11-28T18:12:19.099973Z', '2026-11-28T18:12:19.099973+00:00')).toBe(false);
    expect(changedSince('2026-11-28T18:12:19.099973Z', '2026-11-28T18:12:19.099974Z')).toBe(true);
    expect(changedSince('2026-11-28T18:12:19Z', '2026-11-28T18:12:19.000000Z')).toBe(false);
    expect(changedSince('garbage', '2026-11-28T18:12:19Z')).toBe(true);
  });

  it('decides a save: conflict when changed since or when a new file would replace one, unless forced', () => {
    const server = { lastModified: '2026-11-28T18:12:20.5Z' };
    expect(() => checkSave(undefined, undefined, false)).not.toThrow();
    expect(() => checkSave(undefined, '2026-11-28T18:12:19Z', false)).not.toThrow();
    expect(() => checkSave(server, '2026-11-28T18:12:20.500000Z', false)).not.toThrow();
    const changed = (() => {
      try {
        checkSave(server, '2026-11-28T18:12:19Z', false);
      } catch (err) {
        return err as AppError;
      }
      return undefined;
    })();
    expect(changed).toMatchObject({ code: 'conflict', message: 'The notebook changed on the server since you opened it', detail: server.lastModified });
    expect(() => checkSave(server, undefined, false)).toThrow(/already exists/);
    expect(() => checkSave(server, '2026-11-28T18:12:19Z', true)).not.toThrow();
  });

  it('lists the kept notebooks of a folder offline, with the folders leading to deeper ones', () => {
    const kept = [
      { path: 'a.ipynb', lastModified: '1', size: 1 },
      { path: 'd/b.ipynb', lastModified: '2', size: 2 },
      { path: 'd/e/c.ipynb', lastModified: '3', size: 3 },
      { path: 'dd/x.ipynb', lastModified: '4', size: 4 },
    ];
    expect(cachedListing('', kept).map((x) => [x.name, x.type, x.path])).toEqual([
      ['d', 'directory', 'd'],
      ['dd', 'directory', 'dd'],
      ['a.ipynb', 'notebook', 'a.ipynb'],
    ]);
    expect(cachedListing('d', kept).map((x) => [x.name, x.type, x.path])).toEqual([
      ['e', 'directory', 'd/e'],
      ['b.ipynb', 'notebook', 'd/b.ipynb'],
    ]);
    expect(cachedListing('nothing', kept)).toEqual([]);
  });

  it('joins and splits paths', () => {
    expect(joinPath('', 'a.ipynb')).toBe('a.ipynb');
    expect(joinPath('d/e', 'a.ipynb')).toBe('d/e/a.ipynb');
    expect(baseName('d/e/a.ipynb')).toBe('a.ipynb');
    expect(baseName('a.ipynb')).toBe('a.ipynb');
  });
});
