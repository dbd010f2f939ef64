// SPDX-License-Identifier: Apache-2.0
/** Migration 4: metric samples fetched from Prometheus (GPU view), kept for offline history. */
import type { Migration } from './migration';

/**
 * `metric_samples` holds one value per cluster, metric, series (its labels as a key) and time
 * (ms). Re-fetching a range overwrites the same rows; old rows are removed by time.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'metric-samples',
  up(db) {
    db.exec(`
      CREATE TABLE metric_samples (
        cluster TEXT NOT NULL,
        metric TEXT NOT NULL,
        series TEXT NOT NULL,
        at INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (cluster, metric, series, at)
      ) WITHOUT ROWID;
      CREATE INDEX metric_samples_by_time ON metric_samples (cluster, at);
    `);
  },
};
