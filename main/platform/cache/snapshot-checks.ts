// SPDX-License-Identifier: Apache-2.0
/**
 * The checks a snapshot file passes before MLDeck reads a row of it, since a snapshot may come
 * from someone else: connection settings for an untrusted file (`trusted_schema=OFF`,
 * `cell_size_check=ON`), a schema of known objects only (no views, no triggers, no tables or
 * indexes of its own; `sqlite_stat1`/`sqlite_stat4` only exactly as SQLite's ANALYZE makes them,
 * and only about our tables), and caps on the size of one value and of one row, measured from the
 * record headers (`octet_length`, which does not read the values) before anything is read.
 * better-sqlite3 does not expose `sqlite3_limit`, hence the measuring queries.
 */
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';

/** The largest single value (one column of one row) a snapshot may hold: 16 MiB. */
export const snapshotValueCap = 16 * 1024 * 1024;
/** The largest row (all its values together) a snapshot may hold: 32 MiB. */
export const snapshotRowCap = 32 * 1024 * 1024;

/** `type name` → normalised SQL (null for SQLite's automatic indexes). */
export type Schema = Map<string, string | null>;

/** Settings for a connection to an untrusted file; call before reading anything. */
export function applyUntrustedSettings(db: Database.Database): void {
  // no SQL functions with side effects from the schema (defaults, generated columns, views)
  db.pragma('trusted_schema = OFF');
  // every cell's size is checked against its page as it is read: a crafted cell is an error, not an overread
  db.pragma('cell_size_check = ON');
}

/** Every object in the file's schema, sqlite_stat* included. */
export function readSchema(db: Database.Database): Schema {
  const rows = db.prepare<[], { type: string; name: string; sql: string | null }>('SELECT type, name, sql FROM sqlite_master').all();
  return new Map(rows.map((r) => [`${r.type} ${r.name}`, r.sql === null ? null : normalizeSql(r.sql)]));
}

/** SQL with insignificant whitespace removed, so equal schemas compare equal however they were typed. */
export function normalizeSql(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),])\s*/g, '$1')
    .trim();
}

let statCache: Schema | undefined;

/** The statistics tables this SQLite makes with ANALYZE (sqlite_stat1, and sqlite_stat4 as built here). */
export function sqliteStatTables(): Schema {
  if (statCache) return statCache;
  const mem = new Database(':memory:');
  try {
    mem.exec('CREATE TABLE t(a); CREATE INDEX i ON t(a); INSERT INTO t VALUES (1), (2); ANALYZE;');
    statCache = new Map([...readSchema(mem)].filter(([k]) => /^table sqlite_stat\d$/.test(k)));
    return statCache;
  } finally {
    mem.close();
  }
}

/**
 * What is wrong with a file's schema, or undefined.
 * @param expected - our schema at the file's version (without statistics tables)
 * @param exact - also require every expected object, with the same SQL (else: names only, for an older schema)
 */
export function schemaProblem(db: Database.Database, expected: Schema, exact: boolean): string | undefined {
  const actual = readSchema(db);
  const stats = sqliteStatTables();
  for (const [key, sql] of actual) {
    if (key.startsWith('table sqlite_stat') && stats.has(key)) {
      if (stats.get(key) !== sql) return `${key} is not the table SQLite makes (${sql ?? 'no SQL'})`;
      continue;
    }
    if (!expected.has(key)) return `it contains ${key}, which MLDeck snapshots never have`;
    if (exact && expected.get(key) !== sql) return `${key} is not defined as MLDeck defines it`;
  }
  if (exact) for (const key of expected.keys()) if (!actual.has(key)) return `${key} is missing`;
  return statRowsProblem(db, actual);
}

/** Statistics may only speak of the file's own tables and indexes. */
function statRowsProblem(db: Database.Database, actual: Schema): string | undefined {
  const tables = new Set<string>();
  const indexes = new Set<string>();
  for (const key of actual.keys()) {
    const [type, name] = [key.slice(0, key.indexOf(' ')), key.slice(key.indexOf(' ') + 1)];
    if (type === 'table' && !name.startsWith('sqlite_stat')) tables.add(name);
    if (type === 'index') indexes.add(name);
  }
  for (const stat of ['sqlite_stat1', 'sqlite_stat4']) {
    if (!actual.has(`table ${stat}`)) continue;
    const rows = db.prepare<[], { tbl: unknown; idx: unknown }>(`SELECT DISTINCT tbl, idx FROM ${stat}`).all();
    for (const r of rows) {
      const tblOk = typeof r.tbl === 'string' && tables.has(r.tbl);
      const idxOk = r.idx === null ? stat === 'sqlite_stat1' : typeof r.idx === 'string' && (indexes.has(r.idx) || r.idx === r.tbl);
      if (!tblOk || !idxOk) return `${stat} has a row about ${String(r.tbl)}/${String(r.idx)}, which is not in the file`;
    }
  }
  return undefined;
}

const mib = (n: number) => `${Math.round(n / 1024 / 1024)} MiB`;

/**
 * Measures every table's largest value and row without reading the values.
 * @throws AppError('validation') naming the table and the size when one is over a cap
 */
export function checkSizes(db: Database.Database, file: string, caps = { value: snapshotValueCap, row: snapshotRowCap }): void {
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
  for (const { name } of tables) {
    const cols = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_xinfo(${quoteString(name)})`).all();
    if (cols.length === 0) continue;
    const lens = cols.map((c) => `coalesce(octet_length(${quoteId(c.name)}), 0)`);
    const sql = `SELECT max(v) AS value, max(r) AS row FROM (SELECT max(${lens.join(', ')}, 0) AS v, ${lens.join(' + ')} AS r FROM ${quoteId(name)})`;
    const got = db.prepare<[], { value: number | null; row: number | null }>(sql).get();
    const value = got?.value ?? 0;
    const row = got?.row ?? 0;
    if (value > caps.value)
      throw new AppError(
        'validation',
        `The snapshot ${file} was not opened: table ${name} holds a value of ${mib(value)}, over the ${mib(caps.value)} a snapshot value may have.`,
      );
    if (row > caps.row)
      throw new AppError(
        'validation',
        `The snapshot ${file} was not opened: table ${name} holds a row of ${mib(row)}, over the ${mib(caps.row)} a snapshot row may have.`,
      );
  }
}

function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
