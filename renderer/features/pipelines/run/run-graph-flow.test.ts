// SPDX-License-Identifier: Apache-2.0
/** The run graph as React Flow nodes and its edges as one path, and what the run page keeps in memory between visits. */
import { describe, expect, it } from 'vitest';
import { graphOf } from '../../../../shared/kfp/testing/edit-helpers';
import { groupCounts, manyEdges, runEdgePath, runFlowNodes, runMinimap } from './run-graph-flow';
import { runGridLayout } from './run-graph-layout';
import { runGraphView, runShape, type RunGraphView } from './run-graph-model';
import { RecentMap } from './run-memory';
import { builtSpec } from './use-run-graph';

const large = runShape(graphOf('lab/large--v1'));
const noop = () => undefined;

describe('runFlowNodes', () => {
  it('puts every frame before what it holds, at its box, nothing draggable', () => {
    const v = runGraphView(large, [], new Set());
    const layout = runGridLayout(v);
    const nodes = runFlowNodes(v, layout, 'chain-group-2/step-2', noop);
    expect(nodes).toHaveLength(310);
    const at = new Map(nodes.map((n, i) => [n.id, i]));
    for (const n of nodes) if (n.parentId) expect(at.get(n.parentId)).toBeLessThan(at.get(n.id) ?? -1);
    const step = nodes.find((n) => n.id === 'chain-group-2/step-2');
    expect(step).toMatchObject({ type: 'runTask', parentId: 'chain-group-2', draggable: false, data: { chosen: true } });
    expect(step?.position).toEqual({ x: layout['chain-group-2/step-2']?.x, y: layout['chain-group-2/step-2']?.y });
    expect(nodes.find((n) => n.id === 'chain-group-2')).toMatchObject({ type: 'runFrame', selectable: false, zIndex: -1 });
  });

  it('a collapsed group is a task-like box; a box not laid out yet gets the default size', () => {
    const v = runGraphView(large, [], new Set(['chain-group-3']));
    const nodes = runFlowNodes(v, {}, undefined, noop);
    expect(nodes.find((n) => n.id === 'chain-group-3')).toMatchObject({ type: 'runTask', width: 210, height: 54 });
    expect(nodes.some((n) => n.parentId === 'chain-group-3')).toBe(false);
  });
});

describe('groupCounts', () => {
  it('counts the groups drawn collapsed and open (what expand-all and collapse-all offer)', () => {
    expect(groupCounts(runGraphView(large, [], new Set()))).toEqual({ any: true, collapsed: 0, open: 10 });
    expect(groupCounts(runGraphView(large, [], new Set(['chain-group-2'])))).toEqual({ any: true, collapsed: 1, open: 9 });
    expect(groupCounts({ items: [], edges: [] }).any).toBe(false);
  });
});

describe('runEdgePath', () => {
  it("draws each edge from its source box's right side to its target's left, in the flow's coordinates", () => {
    const v = runGraphView(large, [], new Set());
    const layout = runGridLayout(v);
    const d = runEdgePath(v, layout);
    expect(v.edges.length).toBeGreaterThan(manyEdges);
    const lines = d.split('M').filter(Boolean);
    expect(lines).toHaveLength(v.edges.length);
    expect(lines.every((l) => /^[\d.-]+ [\d.-]+L[\d.-]+ [\d.-]+$/.test(l))).toBe(true); // many: straight
    // the first edge: boxes inside their frame, moved by the frame's place
    const e = v.edges[0]!;
    const frame = layout[v.items.find((i) => i.id === e.from)?.parent ?? '']!;
    const from = layout[e.from]!;
    const to = layout[e.to]!;
    const r = (x: number) => Math.round(x * 10) / 10;
    expect(lines[0]).toBe(
      `${r(frame.x + from.x + from.width)} ${r(frame.y + from.y + from.height / 2)}L${r(frame.x + to.x)} ${r(frame.y + to.y + to.height / 2)}`,
    );
  });

  it("curves as React Flow's default edge when there are few, and leaves out an edge whose box is unknown", () => {
    const v: RunGraphView = {
      items: [
        { id: 'a', kind: 'task', groupKind: '', label: 'a', parent: null, collapsed: false, state: 'SUCCEEDED', counts: {}, instances: 1, message: '' },
        { id: 'b', kind: 'task', groupKind: '', label: 'b', parent: null, collapsed: false, state: 'SUCCEEDED', counts: {}, instances: 1, message: '' },
      ],
      edges: [
        { id: 'a->b', from: 'a', to: 'b' },
        { id: 'a->x', from: 'a', to: 'x' },
      ],
    };
    const d = runEdgePath(v, { a: { x: 0, y: 0, width: 100, height: 40 }, b: { x: 200, y: 100, width: 100, height: 40 } });
    // control points half the horizontal distance out, as getBezierPath with curvature 0.25
    expect(d).toBe('M100 20C150 20 150 120 200 120');
    // a target left of its source bends out by 0.25 * 25 * sqrt(distance)
    const back = runEdgePath(v, { a: { x: 200, y: 0, width: 100, height: 40 }, b: { x: 0, y: 0, width: 100, height: 40 } });
    expect(back).toBe('M300 20C408.3 20 -108.3 20 0 20'); // 6.25 × √300
  });
});

describe('runMinimap', () => {
  it("draws each box once, in a path of its state's colour, open groups as frames, inside the graph's bounds", () => {
    const v = runGraphView(large, [], new Set(['chain-group-3']));
    const layout = runGridLayout(v);
    const map = runMinimap(v, layout);
    const rects = (d: string) => d.split('M').filter(Boolean);
    const frames = v.items.filter((i) => i.kind === 'group' && !i.collapsed).length;
    expect(rects(map.frames)).toHaveLength(frames);
    expect(map.boxes.flatMap((b) => rects(b.d))).toHaveLength(v.items.length - frames);
    expect(new Set(map.boxes.map((b) => b.state)).size).toBe(map.boxes.length);
    // a box inside an open group sits where its frame puts it; the bounds hold every box
    const step = 'chain-group-2/step-2';
    const frame = layout['chain-group-2']!;
    const box = layout[step]!;
    const r = (x: number) => Math.round(x * 10) / 10;
    const stepState = v.items.find((i) => i.id === step)!.state;
    expect(map.boxes.find((b) => b.state === stepState)?.d).toContain(`M${r(frame.x + box.x)} ${r(frame.y + box.y)}h${box.width}v${box.height}h-${box.width}z`);
    for (const [x, y] of map.boxes.flatMap((b) => rects(b.d)).map((d) => d.split(/[ h]/).map(Number))) {
      expect(x).toBeGreaterThanOrEqual(map.bounds.x);
      expect(y).toBeGreaterThanOrEqual(map.bounds.y);
      expect(x! + 210).toBeLessThanOrEqual(map.bounds.x + map.bounds.width + 0.1);
    }
  });

  it('groups boxes by state, and has empty bounds for an empty view', () => {
    const item = (id: string, state: 'SUCCEEDED' | 'FAILED') =>
      ({ id, kind: 'task', groupKind: '', label: id, parent: null, collapsed: false, state, counts: {}, instances: 1, message: '' }) as const;
    const v: RunGraphView = { items: [item('a', 'SUCCEEDED'), item('b', 'FAILED'), item('c', 'SUCCEEDED')], edges: [] };
    const map = runMinimap(v, { a: { x: 0, y: 0, width: 10, height: 5 }, b: { x: 20, y: 0, width: 10, height: 5 }, c: { x: 0, y: 10, width: 10, height: 5 } });
    expect(map).toEqual({
      bounds: { x: 0, y: 0, width: 30, height: 15 },
      boxes: [
        { state: 'SUCCEEDED', d: 'M0 0h10v5h-10zM0 10h10v5h-10z' },
        { state: 'FAILED', d: 'M20 0h10v5h-10z' },
      ],
      frames: '',
    });
    expect(runMinimap({ items: [], edges: [] }, {}).bounds).toEqual({ x: 0, y: 0, width: 0, height: 0 });
  });
});

describe('run memory', () => {
  it('keeps the entries used last, up to its size', () => {
    const m = new RecentMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    expect(m.get('a')).toBe(1); // a is now the newest
    m.set('c', 3);
    expect(m.get('b')).toBeUndefined();
    expect([m.get('a'), m.get('c'), m.count]).toEqual([1, 3, 2]);
    expect(() => new RecentMap(0)).toThrow(RangeError);
  });

  it('builds a spec once per key, and says why a spec has no graph', () => {
    const spec = { notASpec: true };
    const first = builtSpec('run-x|', spec);
    expect(first.graph).toBeUndefined();
    expect(first.problem).toMatch(/cannot be read/);
    expect(builtSpec('run-x|', spec)).toBe(first);
    expect(builtSpec('run-y|', null).problem).toMatch(/no pipeline spec/);
  });
});
