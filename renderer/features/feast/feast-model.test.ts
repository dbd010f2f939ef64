// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { FeastFeatureView, FeastProjectDetail, FeastRegistries } from '../../../shared/features/feast/feast.contract';
import { lineageGraph, originText, protocolWords, registryRows, ttlText, usesOf } from './feast-model';

const base = { description: '', owner: '', tags: {}, createdAt: '', updatedAt: '' };
const view = (name: string, over: Partial<FeastFeatureView> = {}): FeastFeatureView => ({
  ...base,
  name,
  kind: 'featureView',
  features: [],
  entities: [],
  entityColumns: [],
  ttlSeconds: undefined,
  batchSource: '',
  streamSource: '',
  sources: [],
  online: true,
  offline: false,
  mode: '',
  transformation: '',
  ...over,
});

describe('the Features view models', () => {
  it('lists each registry’s projects as rows, with notes for errors, the cache, none found and no projects', () => {
    const reg = (label: string) => ({
      id: `svc:${label}` as const,
      label,
      protocol: 'rest' as const,
      foundBy: `Service ${label}: named like a Feast registry (port 80)`,
    });
    const value: FeastRegistries = {
      clusters: [
        {
          clusterId: 'b',
          ok: true,
          lookedIn: 'every namespace',
          cachedAt: undefined,
          registries: [
            { registry: reg('feast/feast-registry'), ok: true, projects: [{ ...base, name: 'churn' }], origin: { kind: 'cache', seenAt: 5, why: 'down' } },
          ],
        },
        {
          clusterId: 'a',
          ok: true,
          lookedIn: 'every namespace',
          cachedAt: undefined,
          registries: [
            {
              registry: reg('feast/feast-registry'),
              ok: true,
              projects: [
                { ...base, name: 'recommendations' },
                { ...base, name: 'fraud_detection', description: 'Card' },
              ],
              origin: { kind: 'port-forward', namespace: 'feast', service: 'feast-registry', pod: 'feast-registry-0', port: 6572 },
            },
            { registry: reg('ml/other-registry'), ok: true, projects: [], origin: { kind: 'url', url: 'x' } },
            { registry: reg('ml/broken-registry'), ok: false, error: { code: 'unavailable', message: 'no ready pod' } },
          ],
        },
        { clusterId: 'c', ok: true, lookedIn: 'team-a', registries: [], cachedAt: undefined },
        { clusterId: 'd', ok: false, error: { code: 'forbidden', message: 'no' } },
      ],
    };
    const names: Record<string, string> = { a: 'lab-a', b: 'lab-b', c: 'lab-c', d: 'lab-d' };
    const { rows, notes } = registryRows(value, (id) => names[id] ?? id);
    expect(rows.map((r) => `${r.clusterName}/${r.project}${r.cachedAt ? ' (cached)' : ''}`)).toEqual([
      'lab-a/fraud_detection',
      'lab-a/recommendations',
      'lab-b/churn (cached)',
    ]);
    expect(notes.map((n) => `${n.kind}:${n.clusterName}`)).toEqual(['cached:lab-b', 'empty:lab-a', 'error:lab-a', 'none:lab-c', 'error:lab-d']);
    expect(rows.map((r) => r.protocol)).toEqual(['rest', 'rest', 'rest']);
    expect(registryRows(undefined, String)).toEqual({ rows: [], notes: [] });
  });

  it('says where a page was read from: REST, gRPC or a registry file', () => {
    expect(originText({ kind: 'grpc', namespace: 'feast', service: 'feast-registry-grpc', pod: 'feast-registry-0', port: 6570 })).toBe(
      'Read over gRPC through a port-forward to feast/feast-registry-grpc (pod feast-registry-0, port 6570)',
    );
    expect(originText({ kind: 'file', uri: 's3://datasets/feast/lab-a/registry.db', store: 'Secret kubeflow/mlpipeline-minio-artifact' })).toBe(
      'Read from the registry file s3://datasets/feast/lab-a/registry.db (Secret kubeflow/mlpipeline-minio-artifact)',
    );
    expect(protocolWords).toEqual({ rest: 'REST', grpc: 'gRPC', file: 'registry file' });
  });

  it('words a TTL', () => {
    expect(ttlText(86400)).toBe('1 day');
    expect(ttlText(31 * 86400)).toBe('31 days');
    expect(ttlText(12 * 3600)).toBe('12 hours');
    expect(ttlText(90)).toBe('90 seconds');
    expect(ttlText(120)).toBe('2 minutes');
    expect(ttlText(undefined)).toBe('none (never expires)');
  });

  const detail: Pick<FeastProjectDetail, 'entities' | 'dataSources' | 'featureViews' | 'featureServices' | 'savedDatasets' | 'lineage'> = {
    entities: [{ ...base, name: 'customer', joinKey: 'customer_id', valueType: 'INT64' }],
    dataSources: [
      {
        ...base,
        name: 'transactions_source',
        type: 'BATCH_FILE',
        where: 's3://x',
        timestampField: '',
        createdTimestampColumn: '',
        fieldMapping: {},
        schema: [],
        batchSource: '',
      },
    ],
    featureViews: [
      view('stats', { entities: ['customer'], batchSource: 'transactions_source' }),
      view('risk', { kind: 'onDemandFeatureView', sources: [{ key: 'stats', kind: 'featureView', name: 'stats', features: ['avg'] }] }),
      view('other'),
    ],
    featureServices: [
      { ...base, name: 'model_v2', projections: [{ featureView: 'stats', alias: '', features: ['avg', 'max'] }] },
      { ...base, name: 'model_v1', projections: [{ featureView: 'other', alias: '', features: ['x'] }] },
    ],
    savedDatasets: [
      { ...base, name: 'train', features: [], joinKeys: [], featureService: 'model_v2', storage: '', minEventAt: '', maxEventAt: '' },
      { ...base, name: 'adhoc', features: ['stats:avg'], joinKeys: [], featureService: '', storage: '', minEventAt: '', maxEventAt: '' },
      { ...base, name: 'unrelated', features: ['other:x'], joinKeys: [], featureService: '', storage: '', minEventAt: '', maxEventAt: '' },
    ],
    lineage: [
      { source: { type: 'entity', name: 'customer' }, target: { type: 'featureView', name: 'stats' }, from: 'registry' },
      { source: { type: 'dataSource', name: 'transactions_source' }, target: { type: 'featureView', name: 'stats' }, from: 'registry' },
      { source: { type: 'feature', name: 'avg' }, target: { type: 'featureView', name: 'stats' }, from: 'registry' },
      { source: { type: 'featureView', name: 'stats' }, target: { type: 'featureView', name: 'risk' }, from: 'registry' },
      { source: { type: 'featureView', name: 'stats' }, target: { type: 'featureService', name: 'model_v2' }, from: 'registry' },
      { source: { type: 'featureView', name: 'stats' }, target: { type: 'featureService', name: 'model_v2' }, from: 'registry' },
      { source: { type: 'featureService', name: 'model_v2' }, target: { type: 'savedDataset', name: 'train' }, from: 'objects' },
      { source: { type: 'dataSource', name: 'gone_source' }, target: { type: 'featureView', name: 'other' }, from: 'registry' },
    ],
  };

  it('says what uses a feature view', () => {
    expect(usesOf(detail, 'stats')).toEqual({
      featureServices: [{ name: 'model_v2', features: ['avg', 'max'] }],
      onDemandViews: ['risk'],
      savedDatasets: ['train', 'adhoc'],
    });
    expect(usesOf(detail, 'risk')).toEqual({ featureServices: [], onDemandViews: [], savedDatasets: [] });
  });

  it('draws every object and the registry’s relationships, features left out, duplicates once', () => {
    const g = lineageGraph(detail);
    expect(g.nodes.map((n) => `${n.id} (${n.kindLabel})`)).toEqual([
      'dataSource:transactions_source (data source)',
      'entity:customer (entity)',
      'featureView:stats (feature view)',
      'featureView:risk (on-demand view)',
      'featureView:other (feature view)',
      'featureService:model_v2 (feature service)',
      'featureService:model_v1 (feature service)',
      'savedDataset:train (saved dataset)',
      'savedDataset:adhoc (saved dataset)',
      'savedDataset:unrelated (saved dataset)',
      'dataSource:gone_source (data source)',
    ]);
    expect(g.edges.filter((e) => e.derived).map((e) => e.id)).toEqual(['featureService:model_v2->savedDataset:train']);
    expect(g.edges.map((e) => e.id)).toEqual([
      'entity:customer->featureView:stats',
      'dataSource:transactions_source->featureView:stats',
      'featureView:stats->featureView:risk',
      'featureView:stats->featureService:model_v2',
      'featureService:model_v2->savedDataset:train',
      'dataSource:gone_source->featureView:other',
    ]);
  });
});
