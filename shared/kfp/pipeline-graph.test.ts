// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { DataEdge, PipelineGraph } from './graph-types';
import { findGroup, findNode } from './graph-util';
import { branchKind, conditionText, kubernetesView, loopItemsText, resourceView, subPipelineGraph } from './graph-view';
import { parseIrYaml, requireIr } from './ir-parse';
import { buildGraph } from './pipeline-graph';
import { fixture } from './testing/fixtures';

const graphOf = (name: string): PipelineGraph => buildGraph(requireIr(parseIrYaml(fixture(name))));
const dataInto = (g: PipelineGraph, node: string, port: string): DataEdge | undefined =>
  g.edges.find((e): e is DataEdge => e.kind === 'data' && e.to.node === node && e.to.port === port);
const deps = (g: PipelineGraph) => g.edges.flatMap((e) => (e.kind === 'dependency' ? [`${e.from}->${e.to}${e.explicit ? ' (after)' : ''}`] : []));

describe('buildGraph', () => {
  it('training: tasks with typed ports, edges from parameters and outputs, settings from the executor', () => {
    const g = graphOf('lab/training--v1');
    expect(g.nodes.map((n) => n.id).sort()).toEqual(['evaluate', 'prepare-data', 'train']);
    expect(g.groups).toEqual([]);
    expect(g.params.find((p) => p.name === 'epochs')).toEqual({ name: 'epochs', type: 'NUMBER_INTEGER', defaultValue: 5, optional: true });
    const train = findNode(g, 'train');
    expect(train?.inputs.map((p) => `${p.name}:${p.parameterType ?? p.schemaTitle}${p.optional ? '?' : ''}`)).toEqual([
      'duration_seconds:NUMBER_INTEGER?',
      'epochs:NUMBER_INTEGER',
      'fail_at:STRING?',
      'learning_rate:NUMBER_DOUBLE',
      'dataset:system.Dataset',
    ]);
    expect(train?.outputs.map((p) => `${p.name}:${p.parameterType ?? p.schemaTitle}`)).toEqual([
      'Output:NUMBER_DOUBLE',
      'metrics:system.Metrics',
      'model:system.Model',
    ]);
    expect(dataInto(g, 'train', 'dataset')?.from).toEqual({ kind: 'output', item: 'prepare-data', key: 'dataset', io: 'artifact' });
    expect(dataInto(g, 'train', 'duration_seconds')?.from).toEqual({ kind: 'param', name: 'train_seconds' });
    expect(deps(g).sort()).toEqual(['prepare-data->train', 'train->evaluate']);
    expect(train?.settings.image).toBe('pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime');
    expect(resourceView(train?.settings ?? {})).toEqual({ cpuLimit: '4', memoryLimit: '16G', acceleratorType: 'nvidia.com/gpu', acceleratorCount: 1 });
    expect(train?.retry?.maxRetryCount).toBe(1);
    expect(train?.caching).toEqual({});
    expect(findNode(g, 'prepare-data')?.kind).toBe('container');
  });

  it('conditions: If / Elif / Else branches as nested groups with their condition in the user’s names', () => {
    const g = graphOf('lab/conditions--v1');
    const branches = findGroup(g, 'condition-branches-1');
    expect(branches?.kind).toBe('condition-branches');
    const conds = g.groups.filter((x) => x.parent === 'condition-branches-1');
    expect(conds.map((c) => [c.id, branchKind(g, c), conditionText(g, c)])).toEqual([
      ['condition-branches-1/condition-2', 'if', "flip-coin.Output == 'heads'"],
      ['condition-branches-1/condition-3', 'elif', "!(flip-coin.Output == 'heads') && flip-coin.Output == 'tails'"],
      ['condition-branches-1/condition-4', 'else', "!(flip-coin.Output == 'heads') && !(flip-coin.Output == 'tails')"],
    ]);
    expect(findNode(g, 'condition-branches-1/condition-3/announce-2')?.constants.message).toEqual({ constant: 'it was tails' });
    expect(deps(g)).toEqual(['flip-coin->condition-branches-1']);
  });

  it('branches: a named If, an If nested in it and a lone If; an artifact reaching into two groups', () => {
    const g = graphOf('branches');
    const good = findGroup(g, 'condition-branches-1/condition-3');
    expect(good?.label).toBe('good-enough');
    expect(conditionText(g, good as never)).toBe('fit.Output > threshold');
    const inner = findGroup(g, 'condition-branches-1/condition-3/condition-2');
    expect(inner && [branchKind(g, inner), conditionText(g, inner)]).toEqual(['if', "mode == 'full'"]);
    expect(dataInto(g, 'condition-branches-1/condition-3/condition-2/report', 'model')?.from).toEqual({
      kind: 'output',
      item: 'fit',
      key: 'model',
      io: 'artifact',
    });
    expect(deps(g)).toContain('condition-branches-1/condition-3/say->condition-branches-1/condition-3/condition-2 (after)');
    expect(findNode(g, 'condition-branches-1/condition-3/say')?.label).toBe('deploy');
    expect(findNode(g, 'condition-6/shell')?.settings.image).toBe('alpine:3.20');
  });

  it('sweep: a ParallelFor over a list parameter with parallelism, its outputs collected', () => {
    const g = graphOf('lab/sweep--v1');
    const loop = findGroup(g, 'for-loop-1');
    expect(loop?.kind).toBe('loop');
    expect(loop?.iterator?.parallelism).toBe(2);
    expect(loopItemsText(g, loop as never)).toBe('learning_rates');
    expect(dataInto(g, 'for-loop-1/score', 'learning_rate')?.from).toEqual({ kind: 'loop-item', group: 'for-loop-1' });
    expect(dataInto(g, 'pick-best', 'scores')?.from).toEqual({ kind: 'output', item: 'for-loop-1/score', key: 'Output', io: 'parameter' });
    expect(g.params[0]).toEqual({ name: 'learning_rates', type: 'LIST', defaultValue: [0.001, 0.01, 0.1, 0.3], optional: true });
  });

  it('loops: nested loops, a loop over a task output, raw items with a field selector', () => {
    const g = graphOf('loops');
    expect(loopItemsText(g, findGroup(g, 'for-loop-1') as never)).toBe('load.Output');
    expect(dataInto(g, 'for-loop-1/for-loop-2/shard-score', 'shard')?.from).toEqual({ kind: 'loop-item', group: 'for-loop-1' });
    expect(dataInto(g, 'for-loop-1/for-loop-2/shard-score', 'weight')?.from).toEqual({ kind: 'loop-item', group: 'for-loop-1/for-loop-2' });
    const raw = findGroup(g, 'for-loop-4');
    expect(raw?.iterator?.items).toEqual({ raw: '[{"shard": "a", "w": 1.5}, {"shard": "b", "w": 2.5}]' });
    expect(dataInto(g, 'for-loop-4/say-2', 'message')).toMatchObject({
      from: { kind: 'loop-item', group: 'for-loop-4' },
      selector: 'parseJson(string_value)["w"]',
    });
    expect(findNode(g, 'total')?.constants.strict).toEqual({ constant: true });
  });

  it('exit handler: the group, the exit task’s final-status edge and its trigger strategy', () => {
    const g = graphOf('lab/exit-handler--v1');
    expect(findGroup(g, 'exit-handler-1')?.kind).toBe('exit-handler');
    expect(dataInto(g, 'cleanup', 'status')?.from).toEqual({ kind: 'final-status', item: 'exit-handler-1' });
    expect(findNode(g, 'cleanup')?.trigger).toEqual({ strategy: 'ALL_UPSTREAM_TASKS_COMPLETED' });
    expect(findNode(g, 'cleanup')?.inputs[0]).toMatchObject({ name: 'status', parameterType: 'TASK_FINAL_STATUS' });
    expect(deps(g)).toContain('exit-handler-1/prepare-data->exit-handler-1/announce (after)');
  });

  it('platform: kubernetes settings, requests and limits, env, importer and sub-pipeline tasks', () => {
    const g = graphOf('platform');
    expect(findGroup(g, 'exit-handler-1')?.label).toBe('main');
    const fit = findNode(g, 'exit-handler-1/fit');
    expect(fit?.label).toBe('train-gpu');
    expect(resourceView(fit?.settings ?? {})).toEqual({
      cpuRequest: '1',
      cpuLimit: '2',
      memoryRequest: '2Gi',
      memoryLimit: '4Gi',
      acceleratorType: 'nvidia.com/gpu',
      acceleratorCount: 2,
    });
    expect(fit?.settings.env).toEqual([
      { name: 'MODE', value: 'fast' },
      { name: 'SEED', value: '7' },
    ]);
    expect(fit?.retry).toEqual({ backoffDuration: '30s', backoffFactor: 1.5, backoffMaxDuration: '600s', maxRetryCount: 3 });
    expect(kubernetesView(fit?.settings ?? {})).toEqual({
      secretVolumes: [{ secret: 's3-creds', mountPath: '/secrets/s3', optional: false }],
      secretEnv: [{ secret: 'wandb', key: 'token', env: 'WANDB_API_KEY' }],
      pvcs: [{ claim: 'datasets-pvc', mountPath: '/data' }],
      nodeSelector: { 'nvidia.com/gpu.product': 'A100' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    });
    expect(kubernetesView(findNode(g, 'exit-handler-1/report')?.settings ?? {}).tolerations).toEqual([
      { key: 'spot', operator: 'Equal', value: 'true', effect: 'NoExecute', seconds: 60 },
    ]);
    expect(findNode(g, 'exit-handler-1/importer')?.kind).toBe('importer');
    const inner = findNode(g, 'exit-handler-1/inner-stats');
    expect(inner?.kind).toBe('pipeline');
    expect(inner?.outputs.map((p) => p.name)).toEqual(['Output']);
    expect(deps(g)).toContain('exit-handler-1/inner-stats->exit-handler-1/say (after)');
  });

  it('large: 10 sub-pipelines stay 10 tasks with their display names', () => {
    const g = graphOf('lab/large--v1');
    expect(g.nodes).toHaveLength(10);
    expect(g.nodes.every((n) => n.kind === 'pipeline')).toBe(true);
    expect(g.nodes.map((n) => n.label).sort()[0]).toBe('group-0');
    const inner = subPipelineGraph(g, 'chain-group');
    expect(inner.info.name).toBe('group-0');
    expect(inner.nodes).toHaveLength(30);
    expect(inner.params.map((p) => p.name)).toEqual(['fail_at']);
    expect(inner.edges.filter((e) => e.kind === 'dependency')).toHaveLength(20);
    expect(() => subPipelineGraph(g, 'nope')).toThrow(/not a sub-pipeline task/);
  });
});
