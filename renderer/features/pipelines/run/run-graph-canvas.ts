// SPDX-License-Identifier: Apache-2.0
/**
 * The run graph drawn on one canvas (RunGraphCanvas.tsx) while the view is far out or moving: its
 * open groups' frames, its edges and its boxes in their states' colours; far out as plain tinted
 * rectangles (text is unreadable there), nearer with the boxes' text as the DOM draws it
 * (run-graph-canvas-text.ts). Each pan/zoom frame draws the scene again in a few calls (a path
 * per state, a text per box in view), where the same frame of 300 laid-out boxes in the DOM costs
 * Chromium a walk, a repaint and a raster of each (B11). A click or a hover on the canvas finds
 * its box here ({@link boxAt}). Pure: the drawing goes to any 2D context ({@link CanvasLike}).
 */
import type { Layout } from '../../../lib/elk-layout';
import { absoluteBoxes } from './run-graph-flow';
import type { ItemState, RunGraphView } from './run-graph-model';
import { allCached, boxSubText, boxTitleText, frameSubText } from './run-view-model';
import { drawBoxDetail, drawFrameHeads, fillBy, stateColour } from './run-graph-canvas-text';

/** A box or frame in the flow's coordinates. */
export interface SceneBox {
  id: string;
  /** What it says when hovered far out (its text is not drawn there). */
  title: string;
  /** Its name, and its second line (a box's state; a frame's kind). */
  label: string;
  sub: string;
  /** A collapsed group's kind (`loop`, `condition`, …), shown on its expand link. */
  tag: string;
  state: ItemState;
  /** A task (one the drawer opens), not a collapsed group. */
  task: boolean;
  /** Served from KFP's cache. */
  cached: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the canvas draws: frames (outermost first), the edges as one SVG path `d`, the boxes (drawn over the frames). */
export interface RunCanvasScene {
  frames: SceneBox[];
  boxes: SceneBox[];
  edges: string;
}

/** The colours the canvas draws in, read from the page's theme. */
export interface CanvasColours {
  panel: string;
  border: string;
  edge: string;
  chosen: string;
  text: string;
  muted: string;
  accent: string;
  /** The page's font family. */
  font: string;
  states: Partial<Record<ItemState, string>>;
}

/** Where the flow is on the screen: React Flow's transform, and the canvas's size in CSS px with its device pixel ratio. */
export interface CanvasView {
  x: number;
  y: number;
  zoom: number;
  width: number;
  height: number;
  ratio: number;
}

/** The 2D context calls the drawing makes (a CanvasRenderingContext2D has them all). */
export interface CanvasLike {
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  rect(x: number, y: number, w: number, h: number): void;
  fill(): void;
  stroke(path?: unknown): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  moveTo(x: number, y: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  fillText(text: string, x: number, y: number, maxWidth?: number): void;
  measureText(text: string): { width: number };
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  globalAlpha: number;
  font: string;
  textAlign: string;
  textBaseline: string;
}

/**
 * From this many boxes and frames on, the canvas draws the graph far out and while it moves; a
 * smaller graph is always the DOM's (B11 on lab-a: with 10 boxes the canvas, a whole bitmap
 * handed to the compositor each frame, cost more than the DOM's few boxes, p95 16–22 ms against
 * 11–15 ms; with 310 it cost less, 10–13 ms against 13–16 ms).
 */
export const canvasFrom = 100;

/** Whether a scene is big enough to be drawn on the canvas. */
export const canvasWorthIt = (scene: RunCanvasScene) => scene.boxes.length + scene.frames.length >= canvasFrom;

/** Below this zoom the canvas draws the graph (12 px text is at most 6 px tall there: not read, only seen). */
export const farZoom = 0.5;

/** Whether React Flow's view (its `transform`: x, y, zoom) is zoomed far out. */
export const isFar = (s: { transform: readonly [number, number, number] }) => s.transform[2] < farZoom;

/** How much of its state's colour tints a box and a frame (as run-graph.css mixes them far out). */
export const boxTint = 0.35;
export const frameTint = 0.05;

/** The scene of a view laid out: open groups as frames, tasks and collapsed groups as boxes, the edges' path. */
export function runCanvasScene(view: RunGraphView, layout: Layout, edges: string): RunCanvasScene {
  const at = absoluteBoxes(view, layout);
  const frames: SceneBox[] = [];
  const boxes: SceneBox[] = [];
  for (const it of view.items) {
    const b = at.get(it.id);
    if (!b) continue;
    const common = { id: it.id, label: it.label, state: it.state, cached: allCached(it), ...b };
    if (it.kind === 'group' && !it.collapsed) {
      frames.push({ ...common, title: it.label, sub: frameSubText(it), tag: it.groupKind, task: false });
    } else boxes.push({ ...common, title: boxTitleText(it), sub: boxSubText(it), tag: it.kind === 'group' ? it.groupKind : '', task: it.kind === 'task' });
  }
  // a frame is larger than what it holds: outermost (largest) first, so inner frames draw over outer ones
  frames.sort((a, b) => b.width * b.height - a.width * a.height);
  return { frames, boxes, edges };
}

/** The box (a task or a collapsed group) at a point of the flow, if any. */
export function boxAt(scene: RunCanvasScene, x: number, y: number): SceneBox | undefined {
  for (let i = scene.boxes.length - 1; i >= 0; i--) {
    const b = scene.boxes[i]!;
    if (x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height) return b;
  }
  return undefined;
}

/** The part of the flow in view, with a margin. */
function seen(view: CanvasView) {
  const pad = 4 / view.zoom;
  return {
    x0: -view.x / view.zoom - pad,
    y0: -view.y / view.zoom - pad,
    x1: (view.width - view.x) / view.zoom + pad,
    y1: (view.height - view.y) / view.zoom + pad,
  };
}

const inView = (b: SceneBox, s: ReturnType<typeof seen>) => b.x <= s.x1 && b.x + b.width >= s.x0 && b.y <= s.y1 && b.y + b.height >= s.y0;

/**
 * Draws the scene: the frames (the panel tinted by their state, a 1 px border), the edges (1 px,
 * `edges` being the scene's path as a Path2D), the boxes, the chosen box outlined. Far out (below
 * {@link farZoom}) a box is the panel tinted by its state; nearer it is drawn as its DOM box is
 * (run-graph-canvas-text.ts), and frames get their heads. Only what is in view; the canvas is
 * cleared first.
 */
export function drawRunCanvas(ctx: CanvasLike, scene: RunCanvasScene, view: CanvasView, colours: CanvasColours, edges: unknown, chosen?: string): void {
  const { ratio, zoom } = view;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, view.width * ratio, view.height * ratio);
  ctx.setTransform(ratio * zoom, 0, 0, ratio * zoom, ratio * view.x, ratio * view.y);
  const s = seen(view);
  const colourOf = (b: SceneBox) => stateColour(colours, b);
  const frames = scene.frames.filter((f) => inView(f, s));
  const boxes = scene.boxes.filter((b) => inView(b, s));
  // frames, one after the other: an inner frame's fill covers its outer frame's
  for (const f of frames) {
    fillBy(ctx, [f], () => colours.panel, 1);
    fillBy(ctx, [f], colourOf, frameTint);
    ctx.strokeStyle = colourOf(f);
    ctx.lineWidth = 1 / zoom;
    ctx.beginPath();
    ctx.rect(f.x, f.y, f.width, f.height);
    ctx.stroke();
  }
  const near = zoom >= farZoom;
  if (near) drawFrameHeads(ctx, frames, colours);
  if (edges !== undefined) {
    ctx.strokeStyle = colours.edge;
    ctx.lineWidth = 1 / zoom;
    ctx.stroke(edges);
  }
  fillBy(ctx, boxes, () => colours.panel, 1);
  if (near) drawBoxDetail(ctx, boxes, colours);
  else fillBy(ctx, boxes, colourOf, boxTint);
  const picked = chosen === undefined ? undefined : boxes.find((b) => b.id === chosen);
  if (picked) {
    ctx.strokeStyle = colours.chosen;
    ctx.lineWidth = 2 / zoom;
    ctx.beginPath();
    ctx.rect(picked.x - 2 / zoom, picked.y - 2 / zoom, picked.width + 4 / zoom, picked.height + 4 / zoom);
    ctx.stroke();
  }
}
