// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import {
  DataSourcesAnswer,
  dataSourcesFrom,
  durationSeconds,
  EntitiesAnswer,
  entitiesFrom,
  FeatureServicesAnswer,
  featureServicesFrom,
  FeatureViewsAnswer,
  featureViewsFrom,
  LineageAnswer,
  lineageFrom,
  parseWire,
  ProjectsAnswer,
  projectsFrom,
  SavedDatasetsAnswer,
  savedDatasetsFrom,
  withSavedDatasetEdges,
} from './feast-wire';

// shapes as Feast 0.67's REST registry writes them (protobuf MessageToDict: camelCase, defaults left out)
const meta = { createdTimestamp: '2026-12-06T10:00:00.123456Z', lastUpdatedTimestamp: '2026-12-06T10:05:00Z' };

describe('Feast REST answers', () => {
  it('maps projects, sorted, and refuses the 200 answer Feast gives a failed listing', () => {
    const a = parseWire(
      ProjectsAnswer,
      {
        projects: [
          { spec: { name: 'recommendations' }, meta },
          { spec: { name: 'fraud_detection', description: 'Card features', owner: 'risk@x', tags: { team: 'risk' } }, meta, extra: 1 },
        ],
        pagination: {},
      },
      'R',
      'projects',
    );
    expect(projectsFrom(a, 'R')).toEqual([
      {
        name: 'fraud_detection',
        description: 'Card features',
        owner: 'risk@x',
        tags: { team: 'risk' },
        createdAt: meta.createdTimestamp,
        updatedAt: meta.lastUpdatedTimestamp,
      },
      { name: 'recommendations', description: '', owner: '', tags: {}, createdAt: meta.createdTimestamp, updatedAt: meta.lastUpdatedTimestamp },
    ]);
    expect(() => projectsFrom(parseWire(ProjectsAnswer, { error: 'Error searching all projects' }, 'R', 'projects'), 'R')).toThrow(
      'R could not list its projects: Error searching all projects.',
    );
  });

  it('refuses an answer of another shape, naming the field, without serving the cache for it', () => {
    try {
      parseWire(EntitiesAnswer, { entities: [{ spec: { name: 3 } }] }, 'The Feast registry feast/x', 'entities');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('unavailable');
      expect((e as AppError).retryable).toBe(false);
      expect((e as AppError).message).toMatch(/^The Feast registry feast\/x answered its entities in a shape MLDeck does not know \(entities\.0\.spec\.name: /);
    }
  });

  it('maps entities with join key and value type', () => {
    expect(
      entitiesFrom(
        parseWire(
          EntitiesAnswer,
          {
            entities: [{ spec: { name: 'customer', valueType: 'INT64', joinKey: 'customer_id', description: 'A card holder', tags: { pii: 'false' } }, meta }],
          },
          'R',
          'e',
        ),
      ),
    ).toEqual([
      {
        name: 'customer',
        joinKey: 'customer_id',
        valueType: 'INT64',
        description: 'A card holder',
        owner: '',
        tags: { pii: 'false' },
        createdAt: meta.createdTimestamp,
        updatedAt: meta.lastUpdatedTimestamp,
      },
    ]);
  });

  it('maps data sources: where the data is, request schemas, a push source’s batch source', () => {
    const got = dataSourcesFrom(
      parseWire(
        DataSourcesAnswer,
        {
          dataSources: [
            {
              name: 'transactions_source',
              type: 'BATCH_FILE',
              timestampField: 'event_timestamp',
              createdTimestampColumn: 'created',
              fileOptions: { fileFormat: { parquetFormat: {} }, uri: 's3://feast/lab-a/transactions.parquet', s3EndpointOverride: 'http://x' },
              dataSourceClassType: 'feast.infra.offline_stores.file_source.FileSource',
              meta,
            },
            { name: 'txn_request', type: 'REQUEST_SOURCE', requestDataOptions: { schema: [{ name: 'amount', valueType: 'DOUBLE' }] } },
            { name: 'push', type: 'PUSH_SOURCE', batchSource: { name: 'transactions_source', type: 'BATCH_FILE' } },
          ],
        },
        'R',
        'd',
      ),
    );
    expect(got.map((s) => [s.name, s.type, s.where, s.batchSource])).toEqual([
      ['push', 'PUSH_SOURCE', '', 'transactions_source'],
      ['transactions_source', 'BATCH_FILE', 's3://feast/lab-a/transactions.parquet', ''],
      ['txn_request', 'REQUEST_SOURCE', '', ''],
    ]);
    expect(got[1]).toMatchObject({ timestampField: 'event_timestamp', createdTimestampColumn: 'created', createdAt: meta.createdTimestamp });
    expect(got[2]?.schema).toEqual([{ name: 'amount', valueType: 'DOUBLE', description: '', tags: {} }]);
  });

  it('maps feature views of every kind: features with types, entities, TTL, sources, on-demand inputs', () => {
    const got = featureViewsFrom(
      parseWire(
        FeatureViewsAnswer,
        {
          featureViews: [
            {
              type: 'featureView',
              spec: {
                name: 'customer_transaction_stats',
                entities: ['customer'],
                features: [
                  { name: 'avg_transaction_amount', valueType: 'FLOAT', description: 'Mean amount' },
                  { name: 'recent_amounts', valueType: 'FLOAT_LIST' },
                ],
                entityColumns: [{ name: 'customer_id', valueType: 'INT64' }],
                ttl: '86400s',
                batchSource: { name: 'transactions_source', type: 'BATCH_FILE' },
                online: true,
                tags: { tier: 'gold' },
              },
              meta: { ...meta, materializationIntervals: [] },
            },
            {
              type: 'onDemandFeatureView',
              spec: {
                name: 'transaction_risk',
                features: [{ name: 'amount_vs_avg', valueType: 'DOUBLE' }],
                sources: {
                  txn_request: { requestDataSource: { name: 'txn_request', type: 'REQUEST_SOURCE' } },
                  customer_transaction_stats: {
                    featureViewProjection: {
                      featureViewName: 'customer_transaction_stats',
                      featureColumns: [{ name: 'avg_transaction_amount', valueType: 'FLOAT' }],
                    },
                  },
                },
                featureTransformation: { userDefinedFunction: { name: 'transaction_risk', body: 'gASV', bodyText: 'def transaction_risk(df): ...' } },
                mode: 'pandas',
                entities: ['__dummy'],
                entityColumns: [{ name: '__dummy_id', valueType: 'STRING' }],
              },
              meta,
            },
            { type: 'labelView', spec: { name: 'labels' } },
            { spec: { name: 'stats_stream', streamSource: { name: 'kafka' } }, type: 'streamFeatureView' },
          ],
        },
        'R',
        'v',
      ),
    );
    expect(got.map((v) => [v.name, v.kind])).toEqual([
      ['customer_transaction_stats', 'featureView'],
      ['stats_stream', 'streamFeatureView'],
      ['transaction_risk', 'onDemandFeatureView'],
    ]);
    expect(got[0]).toMatchObject({
      entities: ['customer'],
      ttlSeconds: 86400,
      batchSource: 'transactions_source',
      online: true,
      offline: false,
      tags: { tier: 'gold' },
      features: [
        { name: 'avg_transaction_amount', valueType: 'FLOAT', description: 'Mean amount', tags: {} },
        { name: 'recent_amounts', valueType: 'FLOAT_LIST', description: '', tags: {} },
      ],
      entityColumns: [{ name: 'customer_id', valueType: 'INT64', description: '', tags: {} }],
    });
    expect(got[1]).toMatchObject({ streamSource: 'kafka', ttlSeconds: undefined });
    expect(got[2]).toMatchObject({
      entities: [],
      entityColumns: [],
      mode: 'pandas',
      transformation: 'def transaction_risk(df): ...',
      sources: [
        { key: 'customer_transaction_stats', kind: 'featureView', name: 'customer_transaction_stats', features: ['avg_transaction_amount'] },
        { key: 'txn_request', kind: 'requestSource', name: 'txn_request', features: [] },
      ],
    });
  });

  it('reads protobuf durations as seconds; none or zero is no TTL', () => {
    expect(durationSeconds('86400s')).toBe(86400);
    expect(durationSeconds('1.5s')).toBe(1.5);
    expect(durationSeconds('0s')).toBeUndefined();
    expect(durationSeconds(undefined)).toBeUndefined();
    expect(durationSeconds('1d')).toBeUndefined();
  });

  it('maps feature services, saved datasets and the lineage (incomplete edges left out)', () => {
    expect(
      featureServicesFrom(
        parseWire(
          FeatureServicesAnswer,
          {
            featureServices: [
              {
                spec: {
                  name: 'recommender_v3',
                  features: [
                    { featureViewName: 'user_activity', featureColumns: [{ name: 'sessions_7d', valueType: 'INT64' }] },
                    { featureViewName: 'item_embeddings', featureViewNameAlias: 'items', featureColumns: [{ name: 'embedding' }, { name: 'price' }] },
                  ],
                },
                meta,
              },
            ],
          },
          'R',
          's',
        ),
      )[0]?.projections,
    ).toEqual([
      { featureView: 'user_activity', alias: '', features: ['sessions_7d'] },
      { featureView: 'item_embeddings', alias: 'items', features: ['embedding', 'price'] },
    ]);
    expect(
      savedDatasetsFrom(
        parseWire(
          SavedDatasetsAnswer,
          {
            savedDatasets: [
              {
                spec: {
                  name: 'fraud_training_2026_11',
                  features: ['customer_transaction_stats:avg_transaction_amount'],
                  joinKeys: ['customer_id'],
                  featureServiceName: 'fraud_model_v2',
                  storage: { fileStorage: { fileFormat: { parquetFormat: {} }, uri: 's3://feast/saved/x.parquet' } },
                },
                meta: { createdTimestamp: 'c', minEventTimestamp: 'a', maxEventTimestamp: 'b' },
              },
            ],
          },
          'R',
          'sd',
        ),
      ),
    ).toEqual([
      {
        name: 'fraud_training_2026_11',
        description: '',
        owner: '',
        tags: {},
        createdAt: 'c',
        updatedAt: '',
        features: ['customer_transaction_stats:avg_transaction_amount'],
        joinKeys: ['customer_id'],
        featureService: 'fraud_model_v2',
        storage: 's3://feast/saved/x.parquet',
        minEventAt: 'a',
        maxEventAt: 'b',
      },
    ]);
    expect(
      lineageFrom(
        parseWire(
          LineageAnswer,
          {
            relationships: [
              { source: { type: 'entity', name: 'customer' }, target: { type: 'featureView', name: 'customer_transaction_stats' } },
              { source: { type: 'entity' }, target: { type: 'featureView', name: 'x' } },
              { source: { type: 'entity', name: '__dummy' }, target: { type: 'featureView', name: 'transaction_risk' } },
            ],
            indirect_relationships: [],
          },
          'R',
          'l',
        ),
      ),
    ).toEqual([{ source: { type: 'entity', name: 'customer' }, target: { type: 'featureView', name: 'customer_transaction_stats' }, from: 'registry' }]);
  });

  it('adds the saved datasets’ edges Feast 0.67’s lineage leaves out, once', () => {
    const registryEdge = { source: { type: 'featureService', name: 'fraud_model_v1' }, target: { type: 'savedDataset', name: 'a' }, from: 'registry' } as const;
    const ds = (name: string, featureService: string, features: string[]) => ({
      name,
      featureService,
      features,
      description: '',
      owner: '',
      tags: {},
      createdAt: '',
      updatedAt: '',
      joinKeys: [],
      storage: '',
      minEventAt: '',
      maxEventAt: '',
    });
    const got = withSavedDatasetEdges([registryEdge], [ds('a', 'fraud_model_v1', ['stats:x', 'stats:y', 'risk:z', 'bad']), ds('b', '', [])]);
    expect(got.map((r) => `${r.source.type}:${r.source.name}>${r.target.name} (${r.from})`)).toEqual([
      'featureService:fraud_model_v1>a (registry)',
      'featureView:stats>a (objects)',
      'featureView:risk>a (objects)',
    ]);
  });
});
