// SPDX-License-Identifier: Apache-2.0
/**
 * The document of the sandboxed frame for a text/html output. The output's HTML is first parsed
 * by the browser itself (DOMParser: an inert document with scripting off, as in the sandboxed
 * frame, so `<noscript>` and the like are read the same way both times) and every way it could
 * ask for something is removed: `<link>`, `<meta>`, `<base>`, `<script>`, frames, objects and
 * templates; every URL attribute (however it was written: `<img/src=…>`, upper case, no quotes)
 * unless its value is a `data:image/` URL, and `href` everywhere but on links; `srcset`; CSS that
 * could fetch (`url()` to anything but data:, `@import`, `image-set`, escapes). The frame's own
 * policy refuses all of these too, but it inherits the app's policy, and something from the
 * app's origin could be fetched before the frame's policy is read: this keeps the frame from
 * asking for anything at all.
 */
import { frameCsp } from './mime';

/** Elements removed with everything in them. */
const removedElements = new Set([
  'link',
  'meta',
  'base',
  'script',
  'noscript',
  'noembed',
  'noframes',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'portal',
  'fencedframe',
  'xmp',
  'plaintext',
  // SVG animation can set an href after the filter has looked
  'animate',
  'set',
]);

/** Attributes that name something to fetch (or to go to); kept only as data:image/ URLs. */
const resourceAttrs = new Set([
  'src',
  'lowsrc',
  'dynsrc',
  'background',
  'poster',
  'data',
  'codebase',
  'archive',
  'classid',
  'longdesc',
  'manifest',
  'action',
  'formaction',
  'cite',
  'profile',
  'icon',
  'href',
  'xlink:href',
]);

/** Attributes dropped whatever their value. */
const droppedAttrs = new Set(['srcset', 'imagesrcset', 'ping', 'attributionsrc', 'http-equiv']);

/** Whether CSS could make the browser fetch something. */
export function cssMayFetch(css: string): boolean {
  if (/\\|@import|image-set|src\s*\(|image\s*\(|cross-fade|element\s*\(/i.test(css)) return true;
  for (const m of css.matchAll(/url\s*\(\s*(["']?)\s*([^"')\s]*)/gi)) if (!/^data:image\//i.test(m[2] ?? '')) return true;
  return false;
}

function isDataImage(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^data:image\//i.test(value.replace(/[\u0000-\u0020]+/g, ''));
}

function cleanElement(el: Element): void {
  for (const attr of [...el.attributes]) {
    const name = attr.name.toLowerCase();
    const local = name.includes(':') ? name : attr.localName.toLowerCase();
    const isLink = (local === 'href' || name === 'xlink:href') && (el.localName === 'a' || el.localName === 'area');
    if (droppedAttrs.has(local)) el.removeAttribute(attr.name);
    else if (resourceAttrs.has(local) || name === 'xlink:href') {
      if (!isLink && !isDataImage(attr.value)) el.removeAttribute(attr.name);
      if (isLink) el.removeAttribute('ping');
    } else if (local === 'style' && cssMayFetch(attr.value)) el.removeAttribute(attr.name);
  }
  if (el.localName === 'style' && cssMayFetch(el.textContent ?? '')) el.textContent = '';
}

/**
 * The output's HTML with everything that could fetch removed (see the file comment). Head
 * elements the output had (`<style>`, `<title>`) are kept, before its body.
 */
export function withoutResourceUrls(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const root of [doc.head, doc.body]) {
    for (const el of [...root.querySelectorAll('*')]) {
      if (removedElements.has(el.localName)) el.remove();
    }
    for (const el of root.querySelectorAll('*')) cleanElement(el);
  }
  return doc.head.innerHTML + doc.body.innerHTML;
}

/**
 * The srcdoc of the sandboxed frame: the policy first (an output cannot come before it), links
 * aimed at a new window (refused by the sandbox, so a click leaves the frame as it is), base
 * styles in the app's theme, then the output's HTML without resource URLs.
 */
export function frameDocument(html: string, dark: boolean): string {
  const fg = dark ? '#e6e9ed' : '#1b1f24';
  const border = dark ? '#2d333c' : '#d8dde3';
  const stripe = dark ? '#20252d' : '#f3f5f7';
  return (
    `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="${frameCsp}"><meta charset="utf-8">` +
    // the first base target wins: links try a new window, which the sandbox refuses (the frame stays as it is)
    '<base target="_blank">' +
    `<style>:root{color-scheme:${dark ? 'dark' : 'light'}}body{margin:4px;color:${fg};background:transparent;` +
    `font:13px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}` +
    `table{border-collapse:collapse;font-size:12px}th,td{border:1px solid ${border};padding:3px 8px;text-align:right}` +
    `th{font-weight:600}tbody tr:nth-child(odd){background:${stripe}}pre,code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}</style>` +
    `</head><body>${withoutResourceUrls(html)}</body></html>`
  );
}
