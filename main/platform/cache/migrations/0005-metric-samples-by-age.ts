// SPDX-License-Identifier: Apache-2.0
/** Migration 5: an index on the metric samples' time alone, for trimming every cluster's old samples at once. */
import type { Migration } from './migration';

/**
 * Old samples are removed by time across all clusters (`DELETE ... WHERE at < ?`), which the
 * `(cluster, at)` index cannot serve. That index stays: caches and snapshots made at version 4
 * have it, and a snapshot may hold only what the latest schema has.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'metric-samples-by-age',
  up(db) {
    db.exec(`CREATE INDEX metric_samples_by_age ON metric_samples (at);`);
  },
};
