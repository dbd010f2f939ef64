// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { RunParameterSpec } from '../../../../shared/kfp/run-parameters';
import { freshRunForm, requestOf, runChecks, runCodec, runPlacement } from './create-run-model';

const specs: RunParameterSpec[] = [
  { name: 'epochs', type: 'NUMBER_INTEGER', defaultValue: 5, optional: false, description: '' },
  { name: 'lr', type: 'NUMBER_DOUBLE', defaultValue: undefined, optional: false, description: '' },
  { name: 'tags', type: 'LIST', defaultValue: undefined, optional: true, description: '' },
];
const target = { pipelineId: 'p1', versionId: 'v1' };
const codec = runCodec(specs);

describe('the create-run form', () => {
  it('starts from the defaults, or from the run a clone copies', () => {
    const f = freshRunForm(target, specs, 'run', undefined, new Date('2026-12-06T14:00:00Z'));
    expect(f).toMatchObject({ displayName: 'Run of 2026-12-06 14:00', params: { epochs: '5', lr: '', tags: '' }, experimentId: '' });
    const c = freshRunForm(target, specs, 'run', { displayName: 'r1', description: 'd', experimentId: 'e1', parameters: { lr: 0.1 } });
    expect(c).toMatchObject({ displayName: 'Clone of r1', experimentId: 'e1', params: { epochs: '5', lr: '0.1' } });
  });

  it('checks each parameter by its type at its field', () => {
    const f = {
      ...freshRunForm(target, specs, 'recurring'),
      displayName: ' ',
      params: { epochs: 'x', lr: '', tags: '{}' },
      intervalSeconds: '0',
      maxConcurrency: '11',
    };
    expect(runChecks(specs, f)).toEqual([
      { field: 'displayName', message: 'Give the run a name.' },
      { field: 'param:epochs', message: 'epochs must be an integer; “x” is not.' },
      { field: 'param:lr', message: 'lr is required (a number).' },
      { field: 'param:tags', message: 'tags must be a JSON list.' },
      { field: 'trigger', message: 'The interval is a whole number of seconds.' },
      { field: 'maxConcurrency', message: 'Between 1 and 10 runs at a time.' },
    ]);
  });

  it('writes the KFP request body and reads it back (the YAML tab)', () => {
    const f = { ...freshRunForm(target, specs, 'run'), displayName: 'r', experimentId: 'e1', params: { epochs: '', lr: '0.5', tags: '["a"]' } };
    const body = codec.toManifest(f);
    expect(body).toEqual({
      display_name: 'r',
      description: '',
      experiment_id: 'e1',
      pipeline_version_reference: { pipeline_id: 'p1', pipeline_version_id: 'v1' },
      runtime_config: { parameters: { lr: 0.5, tags: ['a'] } },
    });
    expect(codec.toForm(codec.fromYaml(codec.toYaml(body)))).toEqual(f);
    expect(requestOf('c', body, true)).toEqual({
      run: {
        clusterId: 'c',
        displayName: 'r',
        description: '',
        pipelineId: 'p1',
        versionId: 'v1',
        experimentId: 'e1',
        parameters: { lr: 0.5, tags: ['a'] },
        dryRun: true,
      },
    });
  });

  it('writes a recurring run with its trigger, concurrency and catch-up', () => {
    const f = { ...freshRunForm(target, specs, 'recurring'), displayName: 'n', params: { epochs: '', lr: '1', tags: '' }, intervalSeconds: '5', catchup: true };
    const body = codec.toManifest(f);
    expect(body).toMatchObject({ trigger: { periodic_schedule: { interval_second: '5' } }, max_concurrency: '1', no_catchup: false, mode: 'ENABLE' });
    expect(codec.toForm(body)).toEqual(f);
    expect(requestOf('c', body, false)).toEqual({
      recurring: expect.objectContaining({ trigger: { kind: 'periodic', intervalSeconds: 5 }, maxConcurrency: 1, catchup: true, enabled: true, dryRun: false }),
    });
    const cron = codec.toManifest({ ...f, trigger: 'cron', cron: '0 0 2 * * *', enabled: false });
    expect(requestOf('c', cron, false)).toMatchObject({ recurring: { trigger: { kind: 'cron', cron: '0 0 2 * * *' }, enabled: false } });
  });

  it('places the server’s problems at their fields', () => {
    const f = freshRunForm(target, specs, 'run');
    expect(runPlacement.fieldOf(f, { field: 'parameters.lr', message: '' })).toBe('param:lr');
    expect(runPlacement.fieldOf(f, { field: 'experimentId', message: '' })).toBe('experimentId');
    expect(runPlacement.fieldOf(f, { field: 'versionId', message: '' })).toBeUndefined();
    expect(runPlacement.fieldOf(f, { message: '' })).toBeUndefined();
  });
});
