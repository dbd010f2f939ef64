// SPDX-License-Identifier: Apache-2.0
/**
 * The lab's Feast, as a client in front of a cluster finds it: the Service `feast/feast-registry`
 * labelled as the Feast operator labels it, and through the API server's port-forward to it
 * (kubectl, as after a real install) the real Feast 0.67.0 REST registry API: each cluster's
 * projects, the seeded entities, data sources, feature views with their typed features, the
 * on-demand feature view, feature services and the saved dataset; a feature view found by a
 * feature's name on both clusters; the registry and its Parquet data in the lab S3.
 */
import * as k8s from '@kubernetes/client-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kubeConfig, labInfo } from '../../harness/lab.ts';
import type { ClusterName } from '../control-plane.ts';
import { bin } from '../paths.ts';
import { listObjects } from '../peers/s3.ts';
import { dataPrefix, feastBucket, registryKey } from './feast-repos.ts';
import { feastInCluster } from './in-cluster.ts';

interface Field {
  name: string;
  valueType?: string;
  description?: string;
}
interface FeatureViewBody {
  type: string;
  spec: {
    name: string;
    entities?: string[];
    features?: Field[];
    ttl?: string;
    tags?: Record<string, string>;
    description?: string;
    batchSource?: { name?: string; type?: string; fileOptions?: { uri?: string } };
    sources?: Record<string, unknown>;
  };
}

/** A kubectl port-forward to the cluster's `feast-registry` Service; resolves to the API base URL. */
async function forward(context: ClusterName): Promise<{ api: string; child: ChildProcess }> {
  const { namespace, service, servicePort } = feastInCluster;
  const child = spawn(
    bin('kubectl'),
    ['--kubeconfig', labInfo().kubeconfig, '--context', context, '-n', namespace, 'port-forward', `svc/${service}`, `:${servicePort}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const port = await eventually(
    `kubectl port-forward on ${context} to print its local port (${out})`,
    async () => /127\.0\.0\.1:(\d+) ->/.exec(out)?.[1],
    20_000,
  );
  return { api: `http://127.0.0.1:${port}/api/v1`, child };
}

const forwards: Partial<Record<ClusterName, { api: string; child: ChildProcess }>> = {};

async function get<T>(cluster: ClusterName, path: string): Promise<T> {
  const api = forwards[cluster]?.api;
  if (!api) throw new Error(`no port-forward to ${cluster}`);
  const res = await fetch(`${api}${path}`, { signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${path} on ${cluster}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

function types(fields: Field[] | undefined): Record<string, string | undefined> {
  return Object.fromEntries((fields ?? []).map((f) => [f.name, f.valueType]));
}

describe('Feast registry (real feast 0.67.0 behind feast/feast-registry)', () => {
  beforeAll(async () => {
    for (const c of ['lab-a', 'lab-b'] as const) forwards[c] = await forward(c);
  }, 60_000);
  afterAll(() => {
    for (const f of Object.values(forwards)) f?.child.kill();
  });

  it('is found in each cluster as the Feast operator installs it: labelled Service, named ports, a running pod', async () => {
    for (const c of ['lab-a', 'lab-b'] as const) {
      const core = kubeConfig(c).makeApiClient(k8s.CoreV1Api);
      const svc = await core.readNamespacedService({ name: feastInCluster.service, namespace: feastInCluster.namespace });
      expect(svc.metadata?.labels).toMatchObject({ 'app.kubernetes.io/name': 'feast', 'app.kubernetes.io/component': 'registry' });
      expect(svc.spec?.ports?.map((p) => [p.name, p.port, p.targetPort])).toEqual([['http', 80, 'rest']]);
      const pods = await core.listNamespacedPod({
        namespace: feastInCluster.namespace,
        labelSelector: 'app.kubernetes.io/name=feast,app.kubernetes.io/component=registry',
      });
      expect(pods.items.map((p) => [p.metadata?.name, p.status?.phase, p.spec?.containers[0]?.ports?.[0]?.name])).toEqual([
        ['feast-registry-0', 'Running', 'rest'],
      ]);
    }
  });

  it('lists each cluster’s projects: two in lab-a’s registry, churn in lab-b’s', async () => {
    const version = await get<{ version: string }>('lab-a', '/version');
    expect(version.version).toBe('0.67.0');
    type Projects = { projects: { spec: { name: string; description?: string; tags?: Record<string, string> } }[] };
    const a = await get<Projects>('lab-a', '/projects');
    expect(a.projects.map((p) => p.spec.name).sort()).toEqual(['fraud_detection', 'recommendations']);
    expect(a.projects.find((p) => p.spec.name === 'fraud_detection')?.spec).toMatchObject({
      description: 'Card transaction features for the real-time fraud model',
      tags: { team: 'risk', domain: 'payments' },
    });
    const b = await get<Projects>('lab-b', '/projects');
    expect(b.projects.map((p) => p.spec.name)).toEqual(['churn']);
  });

  it('serves the seeded feature views with their typed features, entities, TTL, tags and S3 source', async () => {
    const fv = await get<FeatureViewBody>('lab-a', '/feature_views/customer_transaction_stats?project=fraud_detection');
    expect(fv.type).toBe('featureView');
    expect(types(fv.spec.features)).toEqual({
      transaction_count_1h: 'INT64',
      avg_transaction_amount: 'FLOAT',
      max_transaction_amount: 'DOUBLE',
      last_country: 'STRING',
      is_new_device: 'BOOL',
      recent_amounts: 'FLOAT_LIST',
      recent_merchant_ids: 'STRING_LIST',
    });
    expect(fv.spec.features?.find((f) => f.name === 'avg_transaction_amount')?.description).toBe('Mean amount over 7 days (EUR)');
    expect(fv.spec).toMatchObject({ entities: ['customer'], ttl: '86400s', tags: { team: 'risk', tier: 'gold' } });
    expect(fv.spec.batchSource).toMatchObject({
      name: 'transactions_source',
      type: 'BATCH_FILE',
      fileOptions: { uri: `${dataPrefix('lab-a')}/transactions.parquet` },
    });

    const all = await get<{ featureViews: FeatureViewBody[] }>('lab-a', '/feature_views?project=fraud_detection');
    expect(all.featureViews.map((v) => [v.type, v.spec.name]).sort()).toEqual([
      ['featureView', 'customer_transaction_stats'],
      ['featureView', 'merchant_risk'],
      ['onDemandFeatureView', 'transaction_amount_features'],
    ]);
    const odfv = all.featureViews.find((v) => v.type === 'onDemandFeatureView');
    expect(types(odfv?.spec.features)).toEqual({ amount_to_avg_ratio: 'DOUBLE', is_large_amount: 'BOOL' });
    expect(Object.keys(odfv?.spec.sources ?? {}).sort()).toEqual(['customer_transaction_stats', 'transaction_request']);

    const rec = await get<{ featureViews: FeatureViewBody[] }>('lab-a', '/feature_views?project=recommendations');
    const byName = Object.fromEntries(rec.featureViews.map((v) => [v.spec.name, types(v.spec.features)]));
    expect(byName.item_embeddings).toEqual({ embedding: 'FLOAT_LIST', category: 'STRING', price: 'FLOAT' });
    expect(byName.user_activity).toMatchObject({ last_seen: 'UNIX_TIMESTAMP', viewed_item_ids: 'INT64_LIST' });

    const churn = await get<FeatureViewBody>('lab-b', '/feature_views/customer_billing?project=churn');
    expect(churn.spec).toMatchObject({ entities: ['subscriber'], ttl: '2678400s' });
    expect(types(churn.spec.features)).toEqual({ avg_transaction_amount: 'DOUBLE', months_active: 'INT64', plan: 'STRING', late_payments: 'INT64_LIST' });
  });

  it('serves entities, data sources, feature services and the saved dataset', async () => {
    type Entities = { entities: { spec: { name: string; joinKey?: string; valueType?: string } }[] };
    const entities = await get<Entities>('lab-a', '/entities?project=fraud_detection');
    expect(
      entities.entities
        .filter((e) => e.spec.name !== '__dummy')
        .map((e) => [e.spec.name, e.spec.joinKey, e.spec.valueType])
        .sort(),
    ).toEqual([
      ['customer', 'customer_id', 'INT64'],
      ['merchant', 'merchant_id', 'STRING'],
    ]);
    const subscriber = await get<Entities['entities'][number]>('lab-b', '/entities/subscriber?project=churn');
    expect(subscriber.spec).toMatchObject({ joinKey: 'subscriber_id', valueType: 'STRING' });

    const sources = await get<{ dataSources: { name: string; type: string; fileOptions?: { uri?: string } }[] }>(
      'lab-a',
      '/data_sources?project=fraud_detection',
    );
    expect(sources.dataSources.map((s) => [s.name, s.type, s.fileOptions?.uri]).sort()).toEqual([
      ['merchant_source', 'BATCH_FILE', `${dataPrefix('lab-a')}/merchants.parquet`],
      ['transaction_request', 'REQUEST_SOURCE', undefined],
      ['transactions_source', 'BATCH_FILE', `${dataPrefix('lab-a')}/transactions.parquet`],
    ]);

    type Service = { spec: { name: string; tags?: Record<string, string>; features?: { featureViewName: string; featureColumns?: Field[] }[] } };
    const v1 = await get<Service>('lab-a', '/feature_services/fraud_model_v1?project=fraud_detection');
    expect(v1.spec.tags).toEqual({ model: 'fraud-clf', stage: 'production' });
    expect(Object.fromEntries((v1.spec.features ?? []).map((p) => [p.featureViewName, (p.featureColumns ?? []).map((c) => c.name)]))).toEqual({
      customer_transaction_stats: ['transaction_count_1h', 'avg_transaction_amount'],
      merchant_risk: ['chargeback_rate', 'merchant_category', 'daily_volume', 'flagged_days'],
    });
    const services = await get<{ featureServices: Service[] }>('lab-b', '/feature_services?project=churn');
    expect(services.featureServices.map((s) => s.spec.name)).toEqual(['churn_model_v4']);

    const saved = await get<{ spec: { name: string; features: string[]; joinKeys: string[]; storage: { fileStorage?: { uri?: string } } } }>(
      'lab-a',
      '/saved_datasets/fraud_training_2026_11?project=fraud_detection',
    );
    expect(saved.spec.features).toContain('customer_transaction_stats:avg_transaction_amount');
    expect(saved.spec.joinKeys).toEqual(['customer_id', 'merchant_id']);
    expect(saved.spec.storage.fileStorage?.uri).toBe(`${dataPrefix('lab-a')}/saved/fraud_training_2026_11.parquet`);
  });

  it('finds the feature views that have a feature named avg_transaction_amount on both clusters', async () => {
    const found: [ClusterName, string, string, string | undefined][] = [];
    for (const c of ['lab-a', 'lab-b'] as const) {
      const { projects } = await get<{ projects: { spec: { name: string } }[] }>(c, '/projects');
      for (const { spec } of projects) {
        const res = await get<{ featureViews: FeatureViewBody[] }>(c, `/feature_views?project=${spec.name}&feature=avg_transaction_amount`);
        for (const v of res.featureViews) found.push([c, spec.name, v.spec.name, v.spec.features?.find((f) => f.name === 'avg_transaction_amount')?.valueType]);
      }
    }
    expect(found.sort()).toEqual([
      ['lab-a', 'fraud_detection', 'customer_transaction_stats', 'FLOAT'],
      ['lab-b', 'churn', 'customer_billing', 'DOUBLE'],
    ]);
  });

  it('keeps each registry and its Parquet data in the lab S3', async () => {
    for (const c of ['lab-a', 'lab-b'] as const) {
      const keys = (await listObjects(feastBucket, `feast/${c}/`)).map((o) => o.key);
      expect(keys).toContain(registryKey(c));
      expect(keys.filter((k) => k.endsWith('.parquet')).length).toBeGreaterThanOrEqual(c === 'lab-a' ? 5 : 2);
    }
  });
});
