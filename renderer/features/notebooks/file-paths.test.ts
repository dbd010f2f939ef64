// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { baseName, conflictCopyPath, crumbs, fromBase64, joinPath, nameProblem, parentOf, toBase64 } from './file-paths';

describe('notebook file paths', () => {
  it('splits and joins relative paths', () => {
    expect(parentOf('a/b/c.ipynb')).toBe('a/b');
    expect(parentOf('c.ipynb')).toBe('');
    expect(baseName('a/b/c.ipynb')).toBe('c.ipynb');
    expect(joinPath('', 'x')).toBe('x');
    expect(joinPath('a', 'x')).toBe('a/x');
    expect(crumbs('a/b')).toEqual([
      { name: 'a', path: 'a' },
      { name: 'b', path: 'a/b' },
    ]);
    expect(crumbs('')).toEqual([]);
  });

  it('refuses names that are not plain', () => {
    expect(nameProblem('ok.ipynb')).toBeUndefined();
    expect(nameProblem('a/b')).toMatch(/\//);
    expect(nameProblem('..')).toMatch(/reserved/);
    expect(nameProblem('  ')).toMatch(/name/);
  });

  it('names a conflict copy beside the file, keeping the extension', () => {
    const at = new Date('2026-11-28T19:12:30Z');
    expect(conflictCopyPath('dir/train.ipynb', at)).toBe('dir/train-conflict-20261128-1912.ipynb');
    expect(conflictCopyPath('dir.v1/README', at)).toBe('dir.v1/README-conflict-20261128-1912');
  });

  it('round-trips bytes through base64, including large buffers', () => {
    const bytes = new Uint8Array(200_000).map((_, i) => (i * 31) % 256);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
  });
});
