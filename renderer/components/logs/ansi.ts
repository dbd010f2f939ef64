// SPDX-License-Identifier: Apache-2.0
/**
 * ANSI escape sequences in log lines, read into styled text segments: SGR colours (16, 256 and
 * truecolour, foreground and background), bold, dim, italic, underline, inverse. Other escape
 * sequences (cursor moves, OSC titles and links) are dropped. The result is data for React to
 * render as text in styled spans; nothing here is ever HTML.
 */

/** The style of a segment (CSS colours). */
export interface AnsiStyle {
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
}

/** A run of text in one style. */
export interface AnsiSegment {
  text: string;
  style: AnsiStyle;
}

/** The 16 basic colours (xterm defaults), normal then bright. */
export const basicColors = [
  '#000000',
  '#cd3131',
  '#0dbc79',
  '#e5e510',
  '#2472c8',
  '#bc3fbc',
  '#11a8cd',
  '#e5e5e5',
  '#666666',
  '#f14c4c',
  '#23d18b',
  '#f5f543',
  '#3b8eea',
  '#d670d6',
  '#29b8db',
  '#ffffff',
];

const hex = (n: number) => Math.max(0, Math.min(255, n)).toString(16).padStart(2, '0');

/** The colour of a 256-colour index. */
export function color256(i: number): string | undefined {
  if (!Number.isInteger(i) || i < 0 || i > 255) return undefined;
  if (i < 16) return basicColors[i];
  if (i < 232) {
    const c = i - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return `#${hex(level(Math.floor(c / 36)))}${hex(level(Math.floor(c / 6) % 6))}${hex(level(c % 6))}`;
  }
  const g = 8 + (i - 232) * 10;
  return `#${hex(g)}${hex(g)}${hex(g)}`;
}

// CSI (ESC [ params final), OSC (ESC ] … BEL or ESC \), and other two-byte escapes
// eslint-disable-next-line no-control-regex
const escapeRe = /\u001b\[([0-9;:?]*)([@-~])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b([0-9;:?]*)([@-~])/g;

/** Whether a line has any escape sequence (fast path for plain lines). */
export function hasEscapes(text: string): boolean {
  return text.includes('\u001b') || text.includes('\u009b');
}

/** The text without escape sequences. */
export function stripAnsi(text: string): string {
  return hasEscapes(text) ? text.replace(escapeRe, '') : text;
}

/** Applies one SGR parameter list to a style; returns the new style. */
function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  let s: AnsiStyle = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    if (c === 0) s = {};
    else if (c === 1) s.bold = true;
    else if (c === 2) s.dim = true;
    else if (c === 3) s.italic = true;
    else if (c === 4) s.underline = true;
    else if (c === 7) s.inverse = true;
    else if (c === 22) {
      delete s.bold;
      delete s.dim;
    } else if (c === 23) delete s.italic;
    else if (c === 24) delete s.underline;
    else if (c === 27) delete s.inverse;
    else if (c >= 30 && c <= 37) s.fg = basicColors[c - 30];
    else if (c >= 90 && c <= 97) s.fg = basicColors[c - 90 + 8];
    else if (c >= 40 && c <= 47) s.bg = basicColors[c - 40];
    else if (c >= 100 && c <= 107) s.bg = basicColors[c - 100 + 8];
    else if (c === 39) delete s.fg;
    else if (c === 49) delete s.bg;
    else if (c === 38 || c === 48) {
      const mode = codes[i + 1];
      let color: string | undefined;
      if (mode === 5) {
        color = color256(codes[i + 2] as number);
        i += 2;
      } else if (mode === 2) {
        const [r, g, b] = [codes[i + 2], codes[i + 3], codes[i + 4]];
        if ([r, g, b].every((v) => v !== undefined && Number.isInteger(v) && v >= 0 && v <= 255))
          color = `#${hex(r as number)}${hex(g as number)}${hex(b as number)}`;
        i += 4;
      } else break; // malformed: ignore the rest
      if (color) {
        if (c === 38) s.fg = color;
        else s.bg = color;
      }
    }
  }
  return s;
}

/**
 * Splits a line into styled segments.
 * @param initial - the style in effect at the start of the line (default: none)
 */
export function parseAnsi(text: string, initial: AnsiStyle = {}): AnsiSegment[] {
  if (!hasEscapes(text)) return text ? [{ text, style: initial }] : [];
  const out: AnsiSegment[] = [];
  let style = initial;
  let last = 0;
  const push = (t: string) => {
    if (!t) return;
    const prev = out[out.length - 1];
    if (prev && prev.style === style) prev.text += t;
    else out.push({ text: t, style });
  };
  for (const m of text.matchAll(escapeRe)) {
    push(text.slice(last, m.index));
    last = m.index + m[0].length;
    const params = m[1] ?? m[3];
    const final = m[2] ?? m[4];
    if (final === 'm' && params !== undefined && !params.startsWith('?')) style = applySgr(style, params);
  }
  push(text.slice(last));
  return out;
}

/** The CSS of a style (inverse swaps the colours, falling back to the theme's). */
export function styleCss(s: AnsiStyle): Record<string, string> {
  const css: Record<string, string> = {};
  let fg = s.fg;
  let bg = s.bg;
  if (s.inverse) [fg, bg] = [bg ?? 'var(--panel)', fg ?? 'var(--text)'];
  if (fg) css.color = fg;
  if (bg) css.backgroundColor = bg;
  if (s.bold) css.fontWeight = 'bold';
  if (s.dim) css.opacity = '0.7';
  if (s.italic) css.fontStyle = 'italic';
  if (s.underline) css.textDecoration = 'underline';
  return css;
}
