// SPDX-License-Identifier: Apache-2.0
/**
 * Non-text contrast (WCAG 1.4.11) of a React Flow canvas's controls, measured in the page from
 * computed styles: each zoom button's icon against the button, the buttons' frame and the
 * minimap's frame (its border, or its background when it has none) against what is around them
 * (the first opaque background up the tree, with translucent ones blended over it). Ratios as WCAG
 * defines them.
 */
import type { Locator } from 'playwright-core';

/** The ratios measured on one canvas, and the colours they come from. */
export interface CanvasContrast {
  /** The lowest icon-on-button ratio among the enabled zoom buttons. */
  icon: number;
  /** The zoom buttons' frame against the canvas around them. */
  controlsFrame: number;
  /** The minimap's frame against the canvas around it. */
  minimapFrame: number;
  colours: Record<string, string>;
}

/** Measures the controls of the canvas `flow` (a `.react-flow` element, or one inside which it is). */
export async function canvasContrast(flow: Locator): Promise<CanvasContrast> {
  // a transform that keeps function names (tsx, esbuild's keepNames) calls its __name helper in the page
  await flow.page().evaluate('globalThis.__name ??= (fn) => fn');
  return flow.evaluate((root) => {
    type Rgba = [number, number, number, number];
    const parse = (c: string): Rgba => {
      const m = /rgba?\(([^)]+)\)/.exec(c) ?? /color\(srgb ([^)]+)\)/.exec(c);
      if (!m?.[1]) throw new Error(`cannot read the colour ${c}`);
      const parts = m[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      const scale = c.startsWith('color(') ? 255 : 1;
      return [(parts[0] ?? 0) * scale, (parts[1] ?? 0) * scale, (parts[2] ?? 0) * scale, parts[3] ?? 1];
    };
    const over = (top: Rgba, below: Rgba): Rgba => {
      const a = top[3];
      return [top[0] * a + below[0] * (1 - a), top[1] * a + below[1] * (1 - a), top[2] * a + below[2] * (1 - a), 1];
    };
    /** The background an element is seen on: its own and its ancestors', blended down to the first opaque one. */
    const backdrop = (el: Element | null): Rgba => {
      const layers: Rgba[] = [];
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      return layers.reduceRight<Rgba>((below, top) => over(top, below), [255, 255, 255, 1]);
    };
    const luminance = ([r, g, b]: Rgba) =>
      [r, g, b].map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
    const lum = (c: Rgba) => {
      const [r, g, b] = luminance(c);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const ratio = (a: Rgba, b: Rgba) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const show = (c: Rgba) => `rgb(${c.slice(0, 3).map(Math.round).join(', ')})`;
    const flowEl = root.matches('.react-flow') ? root : root.querySelector('.react-flow');
    if (!flowEl) throw new Error('no .react-flow canvas here');
    const controls = flowEl.querySelector('.react-flow__controls');
    const minimap = flowEl.querySelector('.react-flow__minimap');
    if (!controls || !minimap) throw new Error(`the canvas has ${controls ? '' : 'no zoom controls '}${minimap ? '' : 'no minimap'}`);
    const colours: Record<string, string> = {};
    let icon = Infinity;
    for (const button of controls.querySelectorAll<HTMLButtonElement>('.react-flow__controls-button:not(:disabled)')) {
      const svg = button.querySelector('svg');
      if (!svg) continue;
      const fill = over(parse(getComputedStyle(svg).fill), backdrop(button));
      const r = ratio(fill, backdrop(button));
      if (r < icon) {
        icon = r;
        colours.icon = show(fill);
        colours.button = show(backdrop(button));
      }
    }
    const around = (el: Element) => backdrop(el.parentElement);
    // the edge a user sees: the border when there is one, else the element's own background (or its first button's)
    const frame = (el: Element) => {
      const st = getComputedStyle(el);
      if (st.borderTopStyle !== 'none' && parseFloat(st.borderTopWidth) > 0) return over(parse(st.borderTopColor), around(el));
      return backdrop(el.querySelector('.react-flow__controls-button') ?? el);
    };
    colours.canvas = show(around(controls));
    colours.controlsFrame = show(frame(controls));
    colours.minimapFrame = show(frame(minimap));
    return {
      icon,
      controlsFrame: ratio(frame(controls), around(controls)),
      minimapFrame: ratio(frame(minimap), around(minimap)),
      colours,
    };
  });
}
