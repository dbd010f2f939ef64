// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrate, schemaVersion } from './index';
import { columns, freshDb, indexes } from '../testing/migration-db';

describe('migration 0001-objects', () => {
  it('creates the object table keyed by cluster, group, version, resource, namespace and name', () => {
    const db = freshDb();
    expect(migrate(db, 1)).toEqual([1]);
    expect(schemaVersion(db)).toBe(1);
    expect(columns(db, 'objects')).toEqual([
      'cluster TEXT NOT NULL PK1',
      'api_group TEXT NOT NULL PK2',
      'version TEXT NOT NULL PK3',
      'resource TEXT NOT NULL PK4',
      'namespace TEXT NOT NULL PK5',
      'name TEXT NOT NULL PK6',
      'uid TEXT NOT NULL',
      'resource_version TEXT NOT NULL',
      'json TEXT NOT NULL',
      'seen_at INTEGER NOT NULL',
    ]);
    expect(indexes(db, 'objects')).toEqual(['sqlite_autoindex_objects_1']);
    const insert = db.prepare(
      "INSERT INTO objects (cluster, api_group, version, resource, namespace, name, json, seen_at) VALUES ('c', '', 'v1', 'pods', 'n', 'p', '{}', 1)",
    );
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE/);
    db.close();
  });

  it('keeps its rows through every later migration', () => {
    const db = freshDb();
    migrate(db, 1);
    db.prepare(
      "INSERT INTO objects (cluster, api_group, version, resource, namespace, name, uid, resource_version, json, seen_at) VALUES ('c', 'kubeflow.org', 'v1', 'pytorchjobs', 'team', 'train', 'u1', '42', '{\"a\":1}', 7)",
    ).run();
    migrate(db);
    expect(schemaVersion(db)).toBe(latestSchemaVersion);
    expect(db.prepare('SELECT * FROM objects').all()).toEqual([
      {
        cluster: 'c',
        api_group: 'kubeflow.org',
        version: 'v1',
        resource: 'pytorchjobs',
        namespace: 'team',
        name: 'train',
        uid: 'u1',
        resource_version: '42',
        json: '{"a":1}',
        seen_at: 7,
      },
    ]);
    db.close();
  });
});
