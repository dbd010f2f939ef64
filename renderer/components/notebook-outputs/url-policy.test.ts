// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { externalUrl, imageDataUrl, isAllowedHref, isAllowedImageSrc, safeStyle } from './url-policy';

describe('links in notebook content', () => {
  it('allows http(s), mailto, anchors and relative paths', () => {
    for (const ok of ['https://example.com/x', 'http://a.b', 'mailto:a@b.c', '#top', 'other.ipynb', './a/b.md', '/files/x.csv', '?q=1'])
      expect(isAllowedHref(ok), ok).toBe(true);
  });
  it('refuses script and other schemes, however they are spelled', () => {
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:x',
      '\u0001javascript:x',
      'vbscript:x',
      'data:text/html,<script>',
      'file:///etc/passwd',
      'jar:x',
      '',
      '\\\\evil\\share',
    ]) {
      expect(isAllowedHref(bad), JSON.stringify(bad)).toBe(false);
    }
  });
  it('opens only absolute http(s) URLs after parsing', () => {
    expect(externalUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(externalUrl(' http://example.com')).toBe('http://example.com/');
    expect(externalUrl('javascript:alert(1)')).toBeUndefined();
    expect(externalUrl('java\tscript:alert(1)')).toBeUndefined();
    expect(externalUrl('other.ipynb')).toBeUndefined();
    expect(externalUrl('#x')).toBeUndefined();
    expect(externalUrl('mailto:a@b.c')).toBeUndefined();
    expect(externalUrl(null)).toBeUndefined();
  });
});

describe('images and styles', () => {
  it('allows only base64 data:image URLs of known types', () => {
    expect(isAllowedImageSrc('data:image/png;base64,iVBORw0KGgo=')).toBe(true);
    expect(isAllowedImageSrc('data:image/svg+xml;base64,PHN2Zz4=')).toBe(true);
    expect(isAllowedImageSrc('data:text/html;base64,PHNjcmlwdD4=')).toBe(false);
    expect(isAllowedImageSrc('https://example.com/x.png')).toBe(false);
    expect(isAllowedImageSrc('data:image/png,<svg onload=x>')).toBe(false);
  });
  it('makes data URLs of base64 only', () => {
    expect(imageDataUrl('image/png', 'iVBO\nRw0K\n')).toBe('data:image/png;base64,iVBORw0K');
    expect(imageDataUrl('image/png', '"><script>')).toBeUndefined();
    expect(imageDataUrl('text/html', 'AAAA')).toBeUndefined();
  });
  it('keeps colour and type properties without url() or escapes, and nothing that sizes or places a box', () => {
    expect(
      safeStyle([
        ['color', ' red'],
        ['Background-Color', 'blue'],
        ['position', 'fixed'],
        ['background', 'url(https://x/t.png)'],
        ['width', 'expression(alert(1))'],
        ['border', '1px solid \\75rl(x)'],
        ['font-weight', 'bold'],
        ['margin-top', '-500px'],
        ['margin', '-500px 0 0 0'],
        ['transform', 'translateY(-500px)'],
        ['z-index', '9999'],
        ['top', '0'],
        ['left', '0'],
        ['width', '100vw'],
        ['height', '100vh'],
        ['font-size', '400px'],
        ['inset', '0'],
        ['translate', '0 -500px'],
      ]),
    ).toBe('color: red; background-color: blue; font-weight: bold');
  });
});
