// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { chooseMime, estimateHtmlHeight, frameCsp, hasScripts, textWindow } from './mime';

describe('chooseMime', () => {
  it('picks the richest representation MLDeck shows', () => {
    expect(chooseMime({ 'text/plain': 'x', 'text/html': ['<b>', 'x</b>'] })).toEqual({ kind: 'shown', mime: 'text/html', value: '<b>x</b>' });
    expect(chooseMime({ 'text/plain': 'x', 'image/png': 'AAAA' })).toMatchObject({ mime: 'image/png' });
    expect(chooseMime({ 'text/plain': 'x', 'image/svg+xml': '<svg/>', 'image/png': 'AAAA' })).toMatchObject({ mime: 'image/svg+xml' });
    expect(chooseMime({ 'text/plain': 'x', 'text/markdown': '# t' })).toMatchObject({ mime: 'text/markdown' });
    expect(chooseMime({ 'text/plain': 'x', 'application/json': { a: 1 } })).toEqual({ kind: 'shown', mime: 'application/json', value: { a: 1 } });
    expect(chooseMime({ 'text/plain': ['a\n', 'b'] })).toEqual({ kind: 'shown', mime: 'text/plain', value: 'a\nb' });
  });
  it('prefers an image over HTML whose scripts would not run (plots)', () => {
    expect(chooseMime({ 'text/html': '<div id=p></div><script>plot()</script>', 'image/png': 'AAAA' })).toMatchObject({ mime: 'image/png' });
    expect(chooseMime({ 'text/html': '<div id=p></div><script>plot()</script>', 'text/plain': 'fig' })).toMatchObject({ mime: 'text/html' });
  });
  it('never chooses JavaScript or widgets, and names them', () => {
    expect(chooseMime({ 'application/javascript': 'alert(1)' })).toEqual({ kind: 'not-shown', mimes: ['application/javascript'] });
    expect(chooseMime({ 'application/javascript': 'alert(1)', 'text/plain': '<JS>' })).toMatchObject({ mime: 'text/plain' });
    expect(chooseMime({ 'application/vnd.jupyter.widget-view+json': { model_id: 'x' } })).toMatchObject({ kind: 'not-shown' });
  });
});

describe('the HTML frame document', () => {
  it('has a policy that loads nothing but inline styles and data: images', () => {
    expect(frameCsp).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  });
  it('notices scripts and handlers', () => {
    expect(hasScripts('<b>x</b>')).toBe(false);
    expect(hasScripts('<img src=x onerror=alert(1)>')).toBe(true);
    expect(hasScripts('<SCRIPT>1</SCRIPT>')).toBe(true);
  });
  it('estimates a height from table rows and text, clamped', () => {
    const small = estimateHtmlHeight('<b>hi</b>');
    expect(small.initial).toBe(40);
    const table = `<table>${'<tr><td>1</td></tr>'.repeat(10)}</table>`;
    expect(estimateHtmlHeight(table).initial).toBeGreaterThan(240);
    const big = estimateHtmlHeight(`<table>${'<tr><td>1</td></tr>'.repeat(1000)}</table>`);
    expect(big.initial).toBe(600);
    expect(big.full).toBeGreaterThan(20000);
  });
});

describe('textWindow', () => {
  it('keeps short texts whole', () => {
    expect(textWindow('a\nb\n')).toEqual({ whole: true, head: 'a\nb\n', tail: '', hiddenChars: 0, hiddenLines: 0 });
  });
  it('shows the head and tail of texts over the line limit', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const w = textWindow(text);
    expect(w.whole).toBe(false);
    expect(w.head.startsWith('line 0\n')).toBe(true);
    expect(w.head.split('\n').length - 1).toBe(200);
    expect(w.tail.endsWith('line 4999\n')).toBe(true);
    expect(w.tail.startsWith('line 4800\n')).toBe(true);
    expect(w.hiddenLines).toBe(4600);
    expect(w.head.length + w.hiddenChars + w.tail.length).toBe(text.length);
  });
  it('cuts a single huge line by characters', () => {
    const text = 'x'.repeat(3_000_000);
    const w = textWindow(text);
    expect(w.whole).toBe(false);
    expect(w.head.length).toBe(200_000);
    expect(w.tail.length).toBe(200_000);
    expect(w.hiddenChars).toBe(2_600_000);
  });
});
