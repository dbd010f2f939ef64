// SPDX-License-Identifier: Apache-2.0
/**
 * Math in notebooks: `$…$` and `$$…$$` in markdown and text/latex outputs, rendered with KaTeX to
 * an HTML string (`throwOnError: false`, so a mistake shows in red; `trust: false`, so `\href`,
 * `\url`, `\includegraphics`, `\htmlClass` and the like are refused; sizes capped) and then
 * through DOMPurify with an allow-list of what KaTeX makes: spans, the SVG of stretchy symbols,
 * classes, and the few style properties KaTeX sets, never url() or escapes. No link, image or
 * handler can come out. KaTeX's CSS and fonts come with the renderer build (MarkdownView.tsx).
 */
import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';
import katex from 'katex';

/** The style properties KaTeX's HTML output sets (sizes, offsets inside the formula, colours). */
const katexStyleProps = new Set([
  'height',
  'width',
  'min-width',
  'top',
  'bottom',
  'vertical-align',
  'margin-left',
  'margin-right',
  'padding-left',
  'border-bottom-width',
  'border-top-width',
  'border-right-width',
  'border-width',
  'border-style',
  'border-color',
  'color',
  'background-color',
]);

const katexConfig: Config = {
  ALLOWED_TAGS: ['span', 'svg', 'path', 'line'],
  ALLOWED_ATTR: [
    'class',
    'style',
    'title',
    'aria-hidden',
    'width',
    'height',
    'viewBox',
    'viewbox',
    'preserveAspectRatio',
    'preserveaspectratio',
    'd',
    'stroke-width',
    'x1',
    'x2',
    'y1',
    'y2',
  ],
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  KEEP_CONTENT: true,
};

/** One declaration of a KaTeX style, kept only when it is a listed property with a plain value. */
function katexDeclaration(decl: string): string | undefined {
  const i = decl.indexOf(':');
  if (i <= 0) return undefined;
  const prop = decl.slice(0, i).trim().toLowerCase();
  const value = decl.slice(i + 1).trim();
  if (!katexStyleProps.has(prop)) return undefined;
  if (!/^[-+0-9.a-z#%, ]*$/i.test(value)) return undefined; // lengths, numbers, colours, 'solid'; no url(), no escapes
  return `${prop}:${value}`;
}

let katexPurify: DOMPurify | undefined;
function purifier(): DOMPurify {
  if (katexPurify) return katexPurify;
  const p = createDOMPurify(window);
  p.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (!el.getAttribute) return;
    const cls = el.getAttribute('class');
    if (cls !== null) {
      const kept = cls.split(/\s+/).filter((c) => /^[a-z][a-z0-9-]{0,40}$/i.test(c));
      if (kept.length) el.setAttribute('class', kept.join(' '));
      else el.removeAttribute('class');
    }
    const style = el.getAttribute('style');
    if (style !== null) {
      const kept = style
        .split(';')
        .map(katexDeclaration)
        .filter((d) => d !== undefined);
      if (kept.length) el.setAttribute('style', kept.join(';'));
      else el.removeAttribute('style');
    }
  });
  katexPurify = p;
  return p;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * TeX as sanitised HTML.
 * @param display - display mode (centred, on its own line), as for `$$…$$`
 */
export function texToSafeHtml(tex: string, display: boolean): string {
  let html: string;
  try {
    html = katex.renderToString(tex, {
      displayMode: display,
      throwOnError: false,
      trust: false,
      strict: 'ignore',
      output: 'html',
      maxSize: 50,
      maxExpand: 1000,
    });
  } catch (e) {
    // throwOnError:false covers parse errors; anything else (a KaTeX limit) shows the source and why
    return `<code class="nb-math-error" title="${escapeHtml(`Not rendered: ${e instanceof Error ? e.message : String(e)}`)}">${escapeHtml(tex)}</code>`;
  }
  return purifier().sanitize(html, katexConfig) as string;
}

/** The delimiters a text/latex output may be wrapped in, and whether they mean display mode. */
const wrappers: [RegExp, boolean][] = [
  [/^\$\$([\s\S]*)\$\$$/, true],
  [/^\\\[([\s\S]*)\\\]$/, true],
  [/^\$([\s\S]*)\$$/, false],
  [/^\\\(([\s\S]*)\\\)$/, false],
];

/** A text/latex output (`$$…$$`, `\[…\]`, `$…$`, `\(…\)` or a bare environment) as sanitised HTML. */
export function latexToSafeHtml(latex: string): string {
  const t = latex.trim();
  for (const [re, display] of wrappers) {
    const m = re.exec(t);
    if (m) return texToSafeHtml(m[1] ?? '', display);
  }
  return texToSafeHtml(t, true);
}

/**
 * Sanitised markdown HTML with each `<span class="nb-math">` (the `$…$` and `$$…$$` that marked
 * kept as text) rendered by KaTeX. Run after the markdown sanitiser: the formula's text is read
 * back as text, never as HTML.
 */
export function renderMathIn(html: string): string {
  if (!html.includes('nb-math')) return html;
  const t = document.createElement('template');
  t.innerHTML = html;
  const spans = t.content.querySelectorAll('span.nb-math');
  if (spans.length === 0) return html;
  for (const span of spans) {
    const text = span.textContent ?? '';
    const display = text.startsWith('$$') && text.endsWith('$$') && text.length >= 4;
    const tex = display ? text.slice(2, -2) : text.replace(/^\$/, '').replace(/\$$/, '');
    span.innerHTML = texToSafeHtml(tex, display);
  }
  return t.innerHTML;
}
