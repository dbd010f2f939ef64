// SPDX-License-Identifier: Apache-2.0
/**
 * Katib through the status driver: an experiment gets trials, observations and a
 * currentOptimalTrial; hyperband's rungs and pbt's generations are upstream's.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, tempNamespace } from '../../harness/lab.ts';
import { python, pythonEnv } from '../peers/python-envs.ts';
import { podFilesDir } from './katib-observation.ts';
import { generationLabel, parentLabel } from './katib-pbt.ts';
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

  it('plays hyperband: each rung has eta× the budget and holds the best 1/eta of the rung before', async () => {
    await api.createNamespacedCustomObject({
      ...katib,
      plural: 'experiments',
      namespace: ns.name,
      body: jobExperiment('hyperband', 'hyperband', { resource_name: 'epochs', eta: '2', r_l: '4' }, 4),
    });
    const exp = await eventually('hyperband experiment Succeeded', () => succeeded('hyperband'), 340_000);
    expect(cond(exp, 'Succeeded')?.reason).toBe('ExperimentSuggestionEndReached');
    const sug = await getObject(api, katib.group, katib.version, 'suggestions', ns.name, 'hyperband');
    const status = sug.status as { suggestions: { name: string }[]; algorithmSettings: { name: string; value: string }[] };
    expect(Object.fromEntries(status.algorithmSettings.map((s) => [s.name, s.value]))).toMatchObject({ current_s: '-1', s_max: '2', eta: '2.0' });
    const trials = await trialsOf('hyperband');
    expect(trials).toHaveLength(14);
    // the Suggestion lists the trials in the order they were made: s=2 (4 at 1 epoch, 2 at 2, 1 at 4),
    // s=1 (3 at 2 asked while one ran, 2 at 4), s=0 (2 at 4 asked while two ran)
    const ordered = status.suggestions.map((s) => trials.find((t) => t.metadata.name === s.name) as CustomObject);
    const sizes = [4, 2, 1, 3, 2, 2];
    const batches = sizes.map((n, i) =>
      ordered.slice(
        sizes.slice(0, i).reduce((a, b) => a + b, 0),
        sizes.slice(0, i).reduce((a, b) => a + b, 0) + n,
      ),
    );
    expect(batches.map((b) => [...new Set(b.map((t) => assignment(t, 'epochs')))])).toEqual([['1'], ['2'], ['4'], ['2'], ['4'], ['4']]);
    const rest = (t: CustomObject) => JSON.stringify(assignments(t).filter((a) => a.name !== 'epochs'));
    const best = (b: CustomObject[], k: number) => [...b].sort((x, y) => accuracy(y) - accuracy(x)).slice(0, k);
    for (const [rung, before] of [
      [1, 0],
      [2, 1],
      [4, 3],
    ] as const) {
      const promoted = batches[rung] ?? [];
      expect(promoted.map(rest).sort()).toEqual(
        best(batches[before] ?? [], promoted.length)
          .map(rest)
          .sort(),
      );
    }
    for (const t of trials) expect(cond(t, 'Succeeded')?.reason).toBe('TrialSucceeded');
  }, 360_000); // six rounds of trials one after another: minutes when the machine is busy

  it('plays pbt: generation 1 descends from generation 0, the truncated trial takes the top trial’s values', async () => {
    const settings = { n_population: '5', truncation_threshold: '0.2', suggestion_trial_dir: '/var/log/katib/checkpoints/' };
    const body = jobExperiment('pbt', 'pbt', settings, 5, 10);
    ((body['spec'] as Record<string, unknown>)['parameters'] as unknown[]).splice(2, 1); // no resource parameter
    await api.createNamespacedCustomObject({ ...katib, plural: 'experiments', namespace: ns.name, body });
    const exp = await eventually('pbt experiment Succeeded', () => succeeded('pbt'), 220_000);
    expect(cond(exp, 'Succeeded')?.reason).toBe('ExperimentMaxTrialsReached');
    const trials = await trialsOf('pbt');
    expect(trials).toHaveLength(10);
    for (const t of trials) expect(t.metadata.name).toMatch(/^pbt-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const labels = (t: CustomObject) => (t.metadata as { labels?: Record<string, string> }).labels ?? {};
    const gen0 = trials.filter((t) => labels(t)[generationLabel] === '0');
    const gen1 = trials.filter((t) => labels(t)[generationLabel] === '1');
    expect([gen0.length, gen1.length]).toEqual([5, 5]);
    expect(gen0.every((t) => !(parentLabel in labels(t)))).toBe(true);
    // five distinct scores: below the 0.2 quantile is only the worst, at or above the 0.8 quantile only the best
    const ranked = [...gen0].sort((a, b) => accuracy(a) - accuracy(b));
    const [worst, top] = [ranked[0] as CustomObject, ranked[4] as CustomObject];
    expect(gen1.map((t) => labels(t)[parentLabel]).sort()).toEqual(gen0.map((t) => t.metadata.name).sort());
    const exploited = gen1.find((t) => labels(t)[parentLabel] === worst.metadata.name) as CustomObject;
    expect(assignments(exploited)).toEqual(assignments(top));
    for (const child of gen1.filter((t) => t !== exploited)) {
      const parent = gen0.find((t) => t.metadata.name === labels(child)[parentLabel]) as CustomObject;
      const lr = Number(assignment(parent, 'lr'));
      expect([0.8, 1.2].map((f) => String(Number(Math.max(0.01, Math.min(0.05, lr * f)).toPrecision(6))))).toContain(assignment(child, 'lr'));
      const list = ['sgd', 'adam', 'ftrl'];
      const i = list.indexOf(assignment(parent, 'optimizer') ?? '');
      expect([list[(i + 2) % 3], list[(i + 1) % 3]]).toContain(assignment(child, 'optimizer'));
    }
    const sug = await getObject(api, katib.group, katib.version, 'suggestions', ns.name, 'pbt');
    const listed = (sug.status as { suggestions: { name: string; labels: Record<string, string> }[] }).suggestions;
    expect(listed.find((s) => s.name === exploited.metadata.name)?.labels).toMatchObject({ [generationLabel]: '1', [parentLabel]: worst.metadata.name });
  }, 240_000);

  it('leaves File and TensorFlowEvent collectors their files, and every kind gets its observation', async () => {
    const kinds = {
      'mc-file': { collector: { kind: 'File' }, source: { fileSystemPath: { path: '/katib/metrics.json', kind: 'File', format: 'JSON' } } },
      'mc-tfevent': { collector: { kind: 'TensorFlowEvent' }, source: { fileSystemPath: { path: '/logs/train', kind: 'Directory' } } },
      'mc-push': { collector: { kind: 'Push' } },
    };
    for (const [name, spec] of Object.entries(kinds)) {
      const body = jobExperiment(name, 'random', {}, 1, 1);
      Object.assign(body['spec'] as object, { metricsCollectorSpec: spec });
      (body['spec'] as { trialTemplate: { retain?: boolean } }).trialTemplate.retain = true;
      await api.createNamespacedCustomObject({ ...katib, plural: 'experiments', namespace: ns.name, body });
    }
    for (const name of Object.keys(kinds)) await eventually(`${name} Succeeded`, () => succeeded(name), 90_000);
    const observed = async (name: string) => {
      const [t] = await trialsOf(name);
      const metrics = (t?.status as { observation?: { metrics: { name: string; latest: string; max: string }[] } }).observation?.metrics ?? [];
      const pods = await coreApi().listNamespacedPod({ namespace: ns.name, labelSelector: `katib.kubeflow.org/trial=${t?.metadata.name}` });
      return { metrics: Object.fromEntries(metrics.map((m) => [m.name, m])), pod: pods.items[0]?.metadata?.name ?? '' };
    };
    // File, JSON: one object per epoch, its last accuracy the observation's latest
    const file = await observed('mc-file');
    const lines = readFileSync(join(podFilesDir('lab-a', { metadata: { name: file.pod, namespace: ns.name } }), 'katib', 'metrics.json'), 'utf8')
      .trim()
      .split('\n');
    const reports = lines.map((l) => JSON.parse(l) as { epoch: number; accuracy: number; loss: number; timestamp: string });
    expect(reports.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(reports.at(-1)?.accuracy.toFixed(4)).toBe(file.metrics['accuracy']?.latest);
    expect(Math.max(...reports.map((r) => r.accuracy)).toFixed(4)).toBe(file.metrics['accuracy']?.max);
    // TensorFlowEvent: read as Katib's collector reads it (TensorBoard's EventAccumulator, TENSORS)
    const tf = await observed('mc-tfevent');
    const dir = join(podFilesDir('lab-a', { metadata: { name: tf.pod, namespace: ns.name } }), 'logs', 'train');
    expect(readdirSync(dir)).toEqual([expect.stringMatching(new RegExp(`^events\\.out\\.tfevents\\.\\d+\\.${tf.pod}$`))]);
    const read = [
      'import json, sys',
      'from tensorboard.backend.event_processing.event_accumulator import EventAccumulator, TENSORS',
      'from tensorboard.util import tensor_util',
      'ea = EventAccumulator(sys.argv[1], size_guidance={TENSORS: 0}); ea.Reload()',
      'print(json.dumps({t: [[e.step, float(tensor_util.make_ndarray(e.tensor_proto))] for e in ea.Tensors(t)] for t in ea.Tags()[TENSORS]}))',
    ].join('\n');
    const events = JSON.parse(execFileSync(python('tensorboard'), ['-c', read, dir], { env: { ...process.env, ...pythonEnv() }, encoding: 'utf8' })) as Record<
      string,
      [number, number][]
    >;
    expect(Object.keys(events).sort()).toEqual(['accuracy', 'loss']);
    expect(events['accuracy']?.map(([step]) => step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(events['accuracy']?.at(-1)?.[1].toFixed(4)).toBe(tf.metrics['accuracy']?.latest);
    // Push: nothing to read in the pod, the observation is there as the SDK would report it
    const push = await observed('mc-push');
    expect(Object.keys(push.metrics).sort()).toEqual(['accuracy', 'loss']);
  });

  async function succeeded(name: string): Promise<CustomObject | undefined> {
    const e = await getObject(api, katib.group, katib.version, 'experiments', ns.name, name);
    return isTrue(e, 'Succeeded') ? e : undefined;
  }

  async function trialsOf(name: string): Promise<CustomObject[]> {
    const res = (await api.listNamespacedCustomObject({
      ...katib,
      plural: 'trials',
      namespace: ns.name,
      labelSelector: `katib.kubeflow.org/experiment=${name}`,
    })) as {
      items: CustomObject[];
    };
    return res.items;
  }
});

const assignments = (t: CustomObject) => (t.spec?.['parameterAssignments'] as { name: string; value: string }[] | undefined) ?? [];
const assignment = (t: CustomObject, name: string) => assignments(t).find((a) => a.name === name)?.value;
const accuracy = (t: CustomObject) =>
  Number((t.status as { observation?: { metrics: { name: string; max: string }[] } }).observation?.metrics.find((m) => m.name === 'accuracy')?.max);

/** An experiment maximising accuracy over batch Job trials (KWOK ends Job pods at once), parameters lr, optimizer, epochs. */
function jobExperiment(name: string, algorithm: string, settings: Record<string, string>, parallel: number, max?: number): Record<string, unknown> {
  return {
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { name },
    spec: {
      objective: { type: 'maximize', objectiveMetricName: 'accuracy', additionalMetricNames: ['loss'] },
      algorithm: { algorithmName: algorithm, algorithmSettings: Object.entries(settings).map(([n, value]) => ({ name: n, value })) },
      parallelTrialCount: parallel,
      ...(max ? { maxTrialCount: max } : {}),
      maxFailedTrialCount: 1,
      parameters: [
        { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.01', max: '0.05', step: '0.01' } },
        { name: 'optimizer', parameterType: 'categorical', feasibleSpace: { list: ['sgd', 'adam', 'ftrl'] } },
        { name: 'epochs', parameterType: 'int', feasibleSpace: { min: '1', max: '1' } },
      ],
      trialTemplate: {
        primaryContainerName: 'training-container',
        trialParameters: [
          { name: 'learningRate', reference: 'lr' },
          { name: 'optimizer', reference: 'optimizer' },
          ...(name === 'pbt' ? [] : [{ name: 'epochs', reference: 'epochs' }]),
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
                    command: [
                      'python3',
                      'mnist.py',
                      '--lr=${trialParameters.learningRate}',
                      '--optimizer=${trialParameters.optimizer}',
                      ...(name === 'pbt' ? [] : ['--num-epochs=${trialParameters.epochs}']),
                    ],
                  },
                ],
              },
            },
          },
        },
      },
    },
  };
}
