// SPDX-License-Identifier: Apache-2.0
/** The shape of one numbered schema migration. */
import type { Database } from 'better-sqlite3';

/** One schema change. `up` runs inside a transaction that also sets `PRAGMA user_version`. */
export interface Migration {
  /** 1, 2, 3…: the `user_version` the database is at after this migration. */
  readonly version: number;
  /** A short name, matching the file name (`0001-objects.ts` → `objects`). */
  readonly name: string;
  /** Applies the change. Must be deterministic and must not commit or roll back. */
  up(db: Database): void;
}
