// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrate, schemaVersion } from './index';
import { freshDb, indexes } from '../testing/migration-db';

describe('migration 0005-metric-samples-by-age', () => {
  it('indexes samples by time, so trimming every cluster by age uses it, and keeps the rows', () => {
    const db = freshDb();
    migrate(db, 4);
    db.prepare("INSERT INTO metric_samples (cluster, metric, series, at, value) VALUES ('c', 'util', 's', 1, 5)").run();
    expect(migrate(db, 5)).toEqual([5]);
    expect(latestSchemaVersion).toBeGreaterThanOrEqual(5);
    expect(schemaVersion(db)).toBe(5);
    expect(indexes(db, 'metric_samples')).toEqual(expect.arrayContaining(['metric_samples_by_age', 'metric_samples_by_time']));
    const plan = db
      .prepare<[], { detail: string }>('EXPLAIN QUERY PLAN DELETE FROM metric_samples WHERE at < 10')
      .all()
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/USING (COVERING )?INDEX metric_samples_by_age \(at<\?\)/);
    expect(db.prepare('SELECT value FROM metric_samples').pluck().get()).toBe(5);
    db.close();
  });
});
