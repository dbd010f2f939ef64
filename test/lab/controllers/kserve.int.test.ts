// SPDX-License-Identifier: Apache-2.0
/**
 * KServe through the status driver: an InferenceService becomes Ready with a URL, a canary
 * at 20 % splits traffic, promotion moves the rolled-out revision, rollback sends 100 % back
 * to the previous revision, and a model that is not in the lab S3 fails with a reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, tempNamespace } from '../../harness/lab.ts';
import { cond, customApi, getObject, isTrue, mergePatch, type CustomObject } from './test-helpers.ts';

interface Traffic {
  revisionName?: string;
  percent?: number;
  latestRevision?: boolean;
  tag?: string;
}

interface Predictor {
  latestCreatedRevision?: string;
  latestReadyRevision?: string;
  latestRolledoutRevision?: string;
  previousRolledoutRevision?: string;
  traffic?: Traffic[];
}

const isvcRes = { group: 'serving.kserve.io', version: 'v1beta1', plural: 'inferenceservices' };
const predictorOf = (o: CustomObject): Predictor => ((o.status?.['components'] as { predictor?: Predictor } | undefined)?.predictor ?? {}) as Predictor;

describe('KServe InferenceService (driven)', () => {
  let ns: { name: string; remove(): Promise<void> };
  const api = customApi('lab-a');
  const read = (name: string) => getObject(api, isvcRes.group, isvcRes.version, isvcRes.plural, ns.name, name);

  beforeAll(async () => {
    ns = await tempNamespace('kserve');
  });
  afterAll(async () => {
    await ns?.remove();
  });

  it('becomes Ready with a URL, splits traffic for a canary, promotes and rolls back', async () => {
    const body = {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'iris' },
      spec: { predictor: { model: { modelFormat: { name: 'sklearn' }, storageUri: 's3://models/iris/v1' } } },
    };
    await api.createNamespacedCustomObject({ ...isvcRes, namespace: ns.name, body });
    const ready = await eventually('Ready', async () => {
      const o = await read('iris');
      return isTrue(o, 'Ready') ? o : undefined;
    });
    expect(ready.status?.['url']).toBe(`http://iris.${ns.name}.example.com`);
    expect((ready.status?.['address'] as { url: string }).url).toBe(`http://iris.${ns.name}.svc.cluster.local`);
    for (const t of ['PredictorReady', 'IngressReady', 'LatestDeploymentReady', 'RoutesReady']) expect(isTrue(ready, t)).toBe(true);
    expect(predictorOf(ready)).toMatchObject({
      latestReadyRevision: 'iris-predictor-00001',
      latestRolledoutRevision: 'iris-predictor-00001',
      traffic: [{ revisionName: 'iris-predictor-00001', percent: 100, latestRevision: true }],
    });

    // canary: v2 at 20 %
    await mergePatch(api, isvcRes.group, isvcRes.version, isvcRes.plural, ns.name, 'iris', {
      spec: { predictor: { canaryTrafficPercent: 20, model: { storageUri: 's3://models/iris/v2' } } },
    });
    const split = await eventually('canary split', async () => {
      const p = predictorOf(await read('iris'));
      return p.latestReadyRevision === 'iris-predictor-00002' ? p : undefined;
    });
    expect(split.latestRolledoutRevision).toBe('iris-predictor-00001');
    expect(split.traffic).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ revisionName: 'iris-predictor-00002', percent: 20, latestRevision: true }),
        expect.objectContaining({ revisionName: 'iris-predictor-00001', percent: 80, latestRevision: false, tag: 'prev' }),
      ]),
    );

    // promote: canaryTrafficPercent 100
    await mergePatch(api, isvcRes.group, isvcRes.version, isvcRes.plural, ns.name, 'iris', { spec: { predictor: { canaryTrafficPercent: 100 } } });
    const promoted = await eventually('promoted', async () => {
      const p = predictorOf(await read('iris'));
      return p.latestRolledoutRevision === 'iris-predictor-00002' ? p : undefined;
    });
    expect(promoted.previousRolledoutRevision).toBe('iris-predictor-00001');
    expect(promoted.traffic).toEqual([expect.objectContaining({ revisionName: 'iris-predictor-00002', percent: 100, latestRevision: true })]);

    // roll back: canaryTrafficPercent 0 sends everything to the previous revision
    await mergePatch(api, isvcRes.group, isvcRes.version, isvcRes.plural, ns.name, 'iris', { spec: { predictor: { canaryTrafficPercent: 0 } } });
    const rolledBack = await eventually('rolled back', async () => {
      const p = predictorOf(await read('iris'));
      const prev = p.traffic?.find((t) => t.tag === 'prev');
      return prev?.revisionName === 'iris-predictor-00001' && prev.percent === 100 ? p : undefined;
    });
    expect(rolledBack.latestRolledoutRevision).toBe('iris-predictor-00001');
    expect(rolledBack.traffic?.find((t) => t.latestRevision)).toMatchObject({ revisionName: 'iris-predictor-00002', percent: 0 });
    expect(isTrue(await read('iris'), 'Ready')).toBe(true);
  });

  it('fails a predictor whose storageUri is not in the lab S3, with a reason', async () => {
    const body = {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'missing' },
      spec: { predictor: { sklearn: { storageUri: 's3://models/no-such-model/v9' } } },
    };
    await api.createNamespacedCustomObject({ ...isvcRes, namespace: ns.name, body });
    const o = await eventually('Ready False', async () => {
      const x = await read('missing');
      return cond(x, 'Ready')?.status === 'False' ? x : undefined;
    });
    expect(cond(o, 'Ready')?.reason).toBe('RevisionFailed');
    expect(cond(o, 'PredictorReady')?.message).toContain('s3://models/no-such-model/v9');
    const ms = o.status?.['modelStatus'] as { transitionStatus?: string; lastFailureInfo?: { reason?: string } };
    expect(ms.transitionStatus).toBe('BlockedByFailedLoad');
    expect(ms.lastFailureInfo?.reason).toBe('ModelLoadFailed');
    expect(o.status?.['url']).toBeUndefined();
  });
});
