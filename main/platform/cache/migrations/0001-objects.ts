// SPDX-License-Identifier: Apache-2.0
/** Migration 1: the object table, one row per cached Kubernetes object. */
import type { Migration } from './migration';

/**
 * `objects` is keyed by (cluster, api_group, version, resource, namespace, name); `namespace` is
 * `''` for cluster-scoped objects. `json` is the object as the API server sent it; `seen_at` is when
 * this version of the row was written (ms since epoch). A rowid table with the key as a unique
 * index: rows are ~4 KB, too large for a WITHOUT ROWID b-tree.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'objects',
  up(db) {
    db.exec(`
      CREATE TABLE objects (
        cluster TEXT NOT NULL,
        api_group TEXT NOT NULL,
        version TEXT NOT NULL,
        resource TEXT NOT NULL,
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        uid TEXT NOT NULL DEFAULT '',
        resource_version TEXT NOT NULL DEFAULT '',
        json TEXT NOT NULL,
        seen_at INTEGER NOT NULL,
        PRIMARY KEY (cluster, api_group, version, resource, namespace, name)
      );
    `);
  },
};
