// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { commandError, listCommand, parseListing, removeCommand, tarInCommand } from './volume-commands';

describe('volume commands', () => {
  it('passes paths as arguments, never as option-looking or shell text', () => {
    expect(listCommand('')).toEqual(['sh', '-c', expect.stringContaining('cd -- "$1"'), 'sh', '.']);
    expect(listCommand('-rf; rm x')).toContain('./-rf; rm x');
    expect(removeCommand(['a b', '-x'])).toEqual(['rm', '-rf', './a b', './-x']);
    expect(tarInCommand('data', 2048)).toEqual(['sh', '-c', 'head -c "$1" | tar -x -o -f - -C "$2"', 'sh', '2048', './data']);
  });

  it('parses stat lines into entries, folders first, a name with a newline joined back', () => {
    const out = ['81a4 12 1767225600 ./b.csv', '41ed 4096 1767225600 ./data', 'a1ff 7 1767225600 ./link', '81a4 3 1767225600 ./two', 'lines', ''].join('\n');
    expect(parseListing('x', out)).toEqual([
      { name: 'data', path: 'x/data', kind: 'directory', size: 4096, modifiedAt: '2026-01-01T00:00:00.000Z' },
      { name: 'b.csv', path: 'x/b.csv', kind: 'file', size: 12, modifiedAt: '2026-01-01T00:00:00.000Z' },
      { name: 'link', path: 'x/link', kind: 'symlink', size: 7, modifiedAt: '2026-01-01T00:00:00.000Z' },
      { name: 'two\nlines', path: 'x/two\nlines', kind: 'file', size: 3, modifiedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    expect(parseListing('', '')).toEqual([]);
  });

  it('words a failed command by what stderr says', () => {
    expect(commandError('Listing a', 2, "sh: cd: can't cd to a")).toMatchObject({ code: 'not-found' });
    expect(commandError('Deleting a', 1, 'rm: a: Read-only file system')).toMatchObject({ code: 'forbidden', message: expect.stringContaining('read-only') });
    expect(commandError('Deleting a', 1, 'rm: a: Permission denied')).toMatchObject({ code: 'forbidden' });
    expect(commandError('Reading a', 1, 'head: a: Is a directory')).toMatchObject({ code: 'validation' });
    expect(commandError('Reading a', 9, 'odd')).toMatchObject({ code: 'unavailable', message: 'Reading a failed (exit code 9).' });
  });
});
