// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import {
  addDependency,
  addParam,
  addTask,
  checked,
  clearInput,
  connect,
  disconnect,
  paletteFromIr,
  removeItem,
  removeParam,
  setConstant,
  updateParam,
  type PaletteComponent,
} from './graph-edit';
import { findNode } from './graph-util';
import { exportIr } from './ir-export';
import { parseIrYaml, requireIr } from './ir-parse';
import { buildGraph } from './pipeline-graph';
import { buildDeployPipeline, buildEverythingPipeline } from './testing/example-builds';
import { fixture } from './testing/fixtures';
import { docOf, graphOf, codes, deps, refusal } from './testing/edit-helpers';

const palette = (name: string): Record<string, PaletteComponent> => Object.fromEntries(paletteFromIr(docOf(name)).map((c) => [c.name, c]));

describe('building a pipeline with the edit API', () => {
  it('makes the same spec the kfp SDK compiles for the same pipeline (download → train on a GPU → evaluate → If → deploy)', () => {
    const g = buildDeployPipeline();
    expect(codes(g)).toEqual([]);
    expect(deps(g)).toEqual(['load->fit', 'fit->judge', 'judge->condition-1']);
    const compiled = docOf('built');
    delete compiled.spec.sdkVersion;
    expect(exportIr(g)).toStrictEqual(compiled);
  });

  it('builds a pipeline with every group and setting, which reloads unchanged and has no problems', () => {
    const g = buildEverythingPipeline();
    expect(codes(g)).toEqual([]);
    expect(g.groups.map((x) => `${x.id} ${x.kind}`)).toEqual([
      'exit-handler-6/for-loop-1 loop',
      'exit-handler-6/condition-branches-3/condition-2 condition',
      'exit-handler-6/condition-branches-3 condition-branches',
      'exit-handler-6/condition-branches-3/condition-4 condition',
      'exit-handler-6/condition-branches-3/condition-5 condition',
      'exit-handler-6 exit-handler',
    ]);
    const doc = exportIr(g);
    const again = buildGraph(doc);
    expect(exportIr(again)).toStrictEqual(doc);
    expect(checked(again).problems).toEqual([]);
    expect(doc.platform?.platforms.kubernetes?.deploymentSpec?.executors?.['exec-fit']?.pvcMount).toEqual([
      { constant: 'datasets-pvc', mountPath: '/data', pvcNameParameter: { runtimeValue: { constant: 'datasets-pvc' } }, subPath: 'iris' },
    ]);
  });
});

describe('addTask', () => {
  it('names tasks, components and executors uniquely and reads the ports', () => {
    const p = palette('lab/training--v1');
    let { graph, id } = addTask(graphOf('lab/training--v1'), p.train as PaletteComponent);
    expect(id).toBe('train-2');
    const t = findNode(graph, id);
    expect(t).toMatchObject({ name: 'train-2', label: 'train-2', component: 'comp-train-2', kind: 'container', caching: { enableCache: true } });
    expect(graph.components['comp-train-2']?.executorLabel).toBe('exec-train-2');
    expect(graph.executors['exec-train-2']?.container?.image).toBe('pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime');
    expect(t?.inputs.filter((x) => !x.optional).map((x) => x.name)).toEqual(['epochs', 'learning_rate', 'dataset']);
    ({ graph, id } = addTask(graph, p.train as PaletteComponent, { name: 'Fine Tune' }));
    expect(id).toBe('fine-tune');
    expect(refusal(() => addTask(graph, p.train as PaletteComponent, { parent: 'nope' })).code).toBe('not-found');
  });

  it('adds into a group, where the task can use the loop item', () => {
    const p = palette('lab/sweep--v1');
    const { graph, id } = addTask(graphOf('lab/sweep--v1'), p.score as PaletteComponent, { parent: 'for-loop-1' });
    expect(id).toBe('for-loop-1/score-2');
    const g = connect(graph, { kind: 'loop-item', group: 'for-loop-1' }, { node: id, port: 'learning_rate' });
    expect(codes(g)).toEqual([]);
    const task = exportIr(g).spec.components?.['comp-for-loop-1']?.dag?.tasks['score-2'];
    expect(task?.inputs?.parameters?.learning_rate).toEqual({ componentInputParameter: 'pipelinechannel--learning_rates-loop-item' });
  });
});

describe('connect and disconnect', () => {
  it('replaces a constant, adds the implied dependency, and check reports a type mismatch at the port', () => {
    let g = graphOf('lab/training--v1');
    g = connect(g, { kind: 'output', item: 'train', key: 'Output', io: 'parameter' }, { node: 'evaluate', port: 'fail_at' });
    expect(codes(g)).toEqual(['type-mismatch evaluate.fail_at']);
    g = connect(g, { kind: 'output', item: 'prepare-data', key: 'dataset', io: 'artifact' }, { node: 'evaluate', port: 'model' });
    expect(codes(g)).toContain('type-mismatch evaluate.model');
    expect(deps(g)).toContain('prepare-data->evaluate');
    expect(refusal(() => connect(g, { kind: 'param', name: 'rows' }, { node: 'evaluate', port: 'nope' })).code).toBe('not-found');
    expect(refusal(() => connect(g, { kind: 'output', item: 'train', key: 'Output', io: 'parameter' }, { node: 'train', port: 'epochs' })).message).toMatch(
      /own output/,
    );
  });

  it('adds the plumbing into a group the way the compiler names it', () => {
    const g = connect(graphOf('lab/conditions--v1'), { kind: 'param', name: 'seed' }, { node: 'condition-branches-1/condition-2/announce', port: 'message' });
    expect(codes(g)).toEqual(['type-mismatch condition-branches-1/condition-2/announce.message']);
    const spec = exportIr(g).spec;
    expect(spec.components?.['comp-condition-2']?.dag?.tasks.announce?.inputs?.parameters?.message).toEqual({
      componentInputParameter: 'pipelinechannel--seed',
    });
    expect(spec.components?.['comp-condition-2']?.inputDefinitions?.parameters?.['pipelinechannel--seed']).toEqual({ parameterType: 'NUMBER_INTEGER' });
    expect(spec.root.dag?.tasks['condition-branches-1']?.inputs?.parameters?.['pipelinechannel--seed']).toEqual({ componentInputParameter: 'seed' });
  });

  it('takes away the dependency and plumbing only the edge needed; the input is open again', () => {
    const g = disconnect(graphOf('lab/training--v1'), 'train:dataset');
    expect(deps(g)).toEqual(['train->evaluate']);
    expect(codes(g)).toEqual(['required-input train.dataset']);
    const c = disconnect(graphOf('lab/exit-handler--v1'), 'exit-handler-1/announce:message');
    expect(c.groups[0]?.channels.map((x) => x.name)).toEqual(['pipelinechannel--fail_at']);
    expect(codes(c)).toEqual(['required-input exit-handler-1/announce.message']);
    expect(codes(setConstant(c, 'exit-handler-1/announce', 'message', 'hi'))).toEqual([]);
  });

  it('adds an explicit dependency only between items of one DAG', () => {
    const g = addDependency(graphOf('lab/conditions--v1'), 'condition-branches-1', 'flip-coin');
    expect(codes(g)).toContain('cycle flip-coin');
    expect(refusal(() => addDependency(g, 'flip-coin', 'condition-branches-1/condition-2')).message).toMatch(/its own DAG/);
  });

  it('clears an input to its default', () => {
    const g = clearInput(graphOf('lab/training--v1'), 'train', 'duration_seconds');
    expect(g.edges.some((e) => e.id === 'train:duration_seconds')).toBe(false);
    expect(codes(g)).toEqual([]);
  });
});

describe('removeItem', () => {
  it('removes a task, its edges and its unused component and executor', () => {
    const g = removeItem(graphOf('lab/training--v1'), 'train');
    expect(g.nodes.map((n) => n.id)).toEqual(['evaluate', 'prepare-data']);
    expect(deps(g)).toEqual([]);
    expect(codes(g)).toEqual(['required-input evaluate.model']);
    expect('comp-train' in g.components || 'exec-train' in g.executors).toBe(false);
    expect(requireIr(parseIrYaml(fixture('lab/training--v1'))).spec.components?.['comp-train']).toBeDefined();
  });

  it('removes a group with its contents; refuses what a condition or loop still reads', () => {
    const g = removeItem(graphOf('lab/conditions--v1'), 'condition-branches-1');
    expect(g.nodes.map((n) => n.id)).toEqual(['flip-coin']);
    expect(g.groups).toEqual([]);
    expect(Object.keys(exportIr(g).spec.components ?? {})).toEqual(['comp-flip-coin']);
    expect(refusal(() => removeItem(graphOf('lab/conditions--v1'), 'flip-coin')).message).toMatch(/condition of "condition-2" uses a value of "flip-coin"/);
    expect(refusal(() => removeItem(graphOf('loops'), 'load')).message).toMatch(/loop "for-loop-1" iterates/);
  });
});

describe('pipeline parameters', () => {
  it('adds, changes and removes parameters, checking names and defaults', () => {
    let g = addParam(graphOf('lab/training--v1'), { name: 'batch', type: 'NUMBER_INTEGER', defaultValue: 32 });
    expect(g.params.at(-1)).toEqual({ name: 'batch', type: 'NUMBER_INTEGER', defaultValue: 32, optional: true });
    expect(exportIr(g).spec.root.inputDefinitions?.parameters?.batch).toEqual({ parameterType: 'NUMBER_INTEGER', defaultValue: 32, isOptional: true });
    expect(refusal(() => addParam(g, { name: 'batch', type: 'STRING' })).code).toBe('conflict');
    expect(refusal(() => addParam(g, { name: '2x', type: 'STRING' })).message).toMatch(/not a valid parameter name/);
    expect(refusal(() => addParam(g, { name: 'x', type: 'NUMBER_INTEGER', defaultValue: 'a' })).message).toMatch(/not a NUMBER_INTEGER/);
    g = updateParam(g, 'batch', { defaultValue: 64 });
    expect(g.params.at(-1)?.defaultValue).toBe(64);
    g = removeParam(g, 'epochs');
    expect(codes(g)).toEqual(['required-input train.epochs']);
    expect(refusal(() => removeParam(graphOf('lab/sweep--v1'), 'learning_rates')).message).toMatch(/uses the parameter/);
  });
});
