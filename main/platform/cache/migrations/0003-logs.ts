// SPDX-License-Identifier: Apache-2.0
/** Migration 3: kept container logs, bounded per container and in total. */
import type { Migration } from './migration';

/**
 * `log_containers` has one row per container with its byte total (of kept line text, UTF-8) and
 * whether older lines were evicted; `log_lines` holds the lines in arrival order (`seq`, never
 * reused thanks to AUTOINCREMENT, so the oldest lines are the smallest `seq` everywhere).
 */
export const migration0003: Migration = {
  version: 3,
  name: 'logs',
  up(db) {
    db.exec(`
      CREATE TABLE log_containers (
        id INTEGER PRIMARY KEY,
        cluster TEXT NOT NULL,
        namespace TEXT NOT NULL,
        pod TEXT NOT NULL,
        container TEXT NOT NULL,
        bytes INTEGER NOT NULL DEFAULT 0,
        last_at INTEGER,
        truncated INTEGER NOT NULL DEFAULT 0,
        UNIQUE (cluster, namespace, pod, container)
      );
      CREATE TABLE log_lines (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        container_id INTEGER NOT NULL REFERENCES log_containers (id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        line TEXT NOT NULL
      );
      CREATE INDEX log_lines_by_container ON log_lines (container_id, seq);
    `);
  },
};
