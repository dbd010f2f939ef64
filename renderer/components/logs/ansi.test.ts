// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { color256, parseAnsi, stripAnsi, styleCss } from './ansi';

const E = '\u001b';

describe('ANSI in log lines', () => {
  it('leaves plain lines as one unstyled segment', () => {
    expect(parseAnsi('step=1 loss=0.5')).toEqual([{ text: 'step=1 loss=0.5', style: {} }]);
    expect(parseAnsi('')).toEqual([]);
  });
  it('reads 16 colours, bright colours, bold and reset', () => {
    expect(parseAnsi(`${E}[1;31mERROR${E}[0m ok ${E}[92mgreen${E}[39m`)).toEqual([
      { text: 'ERROR', style: { bold: true, fg: '#cd3131' } },
      { text: ' ok ', style: {} },
      { text: 'green', style: { fg: '#23d18b' } },
    ]);
  });
  it('reads 256 colours and truecolour, foreground and background', () => {
    expect(parseAnsi(`${E}[38;5;196mred${E}[48;5;240mgrey bg`)).toEqual([
      { text: 'red', style: { fg: '#ff0000' } },
      { text: 'grey bg', style: { fg: '#ff0000', bg: '#585858' } },
    ]);
    expect(parseAnsi(`${E}[38;2;10;20;300mbad${E}[38;2;10;20;30mtrue`)).toEqual([
      { text: 'bad', style: {} },
      { text: 'true', style: { fg: '#0a141e' } },
    ]);
    expect(color256(16)).toBe('#000000');
    expect(color256(231)).toBe('#ffffff');
    expect(color256(232)).toBe('#080808');
    expect(color256(256)).toBeUndefined();
  });
  it('drops other escapes (cursor, erase, OSC titles) without showing them', () => {
    const line = `${E}]0;title${E}\\${E}[2K${E}[1Gprogress ${E}[?25l50%`;
    expect(
      parseAnsi(line)
        .map((s) => s.text)
        .join(''),
    ).toBe('progress 50%');
    expect(stripAnsi(`${E}[1;31mERROR${E}[0m <b>x</b>`)).toBe('ERROR <b>x</b>');
  });
  it('keeps markup as text', () => {
    expect(parseAnsi(`${E}[31m<img src=x onerror=alert(1)>`)).toEqual([{ text: '<img src=x onerror=alert(1)>', style: { fg: '#cd3131' } }]);
  });
  it('turns styles into CSS, inverse swapping colours', () => {
    expect(styleCss({ fg: '#111111', bold: true, underline: true })).toEqual({ color: '#111111', fontWeight: 'bold', textDecoration: 'underline' });
    expect(styleCss({ fg: '#111111', inverse: true })).toEqual({ color: 'var(--panel)', backgroundColor: '#111111' });
  });
});
