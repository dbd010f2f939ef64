// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { appendStreamText, dropOldest, splitLines } from './nb-text';

describe('splitLines (as Python str.splitlines(True))', () => {
  it('keeps line ends and gives [] for empty text', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a')).toEqual(['a']);
    expect(splitLines('a\nb\n')).toEqual(['a\n', 'b\n']);
    expect(splitLines('a\r\nb\rc\u2028d')).toEqual(['a\r\n', 'b\r', 'c\u2028', 'd']);
  });
  it('joins back to the same text', () => {
    const t = 'x = 1\n\nprint(x)\r\n\fend';
    expect(splitLines(t).join('')).toBe(t);
  });
});

describe('appendStreamText (as Jupyter shows streams)', () => {
  it('appends plain text', () => {
    expect(appendStreamText('a\n', 'b\n')).toBe('a\nb\n');
  });
  it('overwrites the line after a carriage return (progress bars)', () => {
    let t = '';
    for (const p of ['10%\r', '20%\r', '30%\r']) t = appendStreamText(t, p);
    expect(t).toBe('30%\r');
    t = appendStreamText(t, '100%\ndone\n');
    expect(t).toBe('100%\ndone\n');
  });
  it('keeps the rest of a longer line, like a terminal', () => {
    expect(appendStreamText('', 'abcdef\rXY')).toBe('XYcdef');
  });
  it('treats CRLF as a line end and leaves earlier lines alone', () => {
    expect(appendStreamText('first\n', 'a\r\nb\n')).toBe('first\na\nb\n');
  });
  it('removes the character before a backspace, across chunks', () => {
    expect(appendStreamText('abc', '\b\bX')).toBe('aX');
    expect(appendStreamText('line\nab', '\b\b\b')).toBe('line\n');
  });
});

describe('dropOldest', () => {
  it('drops to a line start and says how much went', () => {
    const r = dropOldest('aaaa\nbbbb\ncccc\n', 3);
    expect(r.text).toBe('[MLDeck: 5 earlier characters of this output were dropped]\nbbbb\ncccc\n');
    expect(r.dropped).toBe(5);
  });
  it('adds to an earlier note rather than stacking notes', () => {
    const once = dropOldest('aaaa\nbbbb\ncccc\n', 3).text;
    const twice = dropOldest(once, 2).text;
    expect(twice).toBe('[MLDeck: 10 earlier characters of this output were dropped]\ncccc\n');
  });
});
