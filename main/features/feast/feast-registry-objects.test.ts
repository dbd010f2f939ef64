// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { registryFixtureBytes } from './feast-registry-fixture';
import { registryProject, registryProjects } from './feast-registry-objects';
import { decodeRegistry } from './proto/feast-proto';

const label = 'The Feast registry file s3://datasets/registry.db';
const caught = (f: () => unknown): AppError => {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('did not throw');
};

describe('a Feast registry file read with Feast’s protobuf schema', () => {
  const registry = decodeRegistry(registryFixtureBytes(), label);

  it('lists its projects, those known only by their metadata too', () => {
    expect(registryProjects(registry, label).map((p) => [p.name, p.description, p.owner, p.tags, p.createdAt])).toEqual([
      ['fraud', 'Card fraud', 'risk@example.com', { team: 'risk' }, '2025-11-24T16:00:00Z'],
      ['legacy', '', '', {}, ''],
    ]);
  });

  it('gives a project’s objects as the REST API’s answers would, without the other project’s nor Feast’s dummy entity', () => {
    const d = registryProject(registry, 'fraud', label);
    expect(d.entities.map((e) => [e.name, e.joinKey, e.valueType, e.description, e.tags])).toEqual([
      ['customer', 'customer_id', 'INT64', 'A card holder', { pii: 'false' }],
    ]);
    expect(d.dataSources.map((s) => [s.name, s.type, s.where, s.timestampField, s.schema.map((f) => f.valueType)])).toEqual([
      ['tx_request', 'REQUEST_SOURCE', '', '', ['DOUBLE']],
      ['tx_source', 'BATCH_FILE', 's3://datasets/tx.parquet', 'event_timestamp', []],
    ]);
    expect(d.featureViews.map((v) => [v.name, v.kind, v.ttlSeconds, v.batchSource, v.online])).toEqual([
      ['amount_ratio', 'onDemandFeatureView', undefined, '', false],
      ['customer_stats', 'featureView', 86_400, 'tx_source', true],
    ]);
    expect(d.featureViews[1]?.features).toEqual([
      { name: 'avg_amount', valueType: 'FLOAT', description: 'Mean amount', tags: {} },
      { name: 'recent', valueType: 'STRING_LIST', description: '', tags: {} },
    ]);
    expect(d.featureViews[0]).toMatchObject({ mode: 'python', transformation: 'def ratio(x): ...' });
    expect(d.featureViews[0]?.sources.map((s) => [s.kind, s.name, s.features])).toEqual([
      ['featureView', 'customer_stats', ['avg_amount']],
      ['requestSource', 'tx_request', []],
    ]);
    expect(d.featureServices.map((s) => [s.name, s.projections.map((p) => `${p.featureView}:${p.features.join(',')}`)])).toEqual([
      ['fraud_v1', ['customer_stats:avg_amount', 'amount_ratio:ratio']],
    ]);
    expect(d.savedDatasets).toMatchObject([
      { name: 'training_2026', featureService: 'fraud_v1', storage: 's3://datasets/training.parquet', joinKeys: ['customer_id'] },
    ]);
    expect(registryProject(registry, 'legacy', label).entities.map((e) => e.name)).toEqual(['account']);
  });

  it('derives the lineage by Feast’s rules, the saved dataset’s edges marked as MLDeck’s', () => {
    const edges = registryProject(registry, 'fraud', label).lineage.map((r) => `${r.source.type}:${r.source.name}>${r.target.type}:${r.target.name} ${r.from}`);
    expect(edges).toEqual([
      'featureView:customer_stats>featureService:fraud_v1 registry',
      'featureView:amount_ratio>featureService:fraud_v1 registry',
      'entity:customer>featureView:customer_stats registry',
      'feature:avg_amount>featureView:customer_stats registry',
      'feature:recent>featureView:customer_stats registry',
      'dataSource:tx_source>featureView:customer_stats registry',
      'feature:ratio>featureView:amount_ratio registry',
      'featureView:customer_stats>featureView:amount_ratio registry',
      'dataSource:tx_request>featureView:amount_ratio registry',
      'featureService:fraud_v1>savedDataset:training_2026 objects',
      'featureView:customer_stats>savedDataset:training_2026 objects',
      'featureView:amount_ratio>savedDataset:training_2026 objects',
    ]);
  });

  it('says a project it does not hold is not found', () => {
    expect(caught(() => registryProject(registry, 'churn', label))).toMatchObject({ code: 'not-found', message: `${label} has no project "churn".` });
  });

  it('refuses bytes that are not a registry, and an empty object, in words', () => {
    const corrupt = caught(() => decodeRegistry(Buffer.from('this is not a protobuf registry, just text\n'), label));
    expect(corrupt).toMatchObject({ code: 'unavailable', retryable: false, service: 'feast' });
    expect(corrupt.message).toMatch(
      /^The Feast registry file s3:\/\/datasets\/registry\.db is not a Feast registry file MLDeck can read: its bytes are not a feast\.core\.Registry protobuf \(/,
    );
    expect(caught(() => decodeRegistry(new Uint8Array(), label)).message).toBe(`${label} is empty: it is not a Feast registry file (yet).`);
  });
});
