// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { FeastEntity, FeastFeatureView } from './feast.contract';
import { matchProject, sortMatches } from './feast-search';

const view = (name: string, features: string[], kind: FeastFeatureView['kind'] = 'featureView'): FeastFeatureView => ({
  name,
  kind,
  description: '',
  owner: '',
  tags: {},
  createdAt: '',
  updatedAt: '',
  features: features.map((f) => ({ name: f, valueType: 'FLOAT', description: '', tags: {} })),
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
});
const entity = (name: string, joinKey: string): FeastEntity => ({
  name,
  joinKey,
  valueType: 'INT64',
  description: '',
  owner: '',
  tags: {},
  createdAt: '',
  updatedAt: '',
});

describe('searching Feast projects', () => {
  const a = { clusterId: 'a', registryId: 'svc:feast/feast-registry', registryLabel: 'feast/feast-registry', project: 'fraud' } as const;
  const b = { clusterId: 'b', registryId: 'url', registryLabel: 'http://r', project: 'churn' } as const;

  it('finds features (with their view), views and entities by part of the name, case aside', () => {
    const got = matchProject(
      a,
      { featureViews: [view('customer_transaction_stats', ['avg_transaction_amount', 'last_country'])], entities: [entity('customer', 'customer_id')] },
      'Transaction',
    );
    expect(got.map((m) => [m.kind, m.name, m.featureView, m.exact])).toEqual([
      ['featureView', 'customer_transaction_stats', 'customer_transaction_stats', false],
      ['feature', 'avg_transaction_amount', 'customer_transaction_stats', false],
    ]);
    expect(matchProject(a, { featureViews: [], entities: [entity('customer', 'customer_id')] }, 'customer_id')).toMatchObject([
      { kind: 'entity', name: 'customer', exact: true, valueType: 'INT64' },
    ]);
    expect(matchProject(a, { featureViews: [view('v', ['x'])], entities: [] }, '  ')).toEqual([]);
  });

  it('puts exact names first, then by name and cluster', () => {
    const m = [
      ...matchProject(b, { featureViews: [view('customer_billing', ['avg_transaction_amount'])], entities: [] }, 'avg_transaction_amount'),
      ...matchProject(a, { featureViews: [view('stats', ['avg_transaction_amount_7d', 'avg_transaction_amount'])], entities: [] }, 'avg_transaction_amount'),
    ];
    expect(sortMatches(m).map((x) => `${x.clusterId}:${x.featureView}.${x.name}`)).toEqual([
      'a:stats.avg_transaction_amount',
      'b:customer_billing.avg_transaction_amount',
      'a:stats.avg_transaction_amount_7d',
    ]);
  });
});
