// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { addTask, connect, paletteFromIr, type PaletteComponent } from './graph-edit';
import { addBranch, setGroupSettings, wrapInCondition, wrapInExitHandler, wrapInLoop } from './graph-edit-groups';
import type { PipelineGraph } from './graph-types';
import { findGroup, findNode } from './graph-util';
import { branchKind, conditionText } from './graph-view';
import { exportIr } from './ir-export';
import { parseIrYaml, requireIr } from './ir-parse';
import { buildGraph } from './pipeline-graph';
import { fixture } from './testing/fixtures';
import { graphOf, codes, deps, refusal } from './testing/edit-helpers';

const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
/** The graph of the exported spec: what a reload sees. */
const reload = (g: PipelineGraph) => buildGraph(exportIr(g));

describe('wrapInCondition and addBranch', () => {
  it('writes If / Elif / Else conditions exactly as the compiler does', () => {
    const compiled = graphOf('lab/conditions--v1');
    // the same pipeline without its chain: flip-coin and three announce tasks in the root DAG
    let g: PipelineGraph = {
      ...compiled,
      groups: [],
      nodes: compiled.nodes.map((n) => ({ ...n, id: n.name, parent: null })),
      edges: compiled.edges
        .filter((e) => e.kind === 'data')
        .map((e) => ({ ...e, id: `${e.to.node.split('/').pop() ?? ''}:${e.to.port}`, to: { ...e.to, node: e.to.node.split('/').pop() ?? '' } })),
    };
    const coin = { kind: 'output', item: 'flip-coin', key: 'Output', io: 'parameter' } as const;
    const ifr = wrapInCondition(g, ['announce'], { left: coin, op: '==', right: 'heads' });
    const elif = addBranch(ifr.graph, ifr.id, { left: coin, op: '==', right: 'tails' });
    const chain = elif.id.split('/')[0] ?? '';
    expect(chain).toBe('condition-branches-2');
    g = elif.graph;
    g = { ...g, nodes: g.nodes.map((n) => (n.id === 'announce-2' ? { ...n, id: `${elif.id}/announce-2`, parent: elif.id } : n)) };
    g = { ...g, edges: g.edges.map((e) => (e.kind === 'data' && e.to.node === 'announce-2' ? { ...e, to: { ...e.to, node: `${elif.id}/announce-2` } } : e)) };
    const els = addBranch(g, `${chain}/condition-1`, 'else', 'otherwise');
    const texts = (x: PipelineGraph) => x.groups.filter((y) => y.kind === 'condition').map((y) => y.trigger?.condition);
    expect(texts(els.graph)).toEqual(texts(compiled));
    const branches = els.graph.groups.filter((y) => y.kind === 'condition');
    expect(branches.map((b) => [branchKind(els.graph, b), conditionText(els.graph, b)])).toEqual([
      ['if', "flip-coin.Output == 'heads'"],
      ['elif', "!(flip-coin.Output == 'heads') && flip-coin.Output == 'tails'"],
      ['else', "!(flip-coin.Output == 'heads') && !(flip-coin.Output == 'tails')"],
    ]);
    expect(findGroup(els.graph, els.id)?.label).toBe('otherwise');
    expect(deps(els.graph)).toEqual(['flip-coin->condition-branches-2']);
    expect(refusal(() => addBranch(els.graph, `${chain}/condition-1`, 'else')).message).toMatch(/already ends with an Else/);
    // the exported chain reloads to the same conditions, with the plumbing the compiler writes
    const back = reload(els.graph);
    expect(texts(back)).toEqual(texts(compiled));
    expect(exportIr(els.graph).spec.root.dag?.tasks[chain]?.inputs?.parameters).toEqual({
      'pipelinechannel--flip-coin-Output': { taskOutputParameter: { outputParameterKey: 'Output', producerTask: 'flip-coin' } },
    });
    expect(codes(els.graph)).toEqual([]);
  });

  it('moves tasks into the frame (new ids) and lifts the dependencies that cross it', () => {
    const g = graphOf('lab/training--v1');
    const r = wrapInCondition(g, ['evaluate'], { left: { kind: 'param', name: 'rows' }, op: '>', right: 10 }, 'enough rows');
    expect(r.id).toBe('condition-1');
    expect(findNode(r.graph, 'condition-1/evaluate')?.parent).toBe('condition-1');
    expect(deps(r.graph).sort()).toEqual(['prepare-data->train', 'train->condition-1']);
    expect(codes(r.graph)).toEqual([]);
    const spec = exportIr(r.graph).spec;
    expect(spec.root.dag?.tasks['condition-1']).toMatchObject({
      taskInfo: { name: 'enough rows' },
      dependentTasks: ['train'],
      triggerPolicy: { condition: "inputs.parameter_values['pipelinechannel--rows'] > 10" },
    });
    expect(spec.components?.['comp-condition-1']?.dag?.tasks.evaluate?.inputs?.artifacts?.model).toEqual({
      componentInputArtifact: 'pipelinechannel--train-model',
    });
    expect(byId(reload(r.graph).edges)).toEqual(byId(r.graph.edges));
  });

  it('refuses tasks of different DAGs and a condition on an artifact', () => {
    const g = graphOf('lab/exit-handler--v1');
    expect(
      refusal(() => wrapInCondition(g, ['cleanup', 'exit-handler-1/announce'], { left: { kind: 'param', name: 'message' }, op: '==', right: 'x' })).message,
    ).toMatch(/same DAG/);
    const t = graphOf('lab/training--v1');
    expect(
      refusal(() => wrapInCondition(t, ['evaluate'], { left: { kind: 'output', item: 'train', key: 'model', io: 'artifact' }, op: '==', right: 'x' })).message,
    ).toMatch(/not artifacts/);
  });
});

describe('wrapInLoop', () => {
  it('loops over a list parameter with parallelism; the item reaches the task; outputs are collected', () => {
    const base = graphOf('lab/sweep--v1');
    const palette = Object.fromEntries(paletteFromIr(requireIr(parseIrYaml(fixture('lab/sweep--v1')))).map((c) => [c.name, c]));
    const added = addTask(base, palette.score as PaletteComponent);
    const id = added.id;
    let g = added.graph;
    const loop = wrapInLoop(g, [id], { source: { kind: 'param', name: 'learning_rates' } }, 3);
    expect(loop.id).toBe('for-loop-2');
    g = connect(loop.graph, { kind: 'loop-item', group: loop.id }, { node: `${loop.id}/score-2`, port: 'learning_rate' });
    g = connect(g, { kind: 'output', item: `${loop.id}/score-2`, key: 'Output', io: 'parameter' }, { node: 'pick-best', port: 'scores' });
    expect(codes(g)).toEqual([]);
    const spec = exportIr(g).spec;
    expect(spec.root.dag?.tasks['for-loop-2']).toMatchObject({
      iteratorPolicy: { parallelismLimit: 3 },
      parameterIterator: { itemInput: 'pipelinechannel--learning_rates-loop-item', items: { inputParameter: 'pipelinechannel--learning_rates' } },
    });
    expect(spec.components?.['comp-for-loop-2']?.outputDefinitions?.parameters).toEqual({ 'pipelinechannel--score-2-Output': { parameterType: 'LIST' } });
    expect(spec.root.dag?.tasks['pick-best']?.inputs?.parameters?.scores).toEqual({
      taskOutputParameter: { producerTask: 'for-loop-2', outputParameterKey: 'pipelinechannel--score-2-Output' },
    });
    expect(deps(g)).toContain('for-loop-2->pick-best');
    // the reloaded graph has the same tasks and edges
    expect(byId(reload(g).edges)).toEqual(byId(g.edges));
  });

  it('loops over raw items, and refuses a loop over a non-list', () => {
    const g = graphOf('lab/training--v1');
    const r = wrapInLoop(g, ['evaluate'], { raw: [{ t: 0.5 }, { t: 0.9 }] });
    expect(findGroup(r.graph, r.id)?.iterator).toEqual({
      io: 'parameter',
      itemInput: 'pipelinechannel--loop-item-param-1',
      items: { raw: '[{"t":0.5},{"t":0.9}]' },
    });
    const field = connect(r.graph, { kind: 'loop-item', group: r.id }, { node: `${r.id}/evaluate`, port: 'threshold' }, 'parseJson(string_value)["t"]');
    expect(codes(field)).toEqual([]);
    expect(exportIr(field).spec.components?.['comp-for-loop-1']?.dag?.tasks.evaluate?.inputs?.parameters?.threshold).toEqual({
      componentInputParameter: 'pipelinechannel--loop-item-param-1',
      parameterExpressionSelector: 'parseJson(string_value)["t"]',
    });
    expect(refusal(() => wrapInLoop(g, ['evaluate'], { source: { kind: 'param', name: 'rows' } })).message).toMatch(/needs a list; this is NUMBER_INTEGER/);
    expect(refusal(() => wrapInLoop(g, ['evaluate'], { raw: [] }, 0)).message).toMatch(/Parallelism/);
  });
});

describe('wrapInExitHandler', () => {
  it('runs the exit task after the group with its final status, as the compiler writes it', () => {
    const compiled = graphOf('lab/exit-handler--v1');
    // the same tasks without the handler
    const flat: PipelineGraph = {
      ...compiled,
      groups: [],
      nodes: compiled.nodes.map((n) => ({ ...n, id: n.name, parent: null, ...(n.name === 'cleanup' ? { trigger: undefined } : {}) })),
      edges: compiled.edges
        .filter((e) => !(e.kind === 'data' && e.from.kind === 'final-status') && !(e.kind === 'dependency' && e.to === 'cleanup'))
        .map((e) =>
          e.kind === 'data'
            ? { ...e, id: `${e.to.node.split('/').pop() ?? ''}:${e.to.port}`, to: { ...e.to, node: e.to.node.split('/').pop() ?? '' } }
            : { ...e, id: `dep:prepare-data->announce`, from: 'prepare-data', to: 'announce' },
        ),
    };
    expect(codes(flat)).toEqual([]);
    const r = wrapInExitHandler(flat, ['prepare-data', 'announce'], 'cleanup');
    expect(r.id).toBe('exit-handler-1');
    expect(codes(r.graph)).toEqual([]);
    expect(exportIr(r.graph)).toStrictEqual(exportIr(compiled));
    expect(refusal(() => wrapInExitHandler(flat, ['prepare-data'], 'announce')).message).toMatch(/cannot depend on other tasks/);
    expect(refusal(() => wrapInExitHandler(flat, ['cleanup'], 'cleanup')).message).toMatch(/cannot be inside it/);
  });
});

describe('setGroupSettings', () => {
  it('renames a group and changes or lifts a loop’s parallelism', () => {
    let g = setGroupSettings(graphOf('lab/sweep--v1'), 'for-loop-1', { label: 'sweep', parallelism: 4 });
    expect(exportIr(g).spec.root.dag?.tasks['for-loop-1']).toMatchObject({ taskInfo: { name: 'sweep' }, iteratorPolicy: { parallelismLimit: 4 } });
    g = setGroupSettings(g, 'for-loop-1', { parallelism: null });
    expect(exportIr(g).spec.root.dag?.tasks['for-loop-1']?.iteratorPolicy).toBeUndefined();
    expect(refusal(() => setGroupSettings(g, 'for-loop-1', { parallelism: 0 })).message).toMatch(/at least 1/);
    expect(refusal(() => setGroupSettings(graphOf('lab/exit-handler--v1'), 'exit-handler-1', { parallelism: 2 })).message).toMatch(/not a loop/);
    expect(refusal(() => setGroupSettings(g, 'nope', { label: 'x' })).code).toBe('not-found');
  });
});
