// SPDX-License-Identifier: Apache-2.0
/** The run graph drawn on a canvas far out: its scene, a box found under a point, and what a frame draws. */
import { describe, expect, it } from 'vitest';
import { graphOf } from '../../../../shared/kfp/testing/edit-helpers';
import {
  boxAt,
  boxTint,
  canvasFrom,
  canvasWorthIt,
  drawRunCanvas,
  farZoom,
  frameTint,
  isFar,
  runCanvasScene,
  type CanvasColours,
  type CanvasLike,
} from './run-graph-canvas';
import { runEdgePath } from './run-graph-flow';
import { runGridLayout } from './run-graph-layout';
import { runGraphView, runShape, type RunGraphView, type RunItem } from './run-graph-model';

const large = runShape(graphOf('lab/large--v1'));

const item = (id: string, state: RunItem['state'], over: Partial<RunItem> = {}): RunItem => ({
  id,
  kind: 'task',
  groupKind: '',
  label: id,
  parent: null,
  collapsed: false,
  state,
  counts: {},
  instances: 1,
  message: '',
  ...over,
});

/** Two tasks in an open group, one collapsed group, side by side. */
const small: RunGraphView = {
  items: [
    item('g', 'FAILED', { kind: 'group', groupKind: 'condition' }),
    item('g/a', 'SUCCEEDED', { parent: 'g' }),
    item('g/b', 'FAILED', { parent: 'g' }),
    item('c', 'SUCCEEDED', { kind: 'group', groupKind: 'loop', collapsed: true }),
  ],
  edges: [{ id: 'g/a->g/b', from: 'g/a', to: 'g/b' }],
};
const smallLayout = {
  g: { x: 0, y: 0, width: 300, height: 100 },
  'g/a': { x: 10, y: 40, width: 100, height: 40 },
  'g/b': { x: 150, y: 40, width: 100, height: 40 },
  c: { x: 400, y: 0, width: 100, height: 40 },
};

const colours: CanvasColours = {
  panel: '#fff',
  border: '#ccc',
  edge: '#999',
  chosen: '#00f',
  text: '#111',
  muted: '#666',
  accent: '#05f',
  font: 'sans',
  states: { SUCCEEDED: '#0a0', FAILED: '#a00' },
};

/** A 2D context that records what is drawn: each fill with its colour, alpha and rectangles (dots as `o`); strokes; texts; transforms. Text is 7 px a character. */
function recorder() {
  const calls: string[] = [];
  let rects: string[] = [];
  const ctx: CanvasLike = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    globalAlpha: 1,
    font: '',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    setTransform: (...m) => calls.push(`transform ${m.join(',')}`),
    clearRect: (...r) => calls.push(`clear ${r.join(',')}`),
    beginPath: () => {
      rects = [];
    },
    rect: (x, y, w, h) => rects.push(`${x},${y},${w},${h}`),
    fillRect: (x, y, w, h) => calls.push(`fillRect ${String(ctx.fillStyle)} ${x},${y},${w},${h}`),
    moveTo: () => undefined,
    arc: (x, y, r) => rects.push(`o${x},${y},${r}`),
    fillText: (t, x, y, max) =>
      calls.push(
        `text ${ctx.font} ${String(ctx.fillStyle)} ${ctx.textAlign} "${t}" ${Math.round(x)},${Math.round(y)}${max === undefined ? '' : ` max ${Math.round(max)}`}`,
      ),
    measureText: (t) => ({ width: 7 * t.length }),
    fill: () => calls.push(`fill ${String(ctx.fillStyle)}@${ctx.globalAlpha} ${rects.join(' ')}`),
    stroke: (path) =>
      calls.push(
        path === undefined
          ? `stroke ${String(ctx.strokeStyle)}/${ctx.lineWidth} ${rects.join(' ')}`
          : `stroke-path ${String(ctx.strokeStyle)}/${ctx.lineWidth}`,
      ),
  };
  return { ctx, calls };
}

describe('runCanvasScene', () => {
  it('puts open groups in frames (outermost first), tasks and collapsed groups in boxes, at their places in the flow', () => {
    const scene = runCanvasScene(small, smallLayout, 'M0 0L1 1');
    expect(scene.frames.map((f) => f.id)).toEqual(['g']);
    expect(scene.boxes.map((b) => [b.id, b.task, b.x, b.y])).toEqual([
      ['g/a', true, 10, 40],
      ['g/b', true, 150, 40],
      ['c', false, 400, 0],
    ]);
    expect(scene.edges).toBe('M0 0L1 1');
  });

  it("holds the large run's 300 tasks in boxes and its 10 groups in frames", () => {
    const v = runGraphView(large, [], new Set());
    const layout = runGridLayout(v);
    const scene = runCanvasScene(v, layout, runEdgePath(v, layout));
    expect(scene.boxes).toHaveLength(300);
    expect(scene.frames).toHaveLength(10);
    expect(scene.boxes.every((b) => b.task)).toBe(true);
    // big enough for the canvas; a small graph is always the DOM's
    expect(canvasWorthIt(scene)).toBe(true);
    expect(canvasWorthIt(runCanvasScene(small, smallLayout, ''))).toBe(false);
    expect(canvasFrom).toBeGreaterThan(10); // B11's 10 collapsed groups: the DOM is cheaper there
  });
});

describe('boxAt', () => {
  it('finds the box under a point of the flow, not a frame, nothing between boxes', () => {
    const scene = runCanvasScene(small, smallLayout, '');
    expect(boxAt(scene, 160, 50)?.id).toBe('g/b');
    expect(boxAt(scene, 10, 40)?.id).toBe('g/a'); // its corner
    expect(boxAt(scene, 450, 20)?.task).toBe(false); // the collapsed group
    expect(boxAt(scene, 130, 60)).toBeUndefined(); // inside the frame, between its boxes
    expect(boxAt(scene, -5, 50)).toBeUndefined();
  });
});

describe('drawRunCanvas', () => {
  it('clears, scales by zoom and pixel ratio, and draws frames, edges, then boxes tinted by state, the chosen one outlined', () => {
    const scene = runCanvasScene(small, smallLayout, 'M0 0L1 1');
    const { ctx, calls } = recorder();
    drawRunCanvas(ctx, scene, { x: 10, y: 20, zoom: 0.25, width: 400, height: 200, ratio: 2 }, colours, 'edges', 'g/b');
    expect(calls).toEqual([
      'transform 1,0,0,1,0,0',
      'clear 0,0,800,400',
      'transform 0.5,0,0,0.5,20,40',
      // the frame: the panel, its state's tint, its border
      'fill #fff@1 0,0,300,100',
      `fill #a00@${frameTint} 0,0,300,100`,
      'stroke #a00/4 0,0,300,100',
      'stroke-path #999/4',
      // the boxes: one fill of the panel, one per state
      'fill #fff@1 10,40,100,40 150,40,100,40 400,0,100,40',
      `fill #0a0@${boxTint} 10,40,100,40 400,0,100,40`,
      `fill #a00@${boxTint} 150,40,100,40`,
      'stroke #00f/8 142,32,116,56',
    ]);
  });

  it('draws only what is in view, and no outline for a chosen task out of view', () => {
    const scene = runCanvasScene(small, smallLayout, '');
    const { ctx, calls } = recorder();
    // far out (zoom 0.25), the view's left edge at x = 350 in the flow: only the collapsed group is in view
    drawRunCanvas(ctx, scene, { x: -87.5, y: 0, zoom: 0.25, width: 75, height: 50, ratio: 1 }, colours, undefined, 'g/a');
    expect(calls.filter((c) => c.startsWith('fill') || c.startsWith('stroke'))).toEqual(['fill #fff@1 400,0,100,40', `fill #0a0@${boxTint} 400,0,100,40`]);
  });

  it('draws a state it has no colour for in the border colour', () => {
    const scene = runCanvasScene({ items: [item('p', 'PENDING')], edges: [] }, { p: { x: 0, y: 0, width: 10, height: 10 } }, '');
    const { ctx, calls } = recorder();
    drawRunCanvas(ctx, scene, { x: 0, y: 0, zoom: 0.25, width: 100, height: 100, ratio: 1 }, colours, undefined);
    expect(calls).toContain(`fill #ccc@${boxTint} 0,0,10,10`);
  });
});

describe('drawRunCanvas near (while the view moves)', () => {
  it('draws each box as its DOM box: border, state bar, dot, bold name, state line; a collapsed group its kind', () => {
    const scene = runCanvasScene(small, smallLayout, '');
    const { ctx, calls } = recorder();
    drawRunCanvas(ctx, scene, { x: 0, y: 0, zoom: 1, width: 600, height: 200, ratio: 1 }, colours, undefined);
    const texts = calls.filter((c) => c.startsWith('text'));
    // the frame's head: its collapse link at the right, its name, its kind after it
    expect(texts.slice(0, 3)).toEqual([
      'text 600 13px sans #05f right "▾ collapse" 289,16',
      'text bold 13px sans #111 left "g" 26,16 max 187',
      'text 11.5px sans #666 left "condition" 39,16 max 174',
    ]);
    // the boxes: names after their dots, state lines under them, the collapsed group's kind after its name
    expect(texts.slice(3)).toEqual([
      'text bold 13px sans #111 left "g/a" 40,56 max 60',
      'text bold 13px sans #111 left "g/b" 180,56 max 60',
      'text bold 13px sans #111 left "c" 430,16 max 60',
      'text 11.5px sans #666 left "Succeeded" 25,74 max 75',
      'text 11.5px sans #666 left "Failed" 165,74 max 75',
      'text 11.5px sans #666 left "Succeeded" 415,34 max 75',
      'text 600 13px sans #05f left "▸ loop" 443,16 max 47',
    ]);
    // the state bars: 5 px, one fill per state colour
    expect(calls).toContain('fill #0a0@1 10,40,5,40 400,0,5,40');
    expect(calls).toContain('fill #a00@1 150,40,5,40');
    // no tint over the boxes: that is the far-out look
    expect(calls.some((c) => c.startsWith(`fill #0a0@${boxTint}`))).toBe(false);
    expect(calls).toContain('stroke #ccc/1 10.5,40.5,99,39 150.5,40.5,99,39 400.5,0.5,99,39');
  });

  it("draws a cached task's bar as two thin bars, as the DOM's double border", () => {
    const v: RunGraphView = { items: [item('p', 'SUCCEEDED', { cached: 1 })], edges: [] };
    const scene = runCanvasScene(v, { p: { x: 0, y: 0, width: 100, height: 40 } }, '');
    expect(scene.boxes[0]?.cached).toBe(true);
    const { ctx, calls } = recorder();
    drawRunCanvas(ctx, scene, { x: 0, y: 0, zoom: 1, width: 100, height: 100, ratio: 1 }, colours, undefined);
    expect(calls).toContain('fill #0a0@1 0,0,2,40');
    expect(calls).toContain('fill #0a0@1 3,0,2,40');
  });
});

describe('far out', () => {
  it('starts below the zoom where box text is too small to read; a box names itself and its state as it would say them', () => {
    expect(isFar({ transform: [0, 0, farZoom - 0.01] })).toBe(true);
    expect(isFar({ transform: [0, 0, farZoom] })).toBe(false);
    expect(12 * farZoom).toBeLessThanOrEqual(6); // 12 px text at most 6 px tall
    const scene = runCanvasScene(small, smallLayout, '');
    expect(scene.boxes.map((b) => b.title)).toEqual(['g/a: Succeeded', 'g/b: Failed', 'c (loop, collapsed): Succeeded']);
    expect(scene.frames[0]?.title).toBe('g');
  });
});
