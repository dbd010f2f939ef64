// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrate, schemaVersion } from './index';
import { columns, freshDb, indexes } from '../testing/migration-db';

describe('migration 0003-logs', () => {
  it('creates the log tables, lines cascading with their container', () => {
    const db = freshDb();
    migrate(db, 2);
    expect(migrate(db, 3)).toEqual([3]);
    expect(schemaVersion(db)).toBe(3);
    expect(columns(db, 'log_containers')).toEqual([
      'id INTEGER PK1',
      'cluster TEXT NOT NULL',
      'namespace TEXT NOT NULL',
      'pod TEXT NOT NULL',
      'container TEXT NOT NULL',
      'bytes INTEGER NOT NULL',
      'last_at INTEGER',
      'truncated INTEGER NOT NULL',
    ]);
    expect(columns(db, 'log_lines')).toEqual([
      'seq INTEGER PK1',
      'container_id INTEGER NOT NULL',
      'at INTEGER NOT NULL',
      'bytes INTEGER NOT NULL',
      'line TEXT NOT NULL',
    ]);
    expect(indexes(db, 'log_containers')).toEqual(['sqlite_autoindex_log_containers_1']);
    expect(indexes(db, 'log_lines')).toEqual(['log_lines_by_container']);

    db.pragma('foreign_keys = ON');
    db.prepare("INSERT INTO log_containers (id, cluster, namespace, pod, container) VALUES (1, 'c', 'n', 'p', 'main')").run();
    db.prepare("INSERT INTO log_lines (container_id, at, bytes, line) VALUES (1, 1, 3, 'hi')").run();
    expect(() => db.prepare("INSERT INTO log_lines (container_id, at, bytes, line) VALUES (2, 1, 3, 'hi')").run()).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM log_containers WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM log_lines').pluck().get()).toBe(0);
    db.close();
  });

  it('keeps its rows through every later migration', () => {
    const db = freshDb();
    migrate(db, 3);
    db.prepare("INSERT INTO log_containers (id, cluster, namespace, pod, container, bytes) VALUES (1, 'c', 'n', 'p', 'main', 3)").run();
    expect(migrate(db)).toEqual(Array.from({ length: latestSchemaVersion - 3 }, (_, i) => i + 4));
    expect(db.prepare('SELECT bytes FROM log_containers').pluck().get()).toBe(3);
    db.close();
  });
});
