// SPDX-License-Identifier: Apache-2.0
/**
 * The run graph's boxes and frame heads drawn on the canvas as their DOM boxes look
 * (RunGraphNodes.tsx with run.css): a box's border, its state's bar on the left (two thin bars
 * when KFP served it from its cache, as the DOM's double border), its dot, its name in bold, its
 * state line; a collapsed group's kind after its name; a frame's dot, name, kind and collapse link.
 * Drawn while the view moves (the DOM boxes come back when it stops), so it matches them in place
 * and size; a text too long for its box is narrowed to fit (`fillText`'s max width) where the DOM
 * ends it with an ellipsis. Also the fills both drawings share: boxes grouped by colour, one path
 * each. Pure.
 */
import type { CanvasColours, CanvasLike, SceneBox } from './run-graph-canvas';

/** run.css: a box's padding and left border, the page's 13 px text at line height 1.45, the small text's size (links are buttons: 13 px, semi-bold). */
const pad = { x: 10, y: 6 };
const bar = 5;
const line = 13 * 1.45;
const small = 11.5;
const dot = 9;
const gap = 6;

/** A box's or frame's colour for its state. */
export const stateColour = (colours: CanvasColours, b: SceneBox) => colours.states[b.state] ?? colours.border;

/** The boxes grouped by the colour `colourOf` gives each, so that each colour is one path. */
function byColour(list: SceneBox[], colourOf: (b: SceneBox) => string): Map<string, SceneBox[]> {
  const groups = new Map<string, SceneBox[]>();
  for (const b of list) {
    const c = colourOf(b);
    const g = groups.get(c);
    if (g) g.push(b);
    else groups.set(c, [b]);
  }
  return groups;
}

/** Fills the boxes at `alpha` in the colour `colourOf` gives each, one path per colour. */
export function fillBy(ctx: CanvasLike, list: SceneBox[], colourOf: (b: SceneBox) => string, alpha: number) {
  ctx.globalAlpha = alpha;
  for (const [colour, g] of byColour(list, colourOf)) {
    ctx.fillStyle = colour;
    ctx.beginPath();
    for (const b of g) ctx.rect(b.x, b.y, b.width, b.height);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}

/** The dots of `list` (each at `at(b)`), one path per state colour. */
function dots(ctx: CanvasLike, list: SceneBox[], colours: CanvasColours, at: (b: SceneBox) => [number, number]) {
  for (const [c, g] of byColour(list, (b) => stateColour(colours, b))) {
    ctx.fillStyle = c;
    ctx.beginPath();
    for (const b of g) {
      const [x, y] = at(b);
      ctx.moveTo(x + dot / 2, y);
      ctx.arc(x, y, dot / 2, 0, 2 * Math.PI);
    }
    ctx.fill();
  }
}

/** The boxes' detail over their panel fill: border, state bar, dot, name, state line, a collapsed group's kind. */
export function drawBoxDetail(ctx: CanvasLike, boxes: SceneBox[], colours: CanvasColours): void {
  ctx.strokeStyle = colours.border;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const b of boxes) ctx.rect(b.x + 0.5, b.y + 0.5, b.width - 1, b.height - 1);
  ctx.stroke();
  // the state bar: one fill per colour; a cached task's as two thin bars
  const bars = boxes.map((b) => ({ ...b, width: b.cached ? 2 : bar }));
  fillBy(ctx, bars, (b) => stateColour(colours, b), 1);
  fillBy(
    ctx,
    bars.filter((b) => b.cached).map((b) => ({ ...b, x: b.x + 3 })),
    (b) => stateColour(colours, b),
    1,
  );
  const headY = (b: SceneBox) => b.y + 1 + pad.y + line / 2;
  const left = (b: SceneBox) => b.x + bar + pad.x;
  dots(ctx, boxes, colours, (b) => [left(b) + dot / 2, headY(b)]);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = colours.text;
  ctx.font = `bold 13px ${colours.font}`;
  const tags: [SceneBox, number][] = [];
  for (const b of boxes) {
    const x = left(b) + dot + gap;
    const room = b.x + b.width - pad.x - x;
    if (room <= 0) continue;
    ctx.fillText(b.label, x, headY(b), room);
    if (b.tag) tags.push([b, x + Math.min(room, ctx.measureText(b.label).width) + gap]);
  }
  ctx.font = `${small}px ${colours.font}`;
  ctx.fillStyle = colours.muted;
  for (const b of boxes) {
    const room = b.width - bar - 2 * pad.x;
    if (room > 0) ctx.fillText(b.sub, left(b), b.y + 1 + pad.y + line + (small * 1.45) / 2, room);
  }
  ctx.fillStyle = colours.accent;
  ctx.font = `600 13px ${colours.font}`;
  for (const [b, x] of tags) {
    const room = b.x + b.width - pad.x - x;
    if (room > 0) ctx.fillText(`▸ ${b.tag}`, x, headY(b), room);
  }
}

/** The frames' heads: dot, name in bold, kind, and the collapse link at the right. */
export function drawFrameHeads(ctx: CanvasLike, frames: SceneBox[], colours: CanvasColours): void {
  if (frames.length === 0) return;
  const headY = (f: SceneBox) => f.y + 1 + pad.y + line / 2;
  const left = (f: SceneBox) => f.x + 1 + pad.x;
  dots(ctx, frames, colours, (f) => [left(f) + dot / 2, headY(f)]);
  ctx.textBaseline = 'middle';
  for (const f of frames) {
    const x = left(f) + dot + gap;
    ctx.font = `600 13px ${colours.font}`;
    const collapse = '▾ collapse';
    const linkWidth = ctx.measureText(collapse).width;
    const end = f.x + f.width - 1 - pad.x;
    ctx.textAlign = 'right';
    ctx.fillStyle = colours.accent;
    ctx.fillText(collapse, end, headY(f));
    ctx.textAlign = 'left';
    const room = end - linkWidth - gap - x;
    if (room <= 0) continue;
    ctx.font = `bold 13px ${colours.font}`;
    ctx.fillStyle = colours.text;
    ctx.fillText(f.label, x, headY(f), room);
    const used = Math.min(room, ctx.measureText(f.label).width) + gap;
    if (room - used > 0) {
      ctx.font = `${small}px ${colours.font}`;
      ctx.fillStyle = colours.muted;
      ctx.fillText(f.sub, x + used, headY(f), room - used);
    }
  }
}
