// SPDX-License-Identifier: Apache-2.0
/** Migration 6: notebooks kept for offline reading, and drafts of notebooks being edited. */
import type { Migration } from './migration';

/**
 * `notebook_copies` holds the last copy seen of each notebook opened or saved, with its outputs,
 * per cluster, namespace, notebook server and path (`dir` is the folder, for offline listings;
 * `kept_at` orders eviction). `notebook_drafts` holds the user's unsaved edits, never evicted.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'notebooks',
  up(db) {
    db.exec(`
      CREATE TABLE notebook_copies (
        cluster TEXT NOT NULL,
        namespace TEXT NOT NULL,
        server TEXT NOT NULL,
        path TEXT NOT NULL,
        dir TEXT NOT NULL,
        last_modified TEXT NOT NULL,
        size INTEGER NOT NULL,
        kept_at INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (cluster, namespace, server, path)
      );
      CREATE INDEX notebook_copies_by_dir ON notebook_copies (cluster, namespace, server, dir);
      CREATE INDEX notebook_copies_by_age ON notebook_copies (kept_at);
      CREATE TABLE notebook_drafts (
        cluster TEXT NOT NULL,
        namespace TEXT NOT NULL,
        server TEXT NOT NULL,
        path TEXT NOT NULL,
        saved_at INTEGER NOT NULL,
        base_last_modified TEXT,
        json TEXT NOT NULL,
        PRIMARY KEY (cluster, namespace, server, path)
      );
    `);
  },
};
