// SPDX-License-Identifier: Apache-2.0
/**
 * The colours a canvas chart takes from the app's theme: read from the CSS variables of
 * renderer/styles/app.css on the document (so light and dark follow the user's choice), and a
 * palette of series colours readable on both backgrounds.
 */

/** The theme's colours for a chart. */
export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  panel: string;
  accent: string;
}

/** Series colours, in order (a series may bring its own). */
export const seriesPalette = ['#2f6fed', '#e8590c', '#2b8a3e', '#ae3ec9', '#c92a2a', '#1098ad', '#f08c00', '#5c7cfa', '#d6336c', '#868e96'];

/** The chart colours of the theme now on the document. */
export function readChartTheme(el: Element = document.documentElement): ChartTheme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', '#1b1f24'),
    muted: v('--muted', '#5f6b7a'),
    grid: v('--border', '#d8dde3'),
    panel: v('--panel', '#ffffff'),
    accent: v('--accent', '#1f5fd6'),
  };
}

/** `color` (#rgb or #rrggbb) at `alpha`, as rgba(); other colour forms are returned as they are. */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return color;
  const hex = (m[1] as string).length === 3 ? [...(m[1] as string)].map((c) => c + c).join('') : (m[1] as string);
  const n = parseInt(hex, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
