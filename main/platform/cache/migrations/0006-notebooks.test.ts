// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrate, schemaVersion } from './index';
import { columns, freshDb, indexes } from '../testing/migration-db';

describe('migration 0006-notebooks', () => {
  it('creates the notebook copy and draft tables, one row per server and path', () => {
    const db = freshDb();
    migrate(db, 5);
    expect(migrate(db, 6)).toEqual([6]);
    expect(latestSchemaVersion).toBeGreaterThanOrEqual(6);
    expect(schemaVersion(db)).toBe(6);
    expect(columns(db, 'notebook_copies')).toEqual([
      'cluster TEXT NOT NULL PK1',
      'namespace TEXT NOT NULL PK2',
      'server TEXT NOT NULL PK3',
      'path TEXT NOT NULL PK4',
      'dir TEXT NOT NULL',
      'last_modified TEXT NOT NULL',
      'size INTEGER NOT NULL',
      'kept_at INTEGER NOT NULL',
      'json TEXT NOT NULL',
    ]);
    expect(indexes(db, 'notebook_copies')).toEqual(expect.arrayContaining(['notebook_copies_by_dir', 'notebook_copies_by_age']));
    expect(columns(db, 'notebook_drafts')).toEqual([
      'cluster TEXT NOT NULL PK1',
      'namespace TEXT NOT NULL PK2',
      'server TEXT NOT NULL PK3',
      'path TEXT NOT NULL PK4',
      'saved_at INTEGER NOT NULL',
      'base_last_modified TEXT',
      'json TEXT NOT NULL',
    ]);
    const insert = db.prepare("INSERT INTO notebook_drafts (cluster, namespace, server, path, saved_at, json) VALUES ('c', 'n', 's', 'a.ipynb', 1, ?)");
    insert.run('{}');
    expect(() => insert.run('{}')).toThrow(/UNIQUE|PRIMARY KEY/);
    db.close();
  });

  it('earlier tables keep their rows through it', () => {
    const db = freshDb();
    migrate(db, 5);
    db.prepare("INSERT INTO metric_samples (cluster, metric, series, at, value) VALUES ('c', 'util', 's', 1, 5)").run();
    expect(migrate(db, 6)).toEqual([6]);
    expect(db.prepare('SELECT value FROM metric_samples').pluck().get()).toBe(5);
    db.close();
  });
});
