// SPDX-License-Identifier: Apache-2.0
/**
 * Which URLs notebook content may carry (pure rules, used by the sanitiser and by link clicks):
 * links to http(s), mailto, '#' anchors and relative paths; images only as data:image URLs of
 * raster types (and SVG, which an <img> never runs); style attributes only for colour and type
 * (nothing that sizes or places a box), never with url() or other ways to fetch or script.
 */

/** The URL as a browser reads it: ASCII tab and newlines removed, C0 controls and spaces trimmed. */
function normalised(url: string): string {
  // eslint-disable-next-line no-control-regex
  return url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

const schemeRe = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** Whether a link target may stay in sanitised content: http(s), mailto, '#…' or relative. */
export function isAllowedHref(href: string): boolean {
  const u = normalised(href);
  if (u === '') return false;
  // a backslash or a control character anywhere is not something notebooks need
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\\]/.test(u)) return false;
  const scheme = schemeRe.exec(u);
  if (!scheme) return true; // relative or '#'
  return ['http', 'https', 'mailto'].includes((scheme[1] as string).toLowerCase());
}

/** The URL a click on a link may open outside the app: http(s) only, after parsing; otherwise undefined. */
export function externalUrl(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(normalised(href));
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

const dataImageRe = /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;

/** Whether an image source may stay: a base64 data:image URL of a known type. */
export function isAllowedImageSrc(src: string): boolean {
  return dataImageRe.test(normalised(src));
}

/** A data: URL for base64 image data (whitespace removed); undefined when it is not base64. */
export function imageDataUrl(mime: string, base64: string): string | undefined {
  const b = base64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b)) return undefined;
  const url = `data:${mime};base64,${b}`;
  return isAllowedImageSrc(url) ? url : undefined;
}

/**
 * CSS properties markdown may style: colour and type only. Nothing that sizes or places a box
 * (position, margins, transforms, z-index, top/left, width/height, font-size…) is kept, so a
 * markdown cell can never be drawn over another cell or over the app.
 */
const allowedStyleProps = new Set(['color', 'background-color', 'font-weight', 'font-style', 'text-decoration', 'text-align', 'list-style-type']);

/**
 * The declarations of a style attribute that may stay, as CSS text ('' when none).
 * @param decls - property and value pairs (as the browser parsed them)
 */
export function safeStyle(decls: Iterable<readonly [string, string]>): string {
  const out: string[] = [];
  for (const [prop, value] of decls) {
    const p = prop.trim().toLowerCase();
    const v = value.trim();
    if (!allowedStyleProps.has(p)) continue;
    if (/url\s*\(|image-set|expression|javascript:|@import|\\|attr\s*\(|var\s*\(/i.test(v)) continue;
    out.push(`${p}: ${v}`);
  }
  return out.join('; ');
}
