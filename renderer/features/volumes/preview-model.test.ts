// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { fromBase64, parseDelimited, previewOf, toBase64 } from './preview-model';

const enc = (s: string) => new TextEncoder().encode(s);

describe('volume file previews', () => {
  it('reads CSV with quotes, and drops a cut last line', () => {
    expect(parseDelimited('a,"b,c"\n1,"say ""hi"""\r\n', ',')).toEqual([
      ['a', 'b,c'],
      ['1', 'say "hi"'],
    ]);
    expect(previewOf('x.csv', enc('h1,h2\n1,2\n3,'), true, '')).toEqual({ kind: 'table', header: ['h1', 'h2'], rows: [['1', '2']], more: true });
    expect(previewOf('x.tsv', enc('a\tb\n1\t2\n'), false, '')).toEqual({ kind: 'table', header: ['a', 'b'], rows: [['1', '2']], more: false });
  });

  it('pretty-prints JSON, shows text, and tells binary apart', () => {
    expect(previewOf('p.json', enc('{"a":1}'), false, '')).toEqual({ kind: 'json', text: '{\n  "a": 1\n}' });
    expect(previewOf('p.json', enc('{"a":'), true, '')).toEqual({ kind: 'text', text: '{"a":' });
    expect(previewOf('e.txt', enc('caf\u00e9').subarray(0, 4), true, '')).toEqual({ kind: 'text', text: 'caf' });
    expect(previewOf('README.md', enc('# hi'), false, '')).toEqual({ kind: 'text', text: '# hi' });
    expect(previewOf('blob.bin', new Uint8Array([0xff, 0xfe, 0x00]), false, '')).toEqual({ kind: 'binary' });
    expect(previewOf('z.txt', new Uint8Array([65, 0, 66]), false, '')).toEqual({ kind: 'binary' });
  });

  it('shows images whole as data URLs, never SVG', () => {
    expect(previewOf('loss.PNG', new Uint8Array([1]), false, 'AQ==')).toEqual({ kind: 'image', src: 'data:image/png;base64,AQ==' });
    expect(previewOf('big.png', new Uint8Array([1]), true, 'AQ==')).toEqual({ kind: 'binary' });
    expect(previewOf('x.svg', enc('<svg/>'), false, '')).toEqual({ kind: 'text', text: '<svg/>' });
  });

  it('round-trips base64', () => {
    const b = new Uint8Array(70_000).map((_, i) => i % 251);
    expect(fromBase64(toBase64(b))).toEqual(b);
  });
});
