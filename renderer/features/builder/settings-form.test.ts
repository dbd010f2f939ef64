// SPDX-License-Identifier: Apache-2.0
/** The settings panel's fields from a task and back as a patch of what changed, applied with setTaskSettings. */
import { describe, expect, it } from 'vitest';
import { setTaskSettings } from '../../../shared/kfp/graph-edit-settings';
import { buildDeployPipeline, buildEverythingPipeline } from '../../../shared/kfp/testing/example-builds';
import { settingsForm, settingsPatch } from './settings-form';

describe('settings form', () => {
  it('shows every setting of a task', () => {
    const g = buildEverythingPipeline();
    const fit = g.nodes.find((n) => n.name === 'fit')!;
    const f = settingsForm(fit);
    expect(f).toMatchObject({
      label: 'train on a GPU',
      retries: '2',
      cpuRequest: '500m',
      memoryLimit: '8Gi',
      acceleratorType: 'nvidia.com/gpu',
      acceleratorCount: '1',
      env: 'MODE=fast',
      secretVolumes: 's3-creds:/secrets/s3',
      secretEnv: 'wandb:token=WANDB_API_KEY',
      pvcs: 'datasets-pvc:/data:iris',
      nodeSelector: 'nvidia.com/gpu.product=A100',
      tolerations: 'nvidia.com/gpu:NoSchedule',
    });
  });

  it('patches only what changed, and round-trips its own lines', () => {
    const g = buildEverythingPipeline();
    const fit = g.nodes.find((n) => n.name === 'fit')!;
    const before = settingsForm(fit);
    expect(settingsPatch(before, before)).toEqual({});
    const after = { ...before, cpuLimit: '3', tolerations: 'gpu=yes:NoSchedule\nspot:NoExecute', pvcs: before.pvcs };
    const patch = settingsPatch(before, after);
    expect(patch).toEqual({
      cpuLimit: '3',
      tolerations: [
        { key: 'gpu', operator: 'Equal', value: 'yes', effect: 'NoSchedule' },
        { key: 'spot', operator: 'Exists', effect: 'NoExecute' },
      ],
    });
    const next = setTaskSettings(g, fit.id, patch).nodes.find((n) => n.id === fit.id)!;
    expect(settingsForm(next)).toEqual(after);
  });

  it('sets a GPU request and env on the example’s train step', () => {
    const g = buildDeployPipeline();
    const load = g.nodes.find((n) => n.id === 'load')!;
    const before = settingsForm(load);
    const patch = settingsPatch(before, { ...before, acceleratorType: 'nvidia.com/gpu', acceleratorCount: '2', env: 'A=1\nB=x=y', caching: !before.caching });
    const next = setTaskSettings(g, 'load', patch).nodes.find((n) => n.id === 'load')!;
    expect(settingsForm(next)).toMatchObject({ acceleratorType: 'nvidia.com/gpu', acceleratorCount: '2', env: 'A=1\nB=x=y', caching: !before.caching });
  });

  it('says which line does not parse', () => {
    const g = buildDeployPipeline();
    const before = settingsForm(g.nodes[0]!);
    expect(() => settingsPatch(before, { ...before, env: 'NOVALUE' })).toThrow('"NOVALUE" is not NAME=value');
    expect(() => settingsPatch(before, { ...before, pvcs: 'claim-only' })).toThrow('"claim-only" is not claim:/mount/path[:sub/path]');
    expect(() => settingsPatch(before, { ...before, retries: '1.5' })).toThrow('Retries must be a whole number');
  });
});
