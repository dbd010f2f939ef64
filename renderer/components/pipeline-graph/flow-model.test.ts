// SPDX-License-Identifier: Apache-2.0
/**
 * The canvas view model on the example (download → train on a GPU → evaluate → If → deploy)
 * and on one with every group: tasks with typed port rows, problems at their port, frames as
 * parents before their tasks, data and dependency edges with their handles, and the layouts.
 */
import { describe, expect, it } from 'vitest';
import { clearInput } from '../../../shared/kfp/graph-edit';
import { checkGraph } from '../../../shared/kfp/pipeline-check';
import { buildDeployPipeline, buildEverythingPipeline } from '../../../shared/kfp/testing/example-builds';
import { elkGraph, gridLayout, layoutFromElk, layoutKey, paramsNodeId, taskSize, type ElkBox } from './canvas-layout';
import { flowEdges, flowNodes, handleSource, sourceHandle, type TaskData } from './flow-model';

describe('flow model', () => {
  const g = buildDeployPipeline();
  const layout = gridLayout(g);

  it('draws each task with its typed ports and the GPU it asks for', () => {
    const nodes = flowNodes(g, checkGraph(g), layout);
    const fit = nodes.find((n) => n.id === 'fit');
    expect(fit?.type).toBe('task');
    const data = fit!.data as TaskData;
    expect(data.ports.map((p) => `${p.handle} ${p.typeText}`)).toEqual(
      expect.arrayContaining(['in:data system.Dataset', 'in:lr NUMBER_DOUBLE', 'in:epochs NUMBER_INTEGER', 'out:model system.Model']),
    );
    expect(data.ports.find((p) => p.name === 'lr')?.connected).toBe(true);
    expect(data.gpu).toMatch(/^1 × nvidia.com\/gpu$/);
    expect(nodes.find((n) => n.id === paramsNodeId)?.data).toMatchObject({ rows: [{ name: 'lr' }, { name: 'epochs' }, { name: 'threshold' }] });
  });

  it('names each box for assistive technology by what its header shows', () => {
    const nodes = flowNodes(g, checkGraph(g), layout);
    const fit = nodes.find((n) => n.id === 'fit');
    expect(fit?.ariaLabel).toBe(`Task ${(fit!.data as TaskData).label}`);
    expect(nodes.find((n) => n.id === paramsNodeId)?.ariaLabel).toBe('Pipeline parameters');
    const frame = nodes.find((n) => n.type === 'frame');
    expect(frame?.ariaLabel).toMatch(/^If /);
  });

  it('puts a problem at its port', () => {
    const broken = clearInput(g, 'fit', 'data');
    const problems = checkGraph(broken);
    const data = flowNodes(broken, problems, gridLayout(broken)).find((n) => n.id === 'fit')!.data as TaskData;
    expect(data.ports.find((p) => p.name === 'data')?.problem).toBe('"data" needs a value: connect it or set one');
    expect(data.ports.find((p) => p.name === 'lr')?.problem).toBeUndefined();
  });

  it('nests tasks in their frames, parents first', () => {
    const e = buildEverythingPipeline();
    const nodes = flowNodes(e, checkGraph(e), gridLayout(e));
    const index = new Map(nodes.map((n, i) => [n.id, i]));
    for (const n of nodes) if (n.parentId) expect(index.get(n.parentId)).toBeLessThan(index.get(n.id)!);
    const frames = nodes.filter((n) => n.type === 'frame').map((n) => n.data.kind);
    expect(frames).toEqual(expect.arrayContaining(['Exit handler', 'ParallelFor', 'If', 'Elif', 'Else', 'Branches']));
    const loop = nodes.find((n) => n.type === 'frame' && n.data.kind === 'ParallelFor');
    expect(loop?.data).toMatchObject({ detail: 'over weights, 2 at a time' });
    const cond = nodes.find((n) => n.type === 'frame' && n.data.kind === 'If');
    expect(cond?.data.detail).toContain('threshold');
  });

  it('draws data edges between handles, and dependencies no data edge shows', () => {
    const edges = flowEdges(g, checkGraph(g));
    expect(edges.find((x) => x.target === 'fit' && x.targetHandle === 'in:data')).toMatchObject({ source: 'load', sourceHandle: 'out:data' });
    expect(edges.find((x) => x.targetHandle === 'in:lr')).toMatchObject({ source: paramsNodeId, sourceHandle: 'p:lr' });
    // judge → the condition group: a dependency (its condition reads judge's output)
    const deps = edges.filter((x) => x.data?.kind === 'dependency');
    expect(deps.map((x) => `${x.source}->${x.target}`)).toEqual([expect.stringMatching(/^judge->condition-\d+$/)]);
  });

  it('maps handles back to sources', () => {
    const e = buildEverythingPipeline();
    for (const edge of e.edges)
      if (edge.kind === 'data' && edge.from.kind !== 'final-status') {
        const h = sourceHandle(edge.from);
        expect(handleSource(e, h.node, h.handle)).toEqual(edge.from);
      }
    expect(handleSource(e, 'nowhere', 'out:x')).toBeUndefined();
  });
});

describe('canvas layout', () => {
  const e = buildEverythingPipeline();

  it('gives ELK every box in its frame and each edge in the innermost frame holding both ends', () => {
    const root = elkGraph(e);
    const all = new Map<string, ElkBox>();
    const parentOf = new Map<string, string>();
    const walk = (b: ElkBox) => {
      for (const c of b.children ?? []) {
        all.set(c.id, c);
        parentOf.set(c.id, b.id);
        walk(c);
      }
    };
    walk(root);
    for (const n of e.nodes) expect(parentOf.get(n.id)).toBe(n.parent ?? 'root');
    for (const gr of e.groups) expect(parentOf.get(gr.id)).toBe(gr.parent ?? 'root');
    expect(all.get(e.nodes[0]!.id)).toMatchObject(taskSize(e.nodes[0]!.inputs.length, e.nodes[0]!.outputs.length));
    const loop = e.groups.find((x) => x.kind === 'loop')!;
    const inner = e.nodes.find((n) => n.parent === loop.id)!;
    // the loop item edge runs inside the loop frame
    expect(all.get(loop.id)?.edges?.some((x) => x.sources[0] === loop.id || x.targets[0] === inner.id) ?? false).toBe(false);
    expect(root.edges!.length + [...all.values()].reduce((s, b) => s + (b.edges?.length ?? 0), 0)).toBeGreaterThan(0);
  });

  it('reads ELK positions back, relative to their frame', () => {
    const answer: ElkBox = {
      id: 'root',
      children: [{ id: 'a', x: 10, y: 20, width: 30, height: 40, children: [{ id: 'b', x: 1, y: 2, width: 3, height: 4 }] }],
    };
    expect(layoutFromElk(answer)).toEqual({ a: { x: 10, y: 20, width: 30, height: 40 }, b: { x: 1, y: 2, width: 3, height: 4 } });
  });

  it('lays frames out around their tasks until ELK answers', () => {
    const l = gridLayout(e);
    for (const n of e.nodes) {
      const b = l[n.id]!;
      if (n.parent) {
        const f = l[n.parent]!;
        expect(b.x + b.width).toBeLessThanOrEqual(f.width);
        expect(b.y + b.height).toBeLessThanOrEqual(f.height);
      }
    }
  });

  it('keeps the layout when only settings change', () => {
    const g = buildDeployPipeline();
    const renamed = { ...g, nodes: g.nodes.map((n) => (n.id === 'fit' ? { ...n, label: 'train' } : n)) };
    expect(layoutKey(renamed)).toBe(layoutKey(g));
    expect(layoutKey(clearInput(g, 'fit', 'data'))).not.toBe(layoutKey(g));
  });
});
