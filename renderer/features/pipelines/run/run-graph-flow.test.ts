// SPDX-License-Identifier: Apache-2.0
/** The run graph as React Flow nodes and edges, and what the run page keeps in memory between visits. */
import { describe, expect, it } from 'vitest';
import { graphOf } from '../../../../shared/kfp/testing/edit-helpers';
import { groupCounts, manyEdges, runFlowEdges, runFlowNodes } from './run-graph-flow';
import { runGridLayout } from './run-graph-layout';
import { runGraphView, runShape } from './run-graph-model';
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
    expect(nodes.find((n) => n.id === 'chain-group-3')).toMatchObject({ type: 'runTask', style: { width: 210, height: 54 } });
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

describe('runFlowEdges', () => {
  it('edges nobody selects or focuses, without hit areas; straight once there are many', () => {
    const open = runFlowEdges(runGraphView(large, [], new Set()));
    expect(open.length).toBeGreaterThan(manyEdges);
    expect(open.every((e) => e.type === 'straight' && e.selectable === false && e.focusable === false && e.interactionWidth === 0)).toBe(true);
    const sweep = runFlowEdges(runGraphView(runShape(graphOf('lab/sweep--v1')), [], new Set()));
    expect(sweep.length).toBeGreaterThan(0);
    expect(sweep.every((e) => e.type === 'default')).toBe(true);
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
