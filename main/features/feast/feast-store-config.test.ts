// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { registryFileOf, storeConfigRegistry } from './feast-store-config';

describe('the registry file a feature_store.yaml names', () => {
  it('takes an s3:// registry given as a path or as a file registry’s path', () => {
    expect(registryFileOf('project: p\nregistry: s3://feast/registry.db\n')).toBe('s3://feast/registry.db');
    expect(registryFileOf('project: p\nregistry:\n  registry_type: file\n  path: s3://datasets/feast/lab-a/registry.db\n  cache_ttl_seconds: 5\n')).toBe(
      's3://datasets/feast/lab-a/registry.db',
    );
    expect(registryFileOf('registry:\n  path: s3://bk1/r.pb\n')).toBe('s3://bk1/r.pb');
  });

  it('leaves other registries to the servers found as Services', () => {
    expect(registryFileOf('registry:\n  registry_type: remote\n  path: feast-registry.feast.svc:80\n')).toBeUndefined();
    expect(registryFileOf('registry:\n  registry_type: sql\n  path: postgresql://u@db/feast\n')).toBeUndefined();
    expect(registryFileOf('registry: data/registry.db\n')).toBeUndefined();
    expect(registryFileOf('registry: gs://bucket/registry.db\n')).toBeUndefined();
    expect(registryFileOf(': not yaml: [')).toBeUndefined();
  });

  it('finds the feature_store.yaml among a ConfigMap’s keys', () => {
    expect(storeConfigRegistry({ 'README.md': 'x', 'feature_store.yaml': 'registry: s3://feast/registry.db' })).toEqual({
      key: 'feature_store.yaml',
      uri: 's3://feast/registry.db',
    });
    expect(storeConfigRegistry({ 'prod-feature_store.yml': 'registry: s3://feast/prod.db' })?.uri).toBe('s3://feast/prod.db');
    expect(storeConfigRegistry({ 'config.yaml': 'registry: s3://feast/registry.db' })).toBeUndefined();
  });
});
