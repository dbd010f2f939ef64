// SPDX-License-Identifier: Apache-2.0
/**
 * Pure rules for showing outputs: which representation of a mime bundle to show (the richest
 * safe one), the policy of the sandboxed frame for HTML (its document is built in
 * frame-html.ts), a height estimate for that frame (it cannot report its own: it runs no
 * scripts), and the head and tail of long texts.
 */

/** The representations MLDeck shows, richest first. */
export const mimeOrder = [
  'text/html',
  'image/svg+xml',
  'image/png',
  'image/jpeg',
  'image/gif',
  'text/markdown',
  'application/json',
  'text/latex',
  'text/plain',
] as const;

/** A representation MLDeck shows. */
export type ShownMime = (typeof mimeOrder)[number];

const textOf = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.join('') : undefined;

/** What to show of a mime bundle. */
export type MimeChoice =
  | { kind: 'shown'; mime: ShownMime; value: unknown }
  /** Only representations MLDeck does not show (JavaScript, widgets, …). */
  | { kind: 'not-shown'; mimes: string[] };

/**
 * The representation to show: the first of {@link mimeOrder} present, except that HTML carrying
 * scripts (which never run here) gives way to an image when the bundle has one.
 */
export function chooseMime(data: Record<string, unknown>): MimeChoice {
  const html = textOf(data['text/html']);
  const scripted = html !== undefined && /<script[\s>]/i.test(html);
  for (const mime of mimeOrder) {
    if (!(mime in data)) continue;
    if (mime === 'text/html' && scripted && ['image/svg+xml', 'image/png', 'image/jpeg', 'image/gif'].some((m) => m in data)) continue;
    const value = mime === 'application/json' ? data[mime] : textOf(data[mime]);
    if (value === undefined) continue;
    return { kind: 'shown', mime, value };
  }
  return { kind: 'not-shown', mimes: Object.keys(data) };
}

/** Whether HTML has scripts (they are not run; the view says so). */
export function hasScripts(html: string): boolean {
  return /<script[\s>]|\son[a-z]+\s*=|javascript:/i.test(html);
}

/** The policy put at the top of every HTML output's document: nothing may load or run. */
export const frameCsp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The frame height shown first, and the height that would show (about) everything. */
export function estimateHtmlHeight(html: string, min = 40, max = 600): { initial: number; full: number } {
  const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;
  const rows = count(html, /<tr[\s>]/gi);
  const outside = html.replace(/<table[\s>][\s\S]*?<\/table>/gi, '\n');
  const blocks = count(outside, /<(?:br|p|div|li|h[1-6]|pre|hr|dt|dd|table|form|blockquote|section|ul|ol)[\s>/]/gi);
  const newlinesInPre = /<pre[\s>]/i.test(html) ? count(outside, /\n/g) : 0;
  let images = 0;
  for (const m of html.matchAll(/<img[^>]*\sheight\s*=\s*["']?(\d+)/gi)) images += Number(m[1]);
  const text = outside.replace(/<[^>]*>/g, '').trim().length;
  const full = Math.ceil(20 + rows * 24 + blocks * 20 + newlinesInPre * 17 + images + Math.ceil(text / 100) * 19);
  return { initial: Math.max(min, Math.min(max, full)), full: Math.max(min, full) };
}

/** A long text cut to its head and tail. */
export interface TextWindow {
  /** All of the text is in `head`. */
  whole: boolean;
  head: string;
  tail: string;
  hiddenChars: number;
  hiddenLines: number;
}

/**
 * The text to show of a long output: all of it up to `maxLines` lines and `maxChars`
 * characters; past that, the first and last `keepLines` lines (at most `keepChars` each).
 */
export function textWindow(text: string, maxLines = 2000, maxChars = 1_000_000, keepLines = 200, keepChars = 200_000): TextWindow {
  if (text.length <= maxChars) {
    let n = 0;
    let i = -1;
    while (n <= maxLines && (i = text.indexOf('\n', i + 1)) >= 0) n++;
    if (n <= maxLines) return { whole: true, head: text, tail: '', hiddenChars: 0, hiddenLines: 0 };
  }
  let headEnd = 0;
  for (let k = 0; k < keepLines; k++) {
    const nl = text.indexOf('\n', headEnd);
    if (nl < 0 || nl + 1 > keepChars) break;
    headEnd = nl + 1;
  }
  if (headEnd === 0) headEnd = Math.min(text.length, keepChars);
  let tailStart = text.length;
  const end = text.endsWith('\n') ? text.length - 1 : text.length;
  let from = end;
  for (let k = 0; k < keepLines; k++) {
    const nl = text.lastIndexOf('\n', from - 1);
    if (nl < 0 || text.length - (nl + 1) > keepChars) break;
    tailStart = nl + 1;
    from = nl;
  }
  if (tailStart === text.length) tailStart = Math.max(headEnd, text.length - keepChars);
  tailStart = Math.max(tailStart, headEnd);
  let hiddenLines = 0;
  for (let i = headEnd; (i = text.indexOf('\n', i)) >= 0 && i < tailStart; i++) hiddenLines++;
  return { whole: false, head: text.slice(0, headEnd), tail: text.slice(tailStart), hiddenChars: tailStart - headEnd, hiddenLines };
}
