// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrate, schemaVersion } from './index';
import { columns, freshDb, indexes } from '../testing/migration-db';

describe('migration 0002-sources', () => {
  it('creates the sources table with a freshness check', () => {
    const db = freshDb();
    migrate(db, 1);
    expect(migrate(db, 2)).toEqual([2]);
    expect(schemaVersion(db)).toBe(2);
    expect(columns(db, 'sources')).toEqual([
      'cluster TEXT NOT NULL PK1',
      'api_group TEXT NOT NULL PK2',
      'version TEXT NOT NULL PK3',
      'resource TEXT NOT NULL PK4',
      'namespace TEXT NOT NULL PK5',
      'freshness TEXT NOT NULL',
      'resource_version TEXT NOT NULL',
      'last_synced_at INTEGER',
      'error TEXT',
    ]);
    expect(indexes(db, 'sources')).toEqual(['sqlite_autoindex_sources_1']);
    expect(() =>
      db.prepare("INSERT INTO sources (cluster, api_group, version, resource, namespace, freshness) VALUES ('c', '', 'v1', 'pods', '', 'stale')").run(),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('keeps its rows (and the objects) through every later migration', () => {
    const db = freshDb();
    migrate(db, 2);
    db.prepare(
      "INSERT INTO objects (cluster, api_group, version, resource, namespace, name, json, seen_at) VALUES ('c', '', 'v1', 'pods', 'n', 'p', '{}', 1)",
    ).run();
    db.prepare(
      "INSERT INTO sources (cluster, api_group, version, resource, namespace, freshness, resource_version, last_synced_at, error) VALUES ('c', '', 'v1', 'pods', '', 'offline', '99', 5, 'gone')",
    ).run();
    migrate(db);
    expect(schemaVersion(db)).toBe(latestSchemaVersion);
    expect(db.prepare('SELECT * FROM sources').all()).toEqual([
      {
        cluster: 'c',
        api_group: '',
        version: 'v1',
        resource: 'pods',
        namespace: '',
        freshness: 'offline',
        resource_version: '99',
        last_synced_at: 5,
        error: 'gone',
      },
    ]);
    expect(db.prepare('SELECT count(*) FROM objects').pluck().get()).toBe(1);
    db.close();
  });
});
