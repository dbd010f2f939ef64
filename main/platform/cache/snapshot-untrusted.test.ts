// SPDX-License-Identifier: Apache-2.0
/** Snapshots from someone else: each kind of crafted file is refused with a clear message; good ones still open. */
import { closeSync, copyFileSync, openSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { exportSnapshot, openSnapshot } from './snapshot';
import { openCache } from './sqlite-cache';
import { names, pod, pods, podsIn, tempDir } from './testing/fixtures';

const toDispose: { dispose(): void }[] = [];
afterEach(() => {
  for (const d of toDispose.splice(0)) d.dispose();
});

const meta = { clusterName: 'Lab', server: 'https://127.0.0.1:6443', takenAt: 1_700_000_000_000 };
const MiB = 1024 * 1024;

/** A genuine snapshot with a few pods and log lines. */
async function goodSnapshot(): Promise<string> {
  const c = await openCache({ file: path.join(tempDir(), 'cache.sqlite') });
  toDispose.push(c);
  await c.replaceSlice(
    podsIn(''),
    Array.from({ length: 40 }, (_, i) => pod('team', `p${i}`, String(i), { spec: { note: 'x'.repeat(300) } })),
    '10',
  );
  await c.appendLogs({ cluster: 'c', namespace: 'team', pod: 'p1', container: 'main' }, ['epoch 1', 'epoch 2'], 50);
  const file = path.join(tempDir(), 'snap.mldeck-snapshot');
  await exportSnapshot(c, file, { cluster: 'c', includeLogs: true }, meta);
  return file;
}

/** Changes a snapshot with a writable connection (defensive mode off, so sqlite_master can be edited). */
function tamper(file: string, fn: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    fn(db);
  } finally {
    db.close();
  }
}

/** Rewrites sqlite_master directly, as a crafted file would have it. */
function editSchema(file: string, sql: string): void {
  tamper(file, (db) => {
    db.unsafeMode(true);
    db.pragma('writable_schema = ON');
    db.exec(sql);
    db.pragma('writable_schema = OFF');
  });
}

async function refusal(file: string): Promise<{ code: string; message: string }> {
  try {
    const { cache } = await openSnapshot(file);
    cache.dispose();
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error(`${file} was opened`);
}

describe('opening untrusted snapshots', () => {
  it('opens a good snapshot, one with statistics as ANALYZE makes them, and the bundled sample', async () => {
    const file = await goodSnapshot();
    const { cache } = await openSnapshot(file);
    toDispose.push(cache);
    expect(names(await cache.listObjects('c', pods))).toHaveLength(40);

    tamper(file, (db) => db.exec('ANALYZE'));
    const stats = new Database(file, { readonly: true });
    expect(stats.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%' ORDER BY name").pluck().all()).toEqual([
      'sqlite_stat1',
      'sqlite_stat4',
    ]);
    stats.close();
    const analysed = await openSnapshot(file);
    toDispose.push(analysed.cache);
    expect(await analysed.cache.listObjects('c', pods)).toHaveLength(40);

    const sample = path.join(tempDir(), 'sample.mldeck-snapshot');
    copyFileSync(path.resolve(__dirname, '../../../resources/sample-workspace.mldeck-snapshot'), sample);
    const opened = await openSnapshot(sample);
    toDispose.push(opened.cache);
    expect(opened.meta.clusterName).not.toBe('');
  });

  it('refuses a 300 MiB value before reading it', async () => {
    const file = await goodSnapshot();
    tamper(file, (db) => db.prepare('UPDATE log_lines SET line = zeroblob(?) WHERE seq = (SELECT min(seq) FROM log_lines)').run(300 * MiB));
    const e = await refusal(file);
    expect(e.code).toBe('validation');
    expect(e.message).toMatch(/table log_lines holds a value of 300 MiB, over the 16 MiB a snapshot value may have/);
  }, 60_000);

  it('refuses a row over the row cap even when each value is under the value cap', async () => {
    const file = await goodSnapshot();
    tamper(file, (db) =>
      db
        .prepare("UPDATE objects SET json = zeroblob(?), uid = zeroblob(?), resource_version = zeroblob(?) WHERE name = 'p3'")
        .run(12 * MiB, 12 * MiB, 12 * MiB),
    );
    const e = await refusal(file);
    expect(e.code).toBe('validation');
    expect(e.message).toMatch(/table objects holds a row of 36 MiB, over the 32 MiB a snapshot row may have/);
  });

  it('refuses triggers and views, also under a name that looks like SQLite statistics', async () => {
    const withTrigger = await goodSnapshot();
    tamper(withTrigger, (db) => db.exec('CREATE TRIGGER t AFTER INSERT ON objects BEGIN DELETE FROM sources; END;'));
    expect(await refusal(withTrigger)).toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/it contains trigger t, which MLDeck snapshots never have/),
    });

    const disguised = await goodSnapshot();
    tamper(disguised, (db) => db.exec('CREATE TRIGGER evil AFTER INSERT ON objects BEGIN DELETE FROM sources; END;'));
    editSchema(disguised, "UPDATE sqlite_master SET name = 'sqlite_stat1_t' WHERE name = 'evil'");
    // SQLite itself refuses a trigger under a reserved name when it reads the schema
    expect(await refusal(disguised)).toMatchObject({ code: 'validation', message: expect.stringMatching(/not a usable MLDeck snapshot: .*sqlite_stat1_t/) });

    const withView = await goodSnapshot();
    tamper(withView, (db) => db.exec('CREATE VIEW pod_names AS SELECT name FROM objects'));
    expect(await refusal(withView)).toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/it contains view pod_names, which MLDeck snapshots never have/),
    });

    const withTable = await goodSnapshot();
    tamper(withTable, (db) => db.exec('CREATE TABLE extra (x)'));
    expect(await refusal(withTable)).toMatchObject({ code: 'validation', message: expect.stringMatching(/it contains table extra/) });
  });

  it('refuses a sqlite_stat4 that SQLite did not make: another shape, or rows about objects not in the file', async () => {
    const reshaped = await goodSnapshot();
    tamper(reshaped, (db) => db.exec('ANALYZE'));
    editSchema(reshaped, "UPDATE sqlite_master SET sql = 'CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample,extra)' WHERE name = 'sqlite_stat4'");
    expect(await refusal(reshaped)).toMatchObject({ code: 'validation', message: expect.stringMatching(/table sqlite_stat4 is not the table SQLite makes/) });

    const crafted = await goodSnapshot();
    tamper(crafted, (db) => {
      db.exec('ANALYZE');
      db.prepare("INSERT INTO sqlite_stat4 VALUES ('attacker_table', 'attacker_index', '1 1', '0 0', '0 0', x'00')").run();
    });
    expect(await refusal(crafted)).toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/sqlite_stat4 has a row about attacker_table\/attacker_index/),
    });

    const stat3 = await goodSnapshot();
    tamper(stat3, (db) => db.exec('CREATE TABLE stat3(tbl,idx,neq,nlt,sample)'));
    editSchema(
      stat3,
      "UPDATE sqlite_master SET name = 'sqlite_stat3', tbl_name = 'sqlite_stat3', sql = 'CREATE TABLE sqlite_stat3(tbl,idx,neq,nlt,sample)' WHERE name = 'stat3'",
    );
    expect(await refusal(stat3)).toMatchObject({ code: 'validation', message: expect.stringMatching(/table sqlite_stat3/) });
  });

  it('refuses a file with a corrupt cell', async () => {
    const file = await goodSnapshot();
    const probe = new Database(file, { readonly: true });
    const pageSize = probe.pragma('page_size', { simple: true }) as number;
    const root = probe.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'log_containers'").pluck().get() as number;
    probe.close();
    // log_containers has one row: its root page is a leaf (type 13) whose first cell pointer we aim past the page's end
    const fd = openSync(file, 'r+');
    try {
      const page = Buffer.alloc(pageSize);
      readSync(fd, page, 0, pageSize, (root - 1) * pageSize);
      expect(page[0]).toBe(13);
      const pointer = Buffer.alloc(2);
      pointer.writeUInt16BE(pageSize - 3);
      writeSync(fd, pointer, 0, 2, (root - 1) * pageSize + 8);
    } finally {
      closeSync(fd);
    }
    const e = await refusal(file);
    expect(e.code).toBe('validation');
    expect(e.message).toMatch(/is not a usable MLDeck snapshot: it is damaged/);
  });
});
