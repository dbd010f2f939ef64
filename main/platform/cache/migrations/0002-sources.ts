// SPDX-License-Identifier: Apache-2.0
/** Migration 2: the sync state of each source (a kind in a cluster, one namespace or all). */
import type { Migration } from './migration';

/**
 * `sources` holds one {@link SourceState} per (cluster, api_group, version, resource, namespace);
 * `namespace` is `''` for an all-namespaces or cluster-scoped source.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'sources',
  up(db) {
    db.exec(`
      CREATE TABLE sources (
        cluster TEXT NOT NULL,
        api_group TEXT NOT NULL,
        version TEXT NOT NULL,
        resource TEXT NOT NULL,
        namespace TEXT NOT NULL,
        freshness TEXT NOT NULL CHECK (freshness IN ('live', 'syncing', 'reconnecting', 'offline', 'forbidden')),
        resource_version TEXT NOT NULL DEFAULT '',
        last_synced_at INTEGER,
        error TEXT,
        PRIMARY KEY (cluster, api_group, version, resource, namespace)
      );
    `);
  },
};
