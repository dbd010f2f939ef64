// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from './index';
import { columns, freshDb, indexes } from '../testing/migration-db';

describe('migration 0004-metric-samples', () => {
  it('creates the metric sample table, one row per cluster, metric, series and time', () => {
    const db = freshDb();
    migrate(db, 3);
    expect(migrate(db, 4)).toEqual([4]);
    expect(schemaVersion(db)).toBe(4);
    expect(columns(db, 'metric_samples')).toEqual([
      'cluster TEXT NOT NULL PK1',
      'metric TEXT NOT NULL PK2',
      'series TEXT NOT NULL PK3',
      'at INTEGER NOT NULL PK4',
      'value REAL NOT NULL',
    ]);
    expect(indexes(db, 'metric_samples')).toContain('metric_samples_by_time');
    const insert = db.prepare("INSERT INTO metric_samples (cluster, metric, series, at, value) VALUES ('c', 'util', 's', 1, ?)");
    insert.run(5);
    expect(() => insert.run(6)).toThrow(/UNIQUE|PRIMARY KEY/);
    db.close();
  });

  it('earlier tables keep their rows through it', () => {
    const db = freshDb();
    migrate(db, 3);
    db.prepare("INSERT INTO log_containers (id, cluster, namespace, pod, container, bytes) VALUES (1, 'c', 'n', 'p', 'main', 3)").run();
    expect(migrate(db, 4)).toEqual([4]);
    expect(db.prepare('SELECT bytes FROM log_containers').pluck().get()).toBe(3);
    db.close();
  });
});
