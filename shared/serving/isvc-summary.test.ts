// SPDX-License-Identifier: Apache-2.0
/** InferenceService summaries from statuses shaped as KServe (and the lab's driver) writes them. */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube/object';
import { rolloutChoices, summarizeIsvc, trafficByRevision, trafficText } from './isvc-summary';
import { formatHistory } from './rollout-history';

const cond = (type: string, status: string, reason?: string, message?: string) => ({
  type,
  status,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

const midCanary: KubeObject = {
  metadata: {
    name: 'iris-canary',
    namespace: 'team-a',
    annotations: {
      'mldeck.dev/model': 'iris',
      'mldeck.dev/model-version': '2',
      'mldeck.dev/rollout-history': formatHistory([
        {
          action: 'deploy',
          at: '2026-11-28T10:00:00Z',
          generation: 1,
          revision: 'iris-canary-predictor-00001',
          storageUri: 's3://models/iris/v1',
          format: 'sklearn',
        },
        { action: 'canary', at: '2026-11-28T11:00:00Z', generation: 2, storageUri: 's3://models/iris/v2', format: 'sklearn', percent: 20 },
      ]),
    },
    generation: 2,
  } as KubeObject['metadata'],
  spec: { predictor: { canaryTrafficPercent: 20, model: { modelFormat: { name: 'sklearn' }, storageUri: 's3://models/iris/v2' } } },
  status: {
    observedGeneration: 2,
    url: 'http://iris-canary.team-a.example.com',
    address: { url: 'http://iris-canary.team-a.svc.cluster.local' },
    clusterServingRuntimeName: 'kserve-sklearnserver',
    components: {
      predictor: {
        latestCreatedRevision: 'iris-canary-predictor-00002',
        latestReadyRevision: 'iris-canary-predictor-00002',
        latestRolledoutRevision: 'iris-canary-predictor-00001',
        traffic: [
          { latestRevision: true, percent: 20, revisionName: 'iris-canary-predictor-00002', tag: 'latest' },
          { latestRevision: false, percent: 80, revisionName: 'iris-canary-predictor-00001', tag: 'prev' },
        ],
      },
    },
    conditions: [cond('PredictorReady', 'True'), cond('IngressReady', 'True'), cond('Ready', 'True')],
    modelStatus: { transitionStatus: 'UpToDate', states: { activeModelState: 'Loaded', targetModelState: 'Loaded' } },
  },
};

const failing: KubeObject = {
  metadata: { name: 'fraud-clf', namespace: 'team-b' },
  spec: { predictor: { model: { modelFormat: { name: 'sklearn' }, storageUri: 's3://models/fraud-clf/v3' } } },
  status: {
    components: { predictor: { latestCreatedRevision: 'fraud-clf-predictor-00001', traffic: [] } },
    conditions: [
      cond('IngressReady', 'Unknown', 'PredictorIngressNotCreated'),
      cond(
        'PredictorReady',
        'False',
        'RevisionFailed',
        'Revision "fraud-clf-predictor-00001" failed with message: storage-initializer: failed to download s3://models/fraud-clf/v3: no objects found under s3://models/fraud-clf/v3.',
      ),
      cond(
        'Ready',
        'False',
        'RevisionFailed',
        'Revision "fraud-clf-predictor-00001" failed with message: storage-initializer: failed to download s3://models/fraud-clf/v3.',
      ),
    ],
    modelStatus: {
      transitionStatus: 'BlockedByFailedLoad',
      states: { activeModelState: 'FailedToLoad', targetModelState: 'FailedToLoad' },
      lastFailureInfo: {
        location: 'storage-initializer',
        reason: 'ModelLoadFailed',
        message: 'storage-initializer: failed to download',
        modelRevisionName: 'fraud-clf-predictor-00001',
      },
    },
  },
};

describe('InferenceService summary', () => {
  it('reads a service in the middle of a canary', () => {
    const s = summarizeIsvc(midCanary);
    expect(s.state).toBe('Canary');
    expect(s.ready).toBe(true);
    expect(s.url).toBe('http://iris-canary.team-a.example.com');
    expect(s.internalUrl).toBe('http://iris-canary.team-a.svc.cluster.local');
    expect(s.format).toBe('sklearn');
    expect(s.runtime).toBe('kserve-sklearnserver');
    expect(s.storageUri).toBe('s3://models/iris/v2');
    expect(s.canaryPercent).toBe(20);
    expect(s.model).toBe('iris');
    expect(s.modelVersion).toBe('2');
    expect(s.latestRolledoutRevision).toBe('iris-canary-predictor-00001');
    expect(trafficText(s)).toBe('00001 80% · 00002 20%');
    expect(trafficByRevision(s.traffic)[0]).toEqual({ revision: 'iris-canary-predictor-00001', percent: 80, tags: ['prev'] });
    // the canary's revision is learnt from the status (generation 2 observed)
    expect(s.history.map((e) => e.revision)).toEqual(['iris-canary-predictor-00001', 'iris-canary-predictor-00002']);
    expect(rolloutChoices(s)).toEqual({ canSetTraffic: true, canPromote: true, canRollback: true });
  });

  it('surfaces the failing condition of a model that cannot be loaded', () => {
    const s = summarizeIsvc(failing);
    expect(s.state).toBe('Failed');
    expect(s.reason).toBe('RevisionFailed');
    expect(s.message).toMatch(/storage-initializer: failed to download s3:\/\/models\/fraud-clf\/v3/);
    expect(s.modelStatus?.failure?.reason).toBe('ModelLoadFailed');
    expect(s.url).toBeUndefined();
    expect(s.traffic).toEqual([]);
    expect(rolloutChoices(s)).toEqual({ canSetTraffic: true, canPromote: false, canRollback: false });
  });

  it('reads legacy framework predictors, custom containers and services without status', () => {
    expect(summarizeIsvc({ metadata: { name: 'a' }, spec: { predictor: { xgboost: { storageUri: 'gs://b/x' } } } })).toMatchObject({
      format: 'xgboost',
      storageUri: 'gs://b/x',
      state: 'Unknown',
    });
    expect(
      summarizeIsvc({
        metadata: { name: 'c' },
        spec: { predictor: { containers: [{ name: 'kserve-container', env: [{ name: 'STORAGE_URI', value: 's3://m/c' }] }] } },
      }),
    ).toMatchObject({ format: 'custom', storageUri: 's3://m/c' });
    const progressing = summarizeIsvc({ metadata: { name: 'p' }, spec: {}, status: { conditions: [cond('Ready', 'Unknown', 'Deploying')] } });
    expect(progressing.state).toBe('Progressing');
  });
});
