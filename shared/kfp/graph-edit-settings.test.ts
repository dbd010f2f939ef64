// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { addTask, checked, paletteFromIr, type PaletteComponent } from './graph-edit';
import { setTaskSettings } from './graph-edit-settings';
import type { PipelineGraph } from './graph-types';
import { findNode } from './graph-util';
import { resourceView } from './graph-view';
import { exportIr } from './ir-export';
import { parseIrYaml, requireIr } from './ir-parse';
import { buildGraph } from './pipeline-graph';
import { fixture } from './testing/fixtures';
import { graphOf, refusal } from './testing/edit-helpers';

const platformDoc = () => requireIr(parseIrYaml(fixture('platform')));

describe('setTaskSettings', () => {
  it('writes resources, accelerator, env, retries and kubernetes config exactly as the kfp SDK and kfp-kubernetes do', () => {
    const doc = platformDoc();
    const fit = paletteFromIr(doc).find((c) => c.name === 'fit') as PaletteComponent;
    // a fresh fit task from the palette (the palette's executor has the settings: start from none)
    const bare: PaletteComponent = { ...fit, executor: { container: { ...fit.executor?.container, image: fit.executor?.container?.image ?? '' } } };
    delete bare.executor?.container?.resources;
    delete bare.executor?.container?.env;
    const { graph, id } = addTask(graphOf('lab/training--v1'), bare, { name: 'fit' });
    const g = setTaskSettings(graph, id, {
      label: 'train-gpu',
      caching: true,
      retries: 3,
      cpuRequest: '1',
      cpuLimit: '2',
      memoryRequest: '2Gi',
      memoryLimit: '4Gi',
      accelerator: { type: 'nvidia.com/gpu', count: 2 },
      env: [
        { name: 'MODE', value: 'fast' },
        { name: 'SEED', value: '7' },
      ],
      secretVolumes: [{ secret: 's3-creds', mountPath: '/secrets/s3' }],
      secretEnv: [{ secret: 'wandb', keyToEnv: [{ secretKey: 'token', envVar: 'WANDB_API_KEY' }] }],
      pvcs: [{ claim: 'datasets-pvc', mountPath: '/data' }],
      nodeSelector: { 'nvidia.com/gpu.product': 'A100' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    });
    const node = findNode(g, id);
    expect(node?.label).toBe('train-gpu');
    expect(node?.retry).toEqual({ backoffDuration: '0s', backoffFactor: 2, backoffMaxDuration: '3600s', maxRetryCount: 3 });
    expect(resourceView(node?.settings ?? {})).toEqual({
      cpuRequest: '1',
      cpuLimit: '2',
      memoryRequest: '2Gi',
      memoryLimit: '4Gi',
      acceleratorType: 'nvidia.com/gpu',
      acceleratorCount: 2,
    });
    const out = exportIr(g);
    const label = out.spec.components?.['comp-fit']?.executorLabel ?? '';
    expect(out.spec.deploymentSpec?.executors?.[label]).toStrictEqual(doc.spec.deploymentSpec?.executors?.['exec-fit']);
    expect(out.platform?.platforms.kubernetes?.deploymentSpec?.executors?.[label]).toStrictEqual(
      doc.platform?.platforms.kubernetes?.deploymentSpec?.executors?.['exec-fit'],
    );
    expect(checked(g).problems.map((p) => p.code)).toEqual(['required-input', 'required-input', 'required-input']);
  });

  it('writes a toleration with seconds as kfp-kubernetes does, and clears settings', () => {
    const doc = platformDoc();
    const g = buildGraph(doc);
    const cleared = setTaskSettings(g, 'exit-handler-1/report', { tolerations: [] });
    expect(exportIr(cleared).platform?.platforms.kubernetes?.deploymentSpec?.executors?.['exec-report']).toBeUndefined();
    const again = setTaskSettings(cleared, 'exit-handler-1/report', {
      tolerations: [{ key: 'spot', operator: 'Equal', value: 'true', effect: 'NoExecute', seconds: 60 }],
    });
    expect(exportIr(again)).toStrictEqual(doc);
    const none = setTaskSettings(g, 'exit-handler-1/fit', {
      cpuRequest: null,
      cpuLimit: null,
      memoryRequest: null,
      memoryLimit: null,
      accelerator: null,
      env: [],
      retries: null,
      caching: false,
    });
    const fit = exportIr(none).spec;
    expect(fit.deploymentSpec?.executors?.['exec-fit']?.container?.resources).toBeUndefined();
    expect(fit.deploymentSpec?.executors?.['exec-fit']?.container?.env).toBeUndefined();
    expect(fit.components?.['comp-exit-handler-1']?.dag?.tasks.fit).toMatchObject({ cachingOptions: {} });
    expect(fit.components?.['comp-exit-handler-1']?.dag?.tasks.fit?.retryPolicy).toBeUndefined();
  });

  it('gives a task its own component and executor when its settings differ from another user of them', () => {
    const g = graphOf('lab/training--v1');
    const train = findNode(g, 'train');
    if (!train) throw new Error('no train');
    // a second task on the same component, as a pipeline that calls one component twice compiles
    const twin = { ...train, id: 'train-b', name: 'train-b', label: 'train-b' };
    const shared: PipelineGraph = { ...g, nodes: [...g.nodes, twin] };
    const edited = setTaskSettings(shared, 'train-b', { env: [{ name: 'SEED', value: '1' }] });
    const spec = exportIr(edited).spec;
    expect(spec.root.dag?.tasks.train?.componentRef.name).toBe('comp-train');
    expect(spec.root.dag?.tasks['train-b']?.componentRef.name).toBe('comp-train-2');
    expect(spec.components?.['comp-train-2']?.executorLabel).toBe('exec-train-2');
    expect(spec.deploymentSpec?.executors?.['exec-train-2']?.container?.env).toEqual([{ name: 'SEED', value: '1' }]);
    expect(spec.deploymentSpec?.executors?.['exec-train']?.container?.env).toBeUndefined();
    // alone on its component, a task's settings go to its executor in place
    const alone = exportIr(setTaskSettings(g, 'train', { image: 'my/trainer:2' })).spec;
    expect(alone.deploymentSpec?.executors?.['exec-train']?.container?.image).toBe('my/trainer:2');
    expect(Object.keys(alone.components ?? {}).sort()).toEqual(['comp-evaluate', 'comp-prepare-data', 'comp-train']);
  });

  it('refuses what is not a quantity, a count or a variable name', () => {
    const g = graphOf('lab/training--v1');
    expect(refusal(() => setTaskSettings(g, 'train', { cpuLimit: 'lots' })).message).toMatch(/not a Kubernetes quantity/);
    expect(refusal(() => setTaskSettings(g, 'train', { accelerator: { type: 'nvidia.com/gpu', count: 0 } })).message).toMatch(/at least 1/);
    expect(refusal(() => setTaskSettings(g, 'train', { env: [{ name: '1X', value: '' }] })).message).toMatch(/not a valid environment variable name/);
    expect(
      refusal(() =>
        setTaskSettings(g, 'train', {
          env: [
            { name: 'A', value: '' },
            { name: 'A', value: '' },
          ],
        }),
      ).message,
    ).toMatch(/set twice/);
    expect(refusal(() => setTaskSettings(g, 'nope', { label: 'x' })).code).toBe('not-found');
  });
});
