// SPDX-License-Identifier: Apache-2.0
/**
 * A small Feast registry for unit tests, as Feast writes one (`feast.core.Registry`, snake_case
 * fields as in the .proto files): project `fraud` with an entity, a file and a request source, a
 * feature view, an on-demand view reading both, a feature service and a saved dataset; project
 * `legacy` known only by its `project_metadata`, holding one entity.
 */
import { RegistryType } from './proto/feast-proto';

const ts = { seconds: 1_764_000_000, nanos: 0 };

/** The registry as a plain object. */
export const registryFixture = {
  projects: [
    {
      spec: { name: 'fraud', description: 'Card fraud', owner: 'risk@example.com', tags: { team: 'risk' } },
      meta: { created_timestamp: ts, last_updated_timestamp: ts },
    },
  ],
  project_metadata: [
    { project: 'fraud', project_uuid: 'u1' },
    { project: 'legacy', project_uuid: 'u2' },
  ],
  entities: [
    {
      spec: { name: 'customer', project: 'fraud', value_type: 'INT64', join_key: 'customer_id', description: 'A card holder', tags: { pii: 'false' } },
      meta: { created_timestamp: ts },
    },
    { spec: { name: '__dummy', project: 'fraud', join_key: '__dummy_id' } },
    { spec: { name: 'account', project: 'legacy', value_type: 'STRING', join_key: 'account_id' } },
  ],
  data_sources: [
    {
      name: 'tx_source',
      project: 'fraud',
      type: 'BATCH_FILE',
      timestamp_field: 'event_timestamp',
      file_options: { uri: 's3://datasets/tx.parquet' },
    },
    {
      name: 'tx_request',
      project: 'fraud',
      type: 'REQUEST_SOURCE',
      request_data_options: { schema: [{ name: 'amount', value_type: 'DOUBLE' }] },
    },
  ],
  feature_views: [
    {
      spec: {
        name: 'customer_stats',
        project: 'fraud',
        entities: ['customer'],
        features: [
          { name: 'avg_amount', value_type: 'FLOAT', description: 'Mean amount' },
          { name: 'recent', value_type: 'STRING_LIST' },
        ],
        entity_columns: [{ name: 'customer_id', value_type: 'INT64' }],
        ttl: { seconds: 86_400 },
        batch_source: { name: 'tx_source', type: 'BATCH_FILE', file_options: { uri: 's3://datasets/tx.parquet' } },
        online: true,
        tags: { tier: 'gold' },
      },
      meta: { created_timestamp: ts },
    },
  ],
  on_demand_feature_views: [
    {
      spec: {
        name: 'amount_ratio',
        project: 'fraud',
        features: [{ name: 'ratio', value_type: 'DOUBLE' }],
        sources: {
          customer_stats: { feature_view_projection: { feature_view_name: 'customer_stats', feature_columns: [{ name: 'avg_amount', value_type: 'FLOAT' }] } },
          tx_request: { request_data_source: { name: 'tx_request', type: 'REQUEST_SOURCE' } },
        },
        mode: 'python',
        feature_transformation: { user_defined_function: { name: 'ratio', body_text: 'def ratio(x): ...' } },
      },
    },
  ],
  feature_services: [
    {
      spec: {
        name: 'fraud_v1',
        project: 'fraud',
        features: [
          { feature_view_name: 'customer_stats', feature_columns: [{ name: 'avg_amount', value_type: 'FLOAT' }] },
          { feature_view_name: 'amount_ratio', feature_columns: [{ name: 'ratio', value_type: 'DOUBLE' }] },
        ],
      },
    },
  ],
  saved_datasets: [
    {
      spec: {
        name: 'training_2026',
        project: 'fraud',
        features: ['customer_stats:avg_amount', 'amount_ratio:ratio'],
        join_keys: ['customer_id'],
        feature_service_name: 'fraud_v1',
        storage: { file_storage: { uri: 's3://datasets/training.parquet' } },
      },
    },
  ],
};

/** The registry's bytes, as a registry file holds them. */
export function registryFixtureBytes(): Uint8Array {
  return RegistryType.encode(RegistryType.fromObject(registryFixture)).finish();
}
