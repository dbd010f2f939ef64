// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { DataEdge, PipelineGraph, Source } from './graph-types';
import { parseIrYaml, requireIr } from './ir-parse';
import { buildGraph } from './pipeline-graph';
import { checkGraph, compatible, problemsAt } from './pipeline-check';
import { fixture, irFixtures } from './testing/fixtures';

const graphOf = (name: string): PipelineGraph => buildGraph(requireIr(parseIrYaml(fixture(name))));
const rewire = (g: PipelineGraph, node: string, port: string, from: Source): PipelineGraph => ({
  ...g,
  edges: g.edges.map((e) => (e.kind === 'data' && e.to.node === node && e.to.port === port ? { ...e, from } : e)),
});
const brief = (g: PipelineGraph) => checkGraph(g).map((p) => `${p.code} ${p.node}${p.port ? `.${p.port}` : ''}`);

describe('checkGraph', () => {
  it('finds nothing wrong in what the kfp SDK compiled', () => {
    for (const f of irFixtures) expect(checkGraph(graphOf(f.name)), f.name).toEqual([]);
  });

  it('puts an artifact type mismatch at the input port', () => {
    const g = rewire(graphOf('lab/training--v1'), 'train', 'dataset', { kind: 'output', item: 'evaluate', key: 'report', io: 'artifact' });
    const problems = problemsAt(checkGraph(g), 'train', 'dataset');
    expect(problems.map((p) => p.code)).toContain('type-mismatch');
    expect(problems.find((p) => p.code === 'type-mismatch')?.message).toBe('evaluate.report is system.ClassificationMetrics; "dataset" takes system.Dataset');
  });

  it('lets system.Artifact take any artifact, as the SDK does', () => {
    expect(compatible({ io: 'artifact', schemaTitle: 'system.Model' }, { io: 'artifact', schemaTitle: 'system.Artifact' })).toBe(true);
    expect(compatible({ io: 'artifact', schemaTitle: 'system.Model' }, { io: 'artifact', schemaTitle: 'system.Dataset' })).toBe(false);
    expect(compatible({ io: 'artifact', schemaTitle: 'system.Model', isList: true }, { io: 'artifact', schemaTitle: 'system.Artifact' })).toBe(false);
    expect(compatible({ io: 'parameter', parameterType: 'NUMBER_INTEGER' }, { io: 'parameter', parameterType: 'NUMBER_DOUBLE' })).toBe(false);
    expect(compatible({ io: 'parameter' }, { io: 'parameter', parameterType: 'NUMBER_DOUBLE' })).toBe(true);
    expect(compatible({ io: 'parameter', parameterType: 'STRING' }, { io: 'artifact', schemaTitle: 'system.Artifact' })).toBe(false);
  });

  it('puts a parameter type mismatch and a parameter-into-artifact edge at their ports', () => {
    const g = rewire(graphOf('lab/training--v1'), 'train', 'learning_rate', { kind: 'param', name: 'rows' });
    expect(problemsAt(checkGraph(g), 'train', 'learning_rate').map((p) => p.message)).toEqual(['rows is NUMBER_INTEGER; "learning_rate" takes NUMBER_DOUBLE']);
  });

  it('types a value collected out of a ParallelFor as a list', () => {
    const g = graphOf('lab/sweep--v1');
    const port = g.nodes.find((n) => n.id === 'pick-best')?.inputs[0];
    if (port) port.parameterType = 'NUMBER_DOUBLE';
    expect(problemsAt(checkGraph(g), 'pick-best', 'scores').map((p) => p.message)).toEqual(['score.Output is LIST; "scores" takes NUMBER_DOUBLE']);
  });

  it('finds a cycle and puts it at the edges that close it', () => {
    const g = graphOf('lab/training--v1');
    g.edges.push({ kind: 'dependency', id: 'dep:evaluate->prepare-data', from: 'evaluate', to: 'prepare-data', explicit: true });
    expect(
      brief(g)
        .filter((p) => p.startsWith('cycle'))
        .sort(),
    ).toEqual(['cycle evaluate.model', 'cycle prepare-data', 'cycle train.dataset']);
  });

  it('finds a cycle through a group', () => {
    const g = graphOf('lab/sweep--v1');
    // the loop's item list taken from pick-best, which waits for the loop
    g.groups[0]?.channels.splice(0, 1, {
      name: 'pipelinechannel--learning_rates',
      io: 'parameter',
      spec: { parameterType: 'LIST' },
      source: { kind: 'param', name: 'learning_rates' },
    });
    g.edges.push({ kind: 'dependency', id: 'dep:pick-best->for-loop-1', from: 'pick-best', to: 'for-loop-1', explicit: true });
    expect(
      brief(g)
        .filter((p) => p.startsWith('cycle'))
        .sort(),
    ).toEqual(['cycle for-loop-1', 'cycle pick-best.scores']);
  });

  it('says which required input is left open', () => {
    const g = graphOf('lab/training--v1');
    g.edges = g.edges.filter((e) => !(e.kind === 'data' && e.to.node === 'train' && e.to.port === 'epochs'));
    g.edges = g.edges.filter((e) => !(e.kind === 'data' && e.to.node === 'train' && e.to.port === 'fail_at'));
    const problems = checkGraph(g);
    expect(problems.map((p) => `${p.code} ${p.node}.${p.port}`)).toEqual(['required-input train.epochs']);
    expect(problems[0]?.message).toBe('"epochs" needs a value: connect it or set one');
  });

  it('refuses a constant of the wrong type, and a port both set and connected', () => {
    const g = graphOf('lab/training--v1');
    const train = g.nodes.find((n) => n.id === 'train');
    if (train) train.constants = { epochs: { constant: 2.5 }, fail_at: { constant: '' } };
    expect(brief(g)).toEqual(['type-mismatch train.epochs', 'type-mismatch train.epochs', 'type-mismatch train.fail_at']);
  });

  it('refuses a loop item outside its loop and an output taken out of a condition', () => {
    const sweep = rewire(graphOf('lab/sweep--v1'), 'pick-best', 'scores', { kind: 'loop-item', group: 'for-loop-1' });
    expect(brief(sweep)).toEqual(['out-of-scope pick-best.scores']);
    const g = graphOf('lab/conditions--v1');
    const edge: DataEdge = {
      kind: 'data',
      id: 'flip-coin:seed',
      from: { kind: 'output', item: 'condition-branches-1/condition-2/announce', key: 'Output', io: 'parameter' },
      to: { node: 'flip-coin', port: 'seed' },
      io: 'parameter',
    };
    g.edges = [...g.edges.filter((e) => e.id !== 'flip-coin:seed'), edge];
    const problems = problemsAt(checkGraph(g), 'flip-coin', 'seed');
    expect(problems.map((p) => p.code)).toEqual(['out-of-scope', 'cycle']);
    expect(problems[0]?.message).toBe('announce.Output is inside the condition "condition-2": only tasks inside it can use it');
  });

  it('refuses edges from or to what does not exist', () => {
    const g = rewire(graphOf('lab/training--v1'), 'train', 'dataset', { kind: 'output', item: 'gone', key: 'x', io: 'artifact' });
    g.edges.push({ kind: 'data', id: 'train:nope', from: { kind: 'param', name: 'rows' }, to: { node: 'train', port: 'nope' }, io: 'parameter' });
    expect(brief(g)).toEqual(['unknown-source train.dataset', 'unknown-port train.nope']);
  });
});
