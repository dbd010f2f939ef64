// SPDX-License-Identifier: Apache-2.0
/**
 * Feast against the lab's real registry servers (feast 0.67 `serve_registry --rest-api` behind the
 * Service feast/feast-registry and its KWOK pod on lab-a and lab-b), through the app's services:
 * the registry found as a Service and read through a port-forward on both clusters; lab-a's
 * fraud_detection project exactly (entities, data sources, feature views with typed features and
 * TTLs, the on-demand view, feature services, the saved dataset, the registry's lineage); a search
 * by a feature's name finds a view on each cluster; alice (team-a only) is told where MLDeck could
 * look; a registry URL that does not answer is said to be unreachable; with lab-a's API server
 * gone, what was seen is served from the cache with its date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { feastContract, type ClusterFeast, type FeastProjectDetail } from '../../shared/features/feast/feast.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { labInfo } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';

const registry = { id: 'svc:feast/feast-registry', label: 'feast/feast-registry' } as const;
const foundBy = 'Service feast/feast-registry: labelled app.kubernetes.io/name=feast, app.kubernetes.io/component=registry (port 80)';
const forwarded = { kind: 'port-forward', namespace: 'feast', service: 'feast-registry', pod: 'feast-registry-0', port: 6572 } as const;

async function clusterIdOf(app: AppUnderTest, context: string): Promise<string> {
  const id = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === context)?.id;
  if (!id) throw new Error(`no context ${context}`);
  return id;
}

const projectNames = (c: ClusterFeast | undefined) =>
  c?.ok ? c.registries.map((r) => (r.ok ? r.projects.map((p) => p.name) : r.error.message)) : c?.error.message;

describe('Feast registries on the lab', () => {
  let app: AppUnderTest;
  let a = '';
  let b = '';

  beforeAll(async () => {
    app = await startApp(labInfo().kubeconfig);
    a = await clusterIdOf(app, 'lab-a');
    b = await clusterIdOf(app, 'lab-b');
  }, 120_000);
  afterAll(() => app?.close());

  it('finds the registry Service on both clusters and lists their projects through a port-forward', async () => {
    const got = await app.api.call(feastContract.registries, {});
    const ca = got.clusters.find((c) => c.clusterId === a);
    const cb = got.clusters.find((c) => c.clusterId === b);
    expect(projectNames(ca)).toEqual([['fraud_detection', 'recommendations']]);
    expect(projectNames(cb)).toEqual([['churn']]);
    expect(ca).toMatchObject({
      ok: true,
      lookedIn: 'every namespace',
      cachedAt: undefined,
      registries: [{ ok: true, registry: { ...registry, foundBy }, origin: forwarded }],
    });
    expect(cb).toMatchObject({ ok: true, registries: [{ ok: true, origin: forwarded }] });
    if (!ca?.ok || !ca.registries[0]?.ok) throw new Error('lab-a not read');
    expect(ca.registries[0].projects[0]).toMatchObject({
      name: 'fraud_detection',
      description: 'Card transaction features for the real-time fraud model',
      owner: 'risk-ml@example.com',
      tags: { team: 'risk', domain: 'payments' },
    });
  }, 120_000);

  it('reads lab-a’s fraud_detection project exactly', async () => {
    const d: FeastProjectDetail = await app.api.call(feastContract.project, { clusterId: a, registryId: registry.id, project: 'fraud_detection' });
    expect(d.origin).toEqual(forwarded);
    expect(d.registryLabel).toBe('feast/feast-registry');
    expect(d.entities.map((e) => [e.name, e.joinKey, e.valueType, e.description])).toEqual([
      ['customer', 'customer_id', 'INT64', 'A card holder'],
      ['merchant', 'merchant_id', 'STRING', 'A merchant accepting card payments'],
    ]);
    expect(d.entities[0]?.tags).toEqual({ pii: 'false' });
    expect(d.dataSources.map((s) => [s.name, s.type, s.where, s.timestampField])).toEqual([
      ['merchant_source', 'BATCH_FILE', 's3://datasets/feast/lab-a/data/merchants.parquet', 'event_timestamp'],
      ['transaction_request', 'REQUEST_SOURCE', '', ''],
      ['transactions_source', 'BATCH_FILE', 's3://datasets/feast/lab-a/data/transactions.parquet', 'event_timestamp'],
    ]);
    expect(d.dataSources[1]?.schema.map((f) => [f.name, f.valueType])).toEqual([
      ['amount', 'DOUBLE'],
      ['currency', 'STRING'],
    ]);
    expect(d.dataSources[2]).toMatchObject({ createdTimestampColumn: 'created', tags: { format: 'parquet' }, owner: 'data-eng@example.com' });

    expect(d.featureViews.map((v) => [v.name, v.kind])).toEqual([
      ['customer_transaction_stats', 'featureView'],
      ['merchant_risk', 'featureView'],
      ['transaction_amount_features', 'onDemandFeatureView'],
    ]);
    const stats = d.featureViews[0];
    expect(stats?.features.map((f) => [f.name, f.valueType])).toEqual([
      ['transaction_count_1h', 'INT64'],
      ['avg_transaction_amount', 'FLOAT'],
      ['max_transaction_amount', 'DOUBLE'],
      ['last_country', 'STRING'],
      ['is_new_device', 'BOOL'],
      ['recent_amounts', 'FLOAT_LIST'],
      ['recent_merchant_ids', 'STRING_LIST'],
    ]);
    expect(stats).toMatchObject({
      entities: ['customer'],
      ttlSeconds: 86400,
      batchSource: 'transactions_source',
      online: true,
      description: 'Per-customer transaction statistics for fraud scoring',
      tags: { team: 'risk', tier: 'gold' },
      owner: 'risk-ml@example.com',
    });
    expect(stats?.features[1]?.description).toBe('Mean amount over 7 days (EUR)');
    expect(stats?.entityColumns.map((c) => [c.name, c.valueType])).toEqual([['customer_id', 'INT64']]);
    expect(d.featureViews[1]).toMatchObject({ entities: ['merchant'], ttlSeconds: 7 * 86400, batchSource: 'merchant_source' });
    const odfv = d.featureViews[2];
    expect(odfv?.features.map((f) => [f.name, f.valueType])).toEqual([
      ['amount_to_avg_ratio', 'DOUBLE'],
      ['is_large_amount', 'BOOL'],
    ]);
    expect(odfv?.sources.map((s) => [s.kind, s.name])).toEqual([
      ['featureView', 'customer_transaction_stats'],
      ['requestSource', 'transaction_request'],
    ]);
    expect(odfv?.transformation).toContain('def transaction_amount_features(inputs: pd.DataFrame) -> pd.DataFrame:');

    expect(d.featureServices.map((s) => [s.name, s.projections.map((p) => `${p.featureView}(${p.features.length})`)])).toEqual([
      ['fraud_model_v1', ['customer_transaction_stats(2)', 'merchant_risk(4)']],
      ['fraud_model_v2', ['customer_transaction_stats(7)', 'merchant_risk(4)', 'transaction_amount_features(2)']],
    ]);
    expect(d.featureServices[0]?.projections[0]?.features).toEqual(['transaction_count_1h', 'avg_transaction_amount']);
    expect(d.savedDatasets).toMatchObject([
      {
        name: 'fraud_training_2026_11',
        featureService: 'fraud_model_v1',
        joinKeys: ['customer_id', 'merchant_id'],
        features: ['customer_transaction_stats:transaction_count_1h', 'customer_transaction_stats:avg_transaction_amount', 'merchant_risk:chargeback_rate'],
        storage: 's3://datasets/feast/lab-a/data/saved/fraud_training_2026_11.parquet',
        description: 'Training set of fraud model v1 (November 2026)',
        tags: { purpose: 'training', model: 'fraud-clf' },
      },
    ]);
    const edges = d.lineage.map((r) => `${r.source.type}:${r.source.name} -> ${r.target.type}:${r.target.name} (${r.from})`);
    for (const e of [
      'entity:customer -> featureView:customer_transaction_stats (registry)',
      'dataSource:transactions_source -> featureView:customer_transaction_stats (registry)',
      'feature:avg_transaction_amount -> featureView:customer_transaction_stats (registry)',
      'featureView:customer_transaction_stats -> featureView:transaction_amount_features (registry)',
      'dataSource:transaction_request -> featureView:transaction_amount_features (registry)',
      'featureView:merchant_risk -> featureService:fraud_model_v1 (registry)',
      'featureView:transaction_amount_features -> featureService:fraud_model_v2 (registry)',
    ])
      expect(edges).toContain(e);
    expect(edges.filter((e) => e.endsWith('(objects)'))).toEqual([
      'featureService:fraud_model_v1 -> savedDataset:fraud_training_2026_11 (objects)',
      'featureView:customer_transaction_stats -> savedDataset:fraud_training_2026_11 (objects)',
      'featureView:merchant_risk -> savedDataset:fraud_training_2026_11 (objects)',
    ]);
    expect(edges.some((e) => e.includes('__dummy'))).toBe(false);
  }, 120_000);

  it('says a project the registry does not have is not there', async () => {
    await expect(app.api.call(feastContract.project, { clusterId: a, registryId: registry.id, project: 'no_such_project' })).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/^The Feast registry feast\/feast-registry has no such object: .*no_such_project/),
    });
  }, 60_000);

  it('finds a feature by name on both clusters, with its view, cluster and project', async () => {
    const got = await app.api.call(feastContract.search, { query: 'avg_transaction_amount' });
    // every context of the lab's kubeconfig is searched; the exec-plugin one waits for its approval
    const exec = await clusterIdOf(app, 'lab-a-exec');
    expect(got.notes.map((n) => [n.clusterId === exec ? 'lab-a-exec' : n.clusterId, n.error?.code])).toEqual([['lab-a-exec', 'unauthenticated']]);
    expect(
      got.matches
        .filter((m) => m.clusterId === a || m.clusterId === b)
        .map((m) => [m.clusterId === a ? 'lab-a' : m.clusterId === b ? 'lab-b' : m.clusterId, m.project, m.kind, m.featureView, m.valueType, m.exact]),
    ).toEqual([
      ['lab-a', 'fraud_detection', 'feature', 'customer_transaction_stats', 'FLOAT', true],
      ['lab-b', 'churn', 'feature', 'customer_billing', 'DOUBLE', true],
    ]);
    const views = await app.api.call(feastContract.search, { clusterId: a, query: 'EMBEDDING' });
    expect(views.matches.map((m) => `${m.project}/${m.kind}/${m.name}`)).toEqual([
      'recommendations/feature/embedding',
      'recommendations/featureView/item_embeddings',
    ]);
    const entities = await app.api.call(feastContract.search, { query: 'subscriber_id' });
    expect(entities.matches.map((m) => `${m.project}/${m.kind}/${m.name}`)).toEqual(['churn/entity/subscriber']);
  }, 120_000);

  it('tells alice, who may list Services in team-a only, where MLDeck looked', async () => {
    const restricted = await clusterIdOf(app, 'lab-a-restricted');
    const got = await app.api.call(feastContract.registries, { clusterId: restricted });
    expect(got.clusters).toEqual([
      {
        clusterId: restricted,
        ok: true,
        lookedIn: 'team-a only (your account may not list Services in every namespace; set a registry URL to read one elsewhere)',
        registries: [],
        cachedAt: undefined,
      },
    ]);
  }, 60_000);

  it('says a registry URL that does not answer cannot be reached, and reads one that does', async () => {
    await app.api.call(feastContract.setSettings, { clusterId: b, url: 'http://127.0.0.1:9/' });
    const down = await app.api.call(feastContract.registries, { clusterId: b });
    expect(down.clusters[0]).toMatchObject({
      ok: true,
      lookedIn: 'the URL in the Feast settings',
      registries: [
        {
          ok: false,
          registry: { id: 'url', label: 'http://127.0.0.1:9', foundBy: 'the URL in this cluster’s Feast settings' },
          error: {
            code: 'unavailable',
            message: expect.stringMatching(
              /^The Feast registry at http:\/\/127\.0\.0\.1:9 cannot be reached .*MLDeck has not seen this in this Feast registry before/,
            ),
          },
        },
      ],
    });
    // lab-b's registry server itself, by URL (the lab serves it on loopback 16573)
    expect(await app.api.call(feastContract.setSettings, { clusterId: b, url: 'http://127.0.0.1:16573/api/v1' })).toEqual({
      clusterId: b,
      url: 'http://127.0.0.1:16573',
      registryFile: '',
    });
    const up = await app.api.call(feastContract.registries, { clusterId: b });
    expect(projectNames(up.clusters[0])).toEqual([['churn']]);
    expect(up.clusters[0]).toMatchObject({ registries: [{ origin: { kind: 'url', url: 'http://127.0.0.1:16573' } }] });
    await app.api.call(feastContract.setSettings, { clusterId: b, url: '' });
  }, 60_000);
});

describe('Feast offline', () => {
  let relay: TcpRelay;
  let app: AppUnderTest;
  afterAll(async () => {
    app?.close();
    await relay?.close();
  });

  it('serves what was seen from the cache, with its date, when lab-a’s API server is gone', async () => {
    relay = await startRelay(16443);
    app = await startApp(relay.kubeconfig(labInfo().kubeconfig, 'lab-a'));
    const a = await clusterIdOf(app, 'lab-a');
    const before = Date.now();
    const live = await app.api.call(feastContract.registries, { clusterId: a });
    expect(projectNames(live.clusters[0])).toEqual([['fraud_detection', 'recommendations']]);
    const detail = await app.api.call(feastContract.project, { clusterId: a, registryId: registry.id, project: 'fraud_detection' });
    expect(detail.origin.kind).toBe('port-forward');
    const after = Date.now();

    await relay.down();
    const cached = await app.api.call(feastContract.registries, { clusterId: a });
    const c = cached.clusters[0];
    expect(projectNames(c)).toEqual([['fraud_detection', 'recommendations']]);
    if (!c?.ok || !c.registries[0]?.ok) throw new Error('not served from the cache');
    expect(c.cachedAt).toBeGreaterThanOrEqual(before);
    expect(c.cachedAt).toBeLessThanOrEqual(after);
    expect(c.registries[0].origin).toMatchObject({ kind: 'cache' });
    const d = await app.api.call(feastContract.project, { clusterId: a, registryId: registry.id, project: 'fraud_detection' });
    expect(d.origin).toMatchObject({ kind: 'cache', why: expect.any(String) });
    if (d.origin.kind !== 'cache') return;
    expect(d.origin.seenAt).toBeGreaterThanOrEqual(before);
    expect(d.origin.seenAt).toBeLessThanOrEqual(after);
    expect(d.featureViews.map((v) => v.name)).toEqual(detail.featureViews.map((v) => v.name));
    const s = await app.api.call(feastContract.search, { clusterId: a, query: 'chargeback_rate' });
    expect(s.matches.map((m) => `${m.project}/${m.featureView}/${m.name}`)).toEqual(['fraud_detection/merchant_risk/chargeback_rate']);
    expect(s.notes.map((n) => [n.project, n.cachedAt !== undefined, n.error])).toEqual([
      ['fraud_detection', true, undefined],
      ['recommendations', false, expect.objectContaining({ code: 'unavailable' })],
    ]);
  }, 180_000);
});
