// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the experiment form: a job as the trial template, wiring parameters by picking fields, clone. */
import { describe, expect, it } from 'vitest';
import { checkExperimentSpec } from './experiment-checks';
import { cloneForm, formFromJob, formToManifest, manifestToForm, newExperimentForm, templateFields, wiredField, wireParameter } from './experiment-form';

const job = {
  apiVersion: 'kubeflow.org/v1',
  kind: 'PyTorchJob',
  metadata: { name: 'bert', namespace: 'team-a', uid: 'u1' },
  spec: {
    runPolicy: { suspend: false, cleanPodPolicy: 'None' },
    pytorchReplicaSpecs: {
      Master: {
        replicas: 1,
        template: { spec: { containers: [{ name: 'pytorch', image: 'img', command: ['torchrun', 'train.py'], args: ['--lr=0.001', '--batch-size', '32'] }] } },
      },
      Worker: {
        replicas: 2,
        template: { spec: { containers: [{ name: 'pytorch', image: 'img', command: ['torchrun', 'train.py'], args: ['--lr=0.001', '--batch-size', '32'] }] } },
      },
    },
  },
  status: { conditions: [] },
};

describe('the experiment form', () => {
  it('makes a trial template of a job: its kind and spec, not its name, status or suspension', () => {
    const f = formFromJob(job);
    expect(f.name).toBe('bert-tune');
    expect(f.namespace).toBe('team-a');
    const tt = f.spec.trialTemplate!;
    expect(tt.primaryContainerName).toBe('pytorch');
    expect(tt.trialSpec).toMatchObject({ apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob' });
    expect((tt.trialSpec!['spec'] as { runPolicy: object }).runPolicy).toEqual({ cleanPodPolicy: 'None' });
    expect(tt.trialSpec).not.toHaveProperty('metadata');
    expect(tt.trialSpec).not.toHaveProperty('status');
  });

  it('wires parameters to picked fields in every replica, and the result passes the checks', () => {
    let f = formFromJob(job);
    f.spec.parameters = [
      { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.0001', max: '0.1', distribution: 'logUniform' } },
      { name: 'batch_size', parameterType: 'categorical', feasibleSpace: { list: ['16', '32', '64'] } },
    ];
    expect(templateFields(f.spec).map((x) => x.id)).toEqual(['arg:0', 'arg:1', 'arg:2', 'append']);
    f = { ...f, spec: wireParameter(wireParameter(f.spec, 'lr', 'arg:0'), 'batch_size', 'arg:1') };
    const reps = (
      f.spec.trialTemplate!.trialSpec!['spec'] as { pytorchReplicaSpecs: Record<string, { template: { spec: { containers: { args: string[] }[] } } }> }
    ).pytorchReplicaSpecs;
    for (const r of Object.values(reps))
      expect(r.template.spec.containers[0]!.args).toEqual(['--lr=${trialParameters.lr}', '--batch-size', '${trialParameters.batchSize}']);
    expect(f.spec.trialTemplate!.trialParameters).toEqual([
      { name: 'lr', reference: 'lr' },
      { name: 'batchSize', reference: 'batch_size' },
    ]);
    expect(wiredField(f.spec, 'batch_size')).toBe('arg:2');
    expect(checkExperimentSpec(f.spec)).toEqual([]);
    // wiring elsewhere moves it: one field per parameter
    const moved = wireParameter(f.spec, 'lr', 'append');
    expect(wiredField(moved, 'lr')).toBe('arg:3');
    expect(JSON.stringify(moved).split('${trialParameters.lr}').length - 1).toBe(2);
  });

  it('round-trips through the manifest and clones without status', () => {
    const f = newExperimentForm('team-a');
    f.name = 'x';
    expect(manifestToForm(formToManifest(f))).toEqual(f);
    const c = cloneForm({ ...formToManifest(f), status: { trials: 3 } });
    expect(c.name).toBe('x-copy');
    expect(c.spec).toEqual(f.spec);
  });
});
