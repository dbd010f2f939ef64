// SPDX-License-Identifier: Apache-2.0
/**
 * Pipelines built step by step with the edit API, as the canvas would, for the unit tests and for
 * the integration test that has the kfp SDK load their export: the example (download → train
 * with a GPU → evaluate → If accuracy > threshold → deploy), and one that uses every kind of group
 * and setting (ParallelFor with parallelism and a collected output, If / Elif / Else, an exit
 * handler, resources, env, retries, Secrets, a PVC, a node selector, tolerations).
 */
import { addBranch, wrapInCondition, wrapInExitHandler, wrapInLoop } from '../graph-edit-groups';
import { addParam, addTask, connect, emptyGraph, paletteFromIr, setConstant, type PaletteComponent } from '../graph-edit';
import { setTaskSettings } from '../graph-edit-settings';
import type { PipelineGraph, Source } from '../graph-types';
import { parseIrYaml, requireIr } from '../ir-parse';
import { fixture } from './fixtures';

function palette(name: string): (component: string) => PaletteComponent {
  const all = paletteFromIr(requireIr(parseIrYaml(fixture(name))));
  return (component) => {
    const c = all.find((x) => x.name === component);
    if (!c) throw new Error(`no component ${component} in ${name}`);
    return c;
  };
}

const out = (item: string, key: string, io: 'parameter' | 'artifact' = 'parameter'): Source => ({ kind: 'output', item, key, io });

/** The example, from the components of test/fixtures/kfp/built.yaml (the kfp SDK compiled the same pipeline there). */
export function buildDeployPipeline(): PipelineGraph {
  const p = palette('built');
  let g = emptyGraph('built', 'What shared/kfp/graph-edit.test.ts builds with the edit API: download, train on a GPU, evaluate, deploy if good enough.');
  g = addParam(g, { name: 'lr', type: 'NUMBER_DOUBLE', defaultValue: 0.01 });
  g = addParam(g, { name: 'epochs', type: 'NUMBER_INTEGER', defaultValue: 5 });
  g = addParam(g, { name: 'threshold', type: 'NUMBER_DOUBLE', defaultValue: 0.8 });
  g = addTask(g, p('load')).graph;
  g = setConstant(setConstant(g, 'load', 'source', 's3://datasets/iris.csv'), 'load', 'rows', 100);
  g = addTask(g, p('fit')).graph;
  g = connect(g, out('load', 'data', 'artifact'), { node: 'fit', port: 'data' });
  g = connect(g, { kind: 'param', name: 'lr' }, { node: 'fit', port: 'lr' });
  g = connect(g, { kind: 'param', name: 'epochs' }, { node: 'fit', port: 'epochs' });
  g = setTaskSettings(g, 'fit', { accelerator: { type: 'nvidia.com/gpu', count: 1 } });
  g = addTask(g, p('judge')).graph;
  g = connect(g, out('fit', 'model', 'artifact'), { node: 'judge', port: 'model' });
  g = addTask(g, p('say')).graph;
  g = setConstant(g, 'say', 'message', 'deploy');
  return wrapInCondition(g, ['say'], { left: out('judge', 'Output'), op: '>', right: { source: { kind: 'param', name: 'threshold' } } }).graph;
}

/** A pipeline with every kind of group and task setting the builder offers. */
export function buildEverythingPipeline(): PipelineGraph {
  const plat = palette('platform');
  const loops = palette('loops');
  let g = emptyGraph('everything', 'Every group and setting of the builder.');
  g = addParam(g, { name: 'source', type: 'STRING', defaultValue: 's3://datasets/iris.csv' });
  g = addParam(g, { name: 'weights', type: 'LIST', defaultValue: [0.5, 1, 2] });
  g = addParam(g, { name: 'threshold', type: 'NUMBER_DOUBLE', defaultValue: 0.8 });
  g = addParam(g, { name: 'note', type: 'STRING', defaultValue: '' });
  g = addTask(g, loops('load')).graph;
  g = connect(g, { kind: 'param', name: 'source' }, { node: 'load', port: 'source' });
  g = setConstant(g, 'load', 'rows', 10);
  g = addTask(g, plat('fit')).graph;
  g = connect(g, out('load', 'data', 'artifact'), { node: 'fit', port: 'data' });
  g = setConstant(setConstant(g, 'fit', 'lr', 0.1), 'fit', 'epochs', 2);
  g = setTaskSettings(g, 'fit', {
    label: 'train on a GPU',
    retries: 2,
    cpuRequest: '500m',
    memoryLimit: '8Gi',
    accelerator: { type: 'nvidia.com/gpu', count: 1 },
    env: [{ name: 'MODE', value: 'fast' }],
    secretVolumes: [{ secret: 's3-creds', mountPath: '/secrets/s3' }],
    secretEnv: [{ secret: 'wandb', keyToEnv: [{ secretKey: 'token', envVar: 'WANDB_API_KEY' }] }],
    pvcs: [{ claim: 'datasets-pvc', mountPath: '/data', subPath: 'iris' }],
    nodeSelector: { 'nvidia.com/gpu.product': 'A100' },
    tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
  });
  // a sweep over the weights, two at a time, summed after the loop
  g = addTask(g, loops('shard-score')).graph;
  g = setConstant(g, 'shard-score', 'shard', 'x');
  const loop = wrapInLoop(g, ['shard-score'], { source: { kind: 'param', name: 'weights' } }, 2);
  g = connect(loop.graph, { kind: 'loop-item', group: loop.id }, { node: `${loop.id}/shard-score`, port: 'weight' });
  g = addTask(g, loops('total')).graph;
  g = connect(g, out(`${loop.id}/shard-score`, 'Output'), { node: 'total', port: 'values' });
  // If / Elif / Else on the accuracy
  g = addTask(g, plat('say'), { name: 'deploy' }).graph;
  g = setConstant(g, 'deploy', 'message', 'deploy');
  const good = wrapInCondition(g, ['deploy'], { left: out('fit', 'Output'), op: '>', right: { source: { kind: 'param', name: 'threshold' } } }, 'good enough');
  const elif = addBranch(good.graph, good.id, { left: out('fit', 'Output'), op: '>', right: 0.5 });
  g = addTask(elif.graph, plat('say'), { parent: elif.id, name: 'retrain' }).graph;
  g = setConstant(g, `${elif.id}/retrain`, 'message', 'retrain');
  const chain = elif.id.slice(0, elif.id.lastIndexOf('/'));
  const els = addBranch(g, `${chain}/${good.id}`, 'else');
  g = addTask(els.graph, plat('say'), { parent: els.id, name: 'give-up' }).graph;
  g = setConstant(g, `${els.id}/give-up`, 'message', 'give up');
  // everything in an exit handler, with a final step that always runs
  g = addTask(g, plat('finally-step')).graph;
  g = connect(g, { kind: 'param', name: 'note' }, { node: 'finally-step', port: 'note' });
  return wrapInExitHandler(g, ['load', 'fit', loop.id, 'total', chain], 'finally-step', 'main').graph;
}
