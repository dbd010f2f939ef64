// SPDX-License-Identifier: Apache-2.0
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Migration, migrate, migrations, schemaVersion } from './index';
import { freshDb } from '../testing/migration-db';

describe('migrate', () => {
  it('numbers migrations 1, 2, 3… matching their files', () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const files = readdirSync(here)
      .filter((f) => /^\d{4}-.*\.ts$/.test(f) && !f.endsWith('.test.ts'))
      .sort();
    expect(files.map((f) => f.replace(/\.ts$/, ''))).toEqual(migrations.map((m) => `${String(m.version).padStart(4, '0')}-${m.name}`));
    migrations.forEach((m, i) => expect(m.version).toBe(i + 1));
  });

  it('applies pending migrations in order and records user_version', () => {
    const db = freshDb();
    expect(migrate(db, 1)).toEqual([1]);
    expect(migrate(db)).toEqual([2, 3, 4, 5, 6]);
    expect(schemaVersion(db)).toBe(6);
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('rolls a failing migration back whole, keeping the earlier ones', () => {
    const db = freshDb();
    const failing: Migration = {
      version: 2,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_done (x)');
        throw new Error('boom');
      },
    };
    const list = [migrations[0] as Migration, failing];
    expect(() => migrate(db, 2, list)).toThrow('boom');
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database from a newer MLDeck', () => {
    const db = freshDb();
    db.pragma('user_version = 99');
    expect(() => migrate(db)).toThrow(expect.objectContaining({ code: 'conflict' }));
    db.close();
  });
});
