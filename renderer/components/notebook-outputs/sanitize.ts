// SPDX-License-Identifier: Apache-2.0
/**
 * Notebook markdown to safe HTML (marked, then DOMPurify with a strict allow-list) and SVG
 * cleaned for display as an image. What survives: text formatting, lists, tables, code, quotes,
 * details, links (http(s), mailto, '#', relative; clicks are handled by the app, never followed),
 * images only as base64 data:image URLs, `style` for colour and type only (nothing that places or
 * sizes a box; outputs.css also contains each rendered block) and no url().
 * Dropped: scripts, styles, frames, objects, forms, SVG and MathML in markdown, event handlers,
 * ids and names (no DOM clobbering), any other attribute. `$…$` and `$$…$$` are kept as text by
 * marked, then rendered by KaTeX and sanitised on their own (math.ts).
 */
import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';
import { Marked, type Tokens } from 'marked';
import { renderMathIn } from './math';
import { isAllowedHref, isAllowedImageSrc, safeStyle } from './url-policy';

const markdownTags = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'caption',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'details',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'input',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
  'var',
];
const markdownAttrs = [
  'href',
  'src',
  'alt',
  'title',
  'width',
  'height',
  'align',
  'valign',
  'colspan',
  'rowspan',
  'scope',
  'start',
  'reversed',
  'open',
  'type',
  'checked',
  'disabled',
  'class',
  'style',
];

const markdownConfig: Config = {
  ALLOWED_TAGS: markdownTags,
  ALLOWED_ATTR: markdownAttrs,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  FORBID_TAGS: [
    'script',
    'style',
    'iframe',
    'frame',
    'object',
    'embed',
    'form',
    'button',
    'textarea',
    'select',
    'link',
    'meta',
    'base',
    'svg',
    'math',
    'template',
  ],
  FORBID_ATTR: ['id', 'name', 'target', 'srcset', 'action', 'formaction', 'xlink:href'],
  SANITIZE_DOM: true,
  SANITIZE_NAMED_PROPS: true,
  KEEP_CONTENT: true,
};

const allowedClass = /^(language-[\w-]{1,40}|nb-math)$/;

let markdownPurify: DOMPurify | undefined;
/** The DOMPurify instance for markdown, with MLDeck's hooks (made on first use: it needs a DOM). */
function purifier(): DOMPurify {
  if (markdownPurify) return markdownPurify;
  const p = createDOMPurify(window);
  // an input may only be a task-list box (checked before the allow-list, element by element)
  p.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'input') data.allowedTags.input = (node as Element).getAttribute?.('type')?.toLowerCase() === 'checkbox';
  });
  p.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (!el.getAttribute) return;
    const href = el.getAttribute('href');
    if (href !== null && !isAllowedHref(href)) el.removeAttribute('href');
    if (el.tagName === 'IMG') {
      const src = el.getAttribute('src');
      if (src !== null && !isAllowedImageSrc(src)) {
        el.removeAttribute('src');
        el.setAttribute('title', 'Image not shown: only images embedded in the notebook are shown');
      }
    } else if (el.hasAttribute('src')) el.removeAttribute('src');
    if (el.tagName === 'INPUT') {
      // marked's task-list boxes; nothing else may be an input
      el.setAttribute('type', 'checkbox');
      el.setAttribute('disabled', '');
    } else el.removeAttribute('type');
    const cls = el.getAttribute('class');
    if (cls !== null) {
      const kept = cls.split(/\s+/).filter((c) => allowedClass.test(c));
      if (kept.length) el.setAttribute('class', kept.join(' '));
      else el.removeAttribute('class');
    }
    const style = el.getAttribute('style');
    if (style !== null) {
      const kept = safeStyle(styleDeclarations(style));
      if (kept) el.setAttribute('style', kept);
      else el.removeAttribute('style');
    }
  });
  markdownPurify = p;
  return p;
}

/** The declarations of a style attribute as written (shorthands stay shorthands). */
function styleDeclarations(style: string): [string, string][] {
  if (/\/\*/.test(style)) return []; // comments can hide things: drop the whole attribute
  const out: [string, string][] = [];
  for (const d of style.split(';')) {
    const i = d.indexOf(':');
    if (i > 0) out.push([d.slice(0, i), d.slice(i + 1)]);
  }
  return out;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// $…$ and $$…$$ stay as text (marked must not read their _ and * as emphasis); math.ts renders them
const mathExtension = {
  name: 'nbMath',
  level: 'inline' as const,
  start(src: string) {
    const i = src.indexOf('$');
    return i < 0 ? undefined : i;
  },
  tokenizer(src: string) {
    const m = /^\$\$([\s\S]+?)\$\$|^\$((?:\\.|[^\\$\n])+?)\$(?!\d)/.exec(src);
    if (m) return { type: 'nbMath', raw: m[0], text: m[0] };
    return undefined;
  },
  renderer(token: Tokens.Generic) {
    return `<span class="nb-math">${escapeHtml(String(token.text))}</span>`;
  },
};

const marked = new Marked({ gfm: true, breaks: false, async: false }).use({ extensions: [mathExtension] });

/** Image attachments of a markdown cell, by name. */
export type Attachments = Record<string, Record<string, unknown>>;

/** `attachment:<name>` references replaced by data: URLs of the cell's attached images. */
function resolveAttachments(source: string, attachments: Attachments | undefined): string {
  if (!attachments || !source.includes('attachment:')) return source;
  return source.replace(/attachment:([^\s)"'>]+)/g, (whole, rawName: string) => {
    let name = rawName;
    try {
      name = decodeURIComponent(rawName);
    } catch {
      // not percent-encoded: the name as written
    }
    const bundle = attachments[name] ?? attachments[rawName];
    if (!bundle) return whole;
    for (const mime of ['image/png', 'image/jpeg', 'image/gif', 'image/webp']) {
      const v = bundle[mime];
      const b64 = Array.isArray(v) ? v.join('') : v;
      if (typeof b64 === 'string') return `data:${mime};base64,${b64.replace(/\s+/g, '')}`;
    }
    return whole;
  });
}

const cache = new Map<string, string>();

/**
 * Markdown as sanitised HTML (the only HTML MLDeck puts into its own page).
 * @param attachments - the cell's attachments, for `attachment:` images
 */
export function markdownToSafeHtml(source: string, attachments?: Attachments): string {
  const key = attachments ? undefined : source;
  const hit = key !== undefined ? cache.get(key) : undefined;
  if (hit !== undefined) return hit;
  const raw = marked.parse(resolveAttachments(source, attachments), { async: false });
  const html = renderMathIn(purifier().sanitize(raw, markdownConfig) as string);
  if (key !== undefined) {
    if (cache.size > 400) cache.delete(cache.keys().next().value as string);
    cache.set(key, html);
  }
  return html;
}

let svgPurify: DOMPurify | undefined;

/**
 * SVG cleaned with DOMPurify's SVG profile, as a data: URL for an <img> (an image document never
 * runs scripts or loads anything). Undefined when nothing is left.
 */
export function svgToImageUrl(svg: string): string | undefined {
  svgPurify ??= createDOMPurify(window);
  let clean = svgPurify.sanitize(svg, { USE_PROFILES: { svg: true, svgFilters: true }, FORBID_TAGS: ['script', 'foreignObject'] }) as string;
  if (!/^\s*<svg[\s>]/i.test(clean)) return undefined;
  // an image document needs the SVG namespace, which the HTML serialiser leaves out
  if (!/^\s*<svg[^>]*\sxmlns=/i.test(clean)) clean = clean.replace(/^\s*<svg/i, '<svg xmlns="http://www.w3.org/2000/svg"');
  if (/xlink:/.test(clean) && !/xmlns:xlink=/.test(clean)) clean = clean.replace(/^<svg/, '<svg xmlns:xlink="http://www.w3.org/1999/xlink"');
  const bytes = new TextEncoder().encode(clean);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/svg+xml;base64,${btoa(bin)}`;
}
