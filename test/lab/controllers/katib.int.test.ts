// SPDX-License-Identifier: Apache-2.0
/** Katib through the status driver: an experiment gets trials, observations and a currentOptimalTrial. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, tempNamespace } from '../../harness/lab.ts';
import { coreApi, cond, customApi, getObject, isTrue, type CustomObject } from './test-helpers.ts';

interface ExperimentStatus {
  trials?: number;
  trialsSucceeded?: number;
  currentOptimalTrial?: {
    bestTrialName?: string;
    parameterAssignments?: { name: string; value: string }[];
    observation?: { metrics?: { name: string; min: string; max: string; latest: string }[] };
  };
}

const katib = { group: 'kubeflow.org', version: 'v1beta1' };

describe('Katib (driven)', () => {
  let ns: { name: string; remove(): Promise<void> };
  const api = customApi('lab-a');

  beforeAll(async () => {
    ns = await tempNamespace('katib');
  });
  afterAll(async () => {
    await ns?.remove();
  });

  it('creates trials with assignments and finds the optimal one', async () => {
    const body = {
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Experiment',
      metadata: { name: 'random-search' },
      spec: {
        objective: { type: 'maximize', goal: 0.999, objectiveMetricName: 'accuracy', additionalMetricNames: ['loss'] },
        algorithm: { algorithmName: 'random' },
        parallelTrialCount: 2,
        maxTrialCount: 4,
        maxFailedTrialCount: 2,
        parameters: [
          { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.001', max: '0.1' } },
          { name: 'optimizer', parameterType: 'categorical', feasibleSpace: { list: ['sgd', 'adam'] } },
        ],
        trialTemplate: {
          // keep the runs (Katib deletes a finished trial's run otherwise) to look at their pods
          retain: true,
          primaryContainerName: 'training-container',
          trialParameters: [
            { name: 'learningRate', reference: 'lr' },
            { name: 'optimizer', reference: 'optimizer' },
          ],
          trialSpec: {
            apiVersion: 'batch/v1',
            kind: 'Job',
            spec: {
              template: {
                spec: {
                  restartPolicy: 'Never',
                  containers: [
                    {
                      name: 'training-container',
                      image: 'docker.io/kubeflowkatib/mxnet-mnist:v0.19.0',
                      command: ['python3', 'mnist.py', '--lr=${trialParameters.learningRate}', '--optimizer=${trialParameters.optimizer}'],
                    },
                  ],
                },
              },
            },
          },
        },
      },
    };
    await api.createNamespacedCustomObject({ ...katib, plural: 'experiments', namespace: ns.name, body });
    const exp = await eventually(
      'experiment Succeeded',
      async () => {
        const e = await getObject(api, katib.group, katib.version, 'experiments', ns.name, 'random-search');
        return isTrue(e, 'Succeeded') ? e : undefined;
      },
      90_000,
    );
    const st = exp.status as ExperimentStatus;
    expect(cond(exp, 'Succeeded')?.reason).toBe('ExperimentMaxTrialsReached');
    expect(st.trials).toBe(4);
    expect(st.trialsSucceeded).toBe(4);
    const best = st.currentOptimalTrial;
    expect(best?.bestTrialName).toMatch(/^random-search-[a-z0-9]{8}$/);
    expect(best?.parameterAssignments?.map((a) => a.name).sort()).toEqual(['lr', 'optimizer']);
    expect(best?.observation?.metrics?.map((m) => m.name).sort()).toEqual(['accuracy', 'loss']);

    const trials = (await api.listNamespacedCustomObject({
      ...katib,
      plural: 'trials',
      namespace: ns.name,
      labelSelector: 'katib.kubeflow.org/experiment=random-search',
    })) as { items: CustomObject[] };
    expect(trials.items).toHaveLength(4);
    const accuracy = (t: CustomObject) =>
      Number((t.status as { observation?: { metrics: { name: string; max: string }[] } }).observation?.metrics.find((m) => m.name === 'accuracy')?.max);
    const top = [...trials.items].sort((a, b) => accuracy(b) - accuracy(a))[0];
    expect(top?.metadata.name).toBe(best?.bestTrialName);
    for (const t of trials.items) {
      expect(cond(t, 'Succeeded')?.reason).toBe('TrialSucceeded');
      const lr = Number((t.spec?.['parameterAssignments'] as { name: string; value: string }[]).find((a) => a.name === 'lr')?.value);
      expect(lr).toBeGreaterThanOrEqual(0.001);
      expect(lr).toBeLessThanOrEqual(0.1);
    }
    // the trial's run carries the rendered parameters and its pods the trial label
    const trialName = best?.bestTrialName ?? '';
    const pods = await coreApi().listNamespacedPod({ namespace: ns.name, labelSelector: `katib.kubeflow.org/trial=${trialName}` });
    expect(pods.items.length).toBeGreaterThan(0);
    expect(pods.items[0]?.spec?.containers[0]?.command?.join(' ')).toContain(`--lr=${best?.parameterAssignments?.find((a) => a.name === 'lr')?.value}`);
    const sug = await getObject(api, katib.group, katib.version, 'suggestions', ns.name, 'random-search');
    expect((sug.status as { suggestionCount?: number }).suggestionCount).toBe(4);
  });
});
