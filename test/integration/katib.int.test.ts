// SPDX-License-Identifier: Apache-2.0
/**
 * Katib through MLDeck's services against lab-a: an experiment created with a dry run first
 * (the form's checks refuse a grid double without a step), a grid that enumerates exactly the
 * grid, the best trial the lab's metric function names, the list and trial rows mapped exactly
 * from the synced objects, medianstop stopping exactly the trials its rule breaks, observation
 * logs parsed from kept trial logs, stop and resume, and the restricted user told why not.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { summarizeExperiment, summarizeTrial } from '../../shared/features/katib/experiment-summary';
import type { ExperimentObject, KatibParameter, TrialObject } from '../../shared/features/katib/katib-objects';
import { katibContract } from '../../shared/features/katib/katib.contract';
import { syncContract } from '../../shared/features/sync/sync.contract';
import { stopsAt, type EarlyStoppingRule } from '../lab/controllers/katib-algorithms.ts';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { expectedCurve, expectedFinal, experimentManifest } from './katib-fixtures';

const katib = { group: 'kubeflow.org', version: 'v1beta1' };

describe('Katib experiments', () => {
  let ns: { name: string; remove(): Promise<void> };
  let app: AppUnderTest;
  let labA = '';
  let restricted = '';
  const custom = () => kubeConfig('lab-a').makeApiClient(k8s.CustomObjectsApi);
  const getExp = async (name: string) =>
    (await custom().getNamespacedCustomObject({ ...katib, plural: 'experiments', namespace: ns.name, name })) as ExperimentObject;
  const trialsOf = async (name: string) =>
    (
      (await custom().listNamespacedCustomObject({
        ...katib,
        plural: 'trials',
        namespace: ns.name,
        labelSelector: `katib.kubeflow.org/experiment=${name}`,
      })) as {
        items: TrialObject[];
      }
    ).items;
  const ended = (name: string, timeoutMs: number) =>
    eventually(
      `${name} ended`,
      async () => {
        const e = await getExp(name);
        return e.status?.conditions?.some((c) => (c.type === 'Succeeded' || c.type === 'Failed') && c.status === 'True') ? e : undefined;
      },
      timeoutMs,
    );

  /** A slice's objects as the sync engine serves them to the list (subscribed until they are there). */
  const synced = async <T>(resource: string, want: (items: T[]) => boolean) =>
    eventually(`${resource} synced`, async () => {
      const snap = await app.api.call(syncContract.subscribe, { clusterId: labA, ...katib, resource, namespace: ns.name });
      await app.api.call(syncContract.unsubscribe, { subscriptionId: snap.subscriptionId });
      const items = snap.items as T[];
      return snap.status.freshness === 'live' && want(items) ? items : undefined;
    });

  beforeAll(async () => {
    ns = await tempNamespace('katib');
    app = await startApp(labInfo().kubeconfig);
    const list = await app.api.call(clustersContract.list, {});
    labA = list.clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
    restricted = list.clusters.find((c) => c.contextName === 'lab-a-restricted')?.id ?? '';
    expect(labA).not.toBe('');
  });
  afterAll(async () => {
    app?.close();
    await ns?.remove();
  });

  const gridParams: KatibParameter[] = [
    { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.01', max: '0.05', step: '0.02' } },
    { name: 'layers', parameterType: 'int', feasibleSpace: { min: '2', max: '3' } },
  ];

  it('creates a grid experiment after a dry run; it enumerates exactly the grid and names the best trial as the function does', async () => {
    const noStep = experimentManifest({
      name: 'grid',
      namespace: ns.name,
      algorithm: 'grid',
      parameters: [{ ...gridParams[0]!, feasibleSpace: { min: '0.01', max: '0.05' } }, gridParams[1]!],
      parallel: 3,
      max: 10,
      durationS: 3,
    });
    const refused = await app.api.call(katibContract.submit, { clusterId: labA, object: noStep, dryRun: true });
    expect(refused.problems).toContainEqual({
      field: 'spec.parameters[0].feasibleSpace.step',
      message: 'Required value: grid needs a step for a double parameter',
    });

    const body = experimentManifest({ name: 'grid', namespace: ns.name, algorithm: 'grid', parameters: gridParams, parallel: 3, max: 10, durationS: 3 });
    const dry = await app.api.call(katibContract.submit, { clusterId: labA, object: body, dryRun: true });
    expect(dry.problems).toBeUndefined();
    expect(dry.object?.metadata.name).toBe('grid');
    await expect(getExp('grid')).rejects.toThrow(); // a dry run stores nothing
    const made = await app.api.call(katibContract.submit, { clusterId: labA, object: body, dryRun: false });
    expect(made.object?.metadata.uid).toBeTruthy();

    const exp = await ended('grid', 180_000);
    expect(exp.status?.conditions?.find((c) => c.type === 'Succeeded')?.reason).toBe('ExperimentSuggestionEndReached');
    const trials = await trialsOf('grid');
    const combos = trials.map((t) => (t.spec?.parameterAssignments ?? []).map((a) => `${a.name}=${a.value}`).join(',')).sort();
    expect(combos).toEqual(['lr=0.01,layers=2', 'lr=0.01,layers=3', 'lr=0.03,layers=2', 'lr=0.03,layers=3', 'lr=0.05,layers=2', 'lr=0.05,layers=3']);

    // the best by the lab's documented function
    const expectedBest = [...trials].sort((a, b) => expectedFinal(gridParams, b, 'accuracy') - expectedFinal(gridParams, a, 'accuracy'))[0]!;
    expect(exp.status?.currentOptimalTrial?.bestTrialName).toBe(expectedBest.metadata.name);

    // the list row and the trial rows, mapped from the synced objects
    const exps = await synced<ExperimentObject>('experiments', (items) => items.some((o) => o.metadata.name === 'grid' && o.status?.completionTime));
    const synced0 = exps.find((o) => o.metadata.name === 'grid') as ExperimentObject;
    const row = summarizeExperiment(synced0, Date.now());
    expect(row).toMatchObject({
      namespace: ns.name,
      name: 'grid',
      phase: 'Succeeded',
      reason: 'ExperimentSuggestionEndReached',
      algorithm: 'grid',
      earlyStopping: undefined,
      objective: { type: 'maximize', metric: 'accuracy', goal: 0.999 },
      best: { trial: expectedBest.metadata.name, value: expectedFinal(gridParams, expectedBest, 'accuracy') },
      trials: { total: 6, running: 0, pending: 0, succeeded: 6, failed: 0, earlyStopped: 0, killed: 0 },
      maxTrials: 10,
      parallelTrials: 3,
    });
    expect(row.durationMs).toBe(Date.parse(synced0.status?.completionTime ?? '') - Date.parse(synced0.status?.startTime ?? ''));
    const syncedTrials = await synced<TrialObject>(
      'trials',
      (items) => items.filter((t) => t.metadata.labels?.['katib.kubeflow.org/experiment'] === 'grid').length === 6,
    );
    for (const t of syncedTrials) {
      if (t.metadata.labels?.['katib.kubeflow.org/experiment'] !== 'grid') continue;
      const r = summarizeTrial(t, synced0.spec?.objective, Date.now());
      expect(r.phase).toBe('Succeeded');
      expect(r.params).toEqual(Object.fromEntries(t.spec!.parameterAssignments!.map((a) => [a.name, a.value])));
      // objective by its strategy (max over the curve = the final value); loss by latest (its final value)
      expect(r.objective).toBe(expectedFinal(gridParams, t, 'accuracy'));
      expect(r.metrics['loss']).toBe(expectedFinal(gridParams, t, 'loss'));
    }
  }, 240_000);

  it('stops with medianstop exactly the trials whose rule their curve breaks, and keeps their observation logs', async () => {
    const params: KatibParameter[] = [
      { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.0001', max: '0.1', distribution: 'logUniform' } },
      { name: 'momentum', parameterType: 'double', feasibleSpace: { min: '0.1', max: '0.99' } },
    ];
    const body = experimentManifest({
      name: 'median',
      namespace: ns.name,
      algorithm: 'random',
      earlyStopping: { min_trials_required: '2', start_step: '3' },
      parameters: params,
      parallel: 1,
      max: 7,
      durationS: 5,
    });
    const made = await app.api.call(katibContract.submit, { clusterId: labA, object: body, dryRun: false });
    expect(made.problems).toBeUndefined();
    // keep the trial pods' logs while the experiment runs (the runs are deleted when trials end)
    let done = false;
    const keeping = (async () => {
      while (!done) {
        await app.api.call(katibContract.keepTrialLogs, { clusterId: labA, namespace: ns.name, name: 'median' }).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const exp = await ended('median', 240_000).finally(() => {
      done = true;
    });
    await keeping;
    const trials = await trialsOf('median');
    expect(trials).toHaveLength(7);
    const ruled = trials.filter((t) => t.spec?.earlyStoppingRules?.length);
    expect(ruled.length).toBeGreaterThan(0);
    let stopped = 0;
    for (const t of trials) {
      const rule = t.spec?.earlyStoppingRules?.[0] as EarlyStoppingRule | undefined;
      const at = rule ? stopsAt(rule, expectedCurve(params, t, 'accuracy')) : undefined;
      const phase = summarizeTrial(t, exp.spec?.objective, Date.now()).phase;
      expect({ trial: t.metadata.name, phase }).toEqual({ trial: t.metadata.name, phase: at === undefined ? 'Succeeded' : 'EarlyStopped' });
      if (at !== undefined) {
        stopped++;
        const latest = t.status?.observation?.metrics?.find((m) => m.name === 'accuracy')?.latest;
        expect(Number(latest)).toBe(expectedCurve(params, t, 'accuracy', at).at(-1));
      }
    }
    expect(exp.status?.trialsEarlyStopped ?? 0).toBe(stopped);

    // the observation log of a trial that ran to the end, from its kept logs after its pods are gone
    const full = trials.find((t) => t.status?.conditions?.some((c) => c.type === 'Succeeded' && c.status === 'True'))!;
    const obs = await eventually('the observation log', async () => {
      const o = await app.api.call(katibContract.observation, {
        clusterId: labA,
        namespace: ns.name,
        trial: full.metadata.name,
        metricNames: ['accuracy', 'loss'],
        container: 'pytorch',
      });
      const reports = o.observations.filter((x) => x.metric === 'accuracy').length;
      if (reports !== 10) throw new Error(`${reports} accuracy reports kept for ${full.metadata.name}, from ${JSON.stringify(o.sources)}`);
      return o;
    });
    expect(obs.sources.map((s) => s.pod)).toEqual([`${full.metadata.name}-master-0`]);
    expect(obs.observations.filter((x) => x.metric === 'accuracy').map((x) => x.value)).toEqual(expectedCurve(params, full, 'accuracy'));
    expect(obs.observations.filter((x) => x.metric === 'loss').map((x) => x.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  }, 300_000);

  it('stops and resumes an experiment through maxTrialCount, then deletes it', async () => {
    const body = experimentManifest({
      name: 'stoppable',
      namespace: ns.name,
      algorithm: 'random',
      parameters: [{ name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.01', max: '0.1' } }],
      parallel: 1,
      max: 6,
      durationS: 30,
    });
    await app.api.call(katibContract.submit, { clusterId: labA, object: body, dryRun: false });
    await eventually('a first trial', async () => ((await getExp('stoppable')).status?.trials ?? 0) >= 1 || undefined);
    const stopped = await app.api.call(katibContract.stop, { clusterId: labA, namespace: ns.name, name: 'stoppable' });
    expect((stopped.object.spec as { maxTrialCount: number }).maxTrialCount).toBe(1);
    expect(stopped.object.metadata.annotations?.['mldeck.dev/katib-stopped-max-trial-count']).toBe('6');
    const again = await app.api.call(katibContract.stop, { clusterId: labA, namespace: ns.name, name: 'stoppable' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).code).toBe('conflict');
    const resumed = await app.api.call(katibContract.resume, { clusterId: labA, namespace: ns.name, name: 'stoppable' });
    expect((resumed.object.spec as { maxTrialCount: number }).maxTrialCount).toBe(6);
    expect(resumed.object.metadata.annotations?.['mldeck.dev/katib-stopped-max-trial-count']).toBeUndefined();
    await app.api.call(katibContract.delete, { clusterId: labA, namespace: ns.name, name: 'stoppable' });
    await eventually('the experiment gone', async () => ((await getExp('stoppable').catch(() => undefined)) ? undefined : true));
  }, 120_000);

  it('restarts a finished LongRunning experiment with more trials, and refuses to restart a Never one', async () => {
    const make = (name: string, resumePolicy: 'Never' | 'LongRunning') =>
      experimentManifest({
        name,
        namespace: ns.name,
        algorithm: 'random',
        parameters: [{ name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.01', max: '0.1' } }],
        parallel: 1,
        max: 1,
        durationS: 2,
        resumePolicy,
      });
    for (const [name, policy] of [
      ['long', 'LongRunning'],
      ['never', 'Never'],
    ] as const)
      expect((await app.api.call(katibContract.submit, { clusterId: labA, object: make(name, policy), dryRun: false })).problems).toBeUndefined();
    await ended('long', 120_000);
    await ended('never', 120_000);
    const refused = await app.api.call(katibContract.resume, { clusterId: labA, namespace: ns.name, name: 'never' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((refused as AppError).code).toBe('validation');
    expect((refused as AppError).message).toContain('resumePolicy is Never');
    const resumed = await app.api.call(katibContract.resume, { clusterId: labA, namespace: ns.name, name: 'long' });
    expect((resumed.object.spec as { maxTrialCount: number }).maxTrialCount).toBe(2);
    const again = await eventually(
      'the restarted experiment ended with 2 trials',
      async () => {
        const e = await getExp('long');
        return e.status?.trials === 2 && e.status.conditions?.some((c) => c.type === 'Succeeded' && c.status === 'True') ? e : undefined;
      },
      120_000,
    );
    expect(again.status?.conditions?.find((c) => c.type === 'Succeeded')?.reason).toBe('ExperimentMaxTrialsReached');
  }, 300_000);

  it('tells the restricted user why she may not create experiments in team-b, and the cluster refuses her', async () => {
    const b = await app.api.call(katibContract.permissions, { clusterId: restricted, namespace: 'team-b' });
    expect(b.create).toEqual({ allowed: false, reason: expect.stringMatching(/^alice may not create experiments in team-b/) });
    expect(b.delete.allowed).toBe(false);
    const a = await app.api.call(katibContract.permissions, { clusterId: restricted, namespace: 'team-a' });
    expect(a.create).toEqual({ allowed: true, reason: '' });
    const body = experimentManifest({ name: 'alice-exp', namespace: 'team-b', algorithm: 'random', parameters: gridParams, parallel: 1, max: 3, durationS: 1 });
    const err = await app.api.call(katibContract.submit, { clusterId: restricted, object: body, dryRun: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('forbidden');
  });
});
