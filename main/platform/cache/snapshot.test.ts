// SPDX-License-Identifier: Apache-2.0
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheDb } from './cache-db';
import { migrate } from './migrations/index';
import { exportSnapshot, openSnapshot } from './snapshot';
import { openCache, type SqliteCache } from './sqlite-cache';
import { names, pod, pods, podsIn, tempDir } from './testing/fixtures';

const toDispose: { dispose(): void }[] = [];
afterEach(() => {
  for (const d of toDispose.splice(0)) d.dispose();
});

const jobs = { group: 'kubeflow.org', version: 'v1', resource: 'pytorchjobs' };
const secrets = { group: '', version: 'v1', resource: 'secrets' };
const meta = { clusterName: 'Lab', server: 'https://127.0.0.1:6443', takenAt: 1_700_000_000_000 };

async function populated(): Promise<SqliteCache> {
  const c = await openCache({ file: path.join(tempDir(), 'cache.sqlite') });
  toDispose.push(c);
  await c.replaceSlice(podsIn(''), [pod('team', 'p1', '1'), pod('other', 'p2', '1')], '10');
  await c.replaceSlice({ ...podsIn(''), ...jobs }, [pod('team', 'train', '3')], '11');
  await c.replaceSlice({ ...podsIn(''), ...secrets }, [pod('team', 'token', '4', { data: { password: 'aGVsbG8=' } })], '12');
  await c.replaceSlice({ ...podsIn(''), resource: 'nodes' }, [pod(undefined, 'gpu-node', '5')], '13');
  await c.replaceSlice(podsIn('', 'elsewhere'), [pod('team', 'not-this-cluster', '1')], '1');
  await c.setSourceState({ key: podsIn(''), freshness: 'live', resourceVersion: '10', lastSyncedAt: 99, error: undefined });
  await c.appendLogs({ cluster: 'c', namespace: 'team', pod: 'p1', container: 'main' }, ['epoch 1', 'epoch 2'], 50);
  await c.appendLogs({ cluster: 'c', namespace: 'other', pod: 'p2', container: 'main' }, ['x'], 51);
  return c;
}

async function opened(file: string): Promise<CacheDb> {
  const { cache } = await openSnapshot(file);
  toDispose.push(cache);
  return cache;
}

describe('snapshots', () => {
  it('exports one cluster with logs and opens it read-only with its meta', async () => {
    const c = await populated();
    const file = path.join(tempDir(), 'lab.mldeck-snapshot');
    const counts = await exportSnapshot(c, file, { cluster: 'c', includeLogs: true }, meta);
    expect(counts).toEqual({ objects: 4, sources: 3, logLines: 3 });
    expect(readdirSync(path.dirname(file))).toEqual(['lab.mldeck-snapshot']);

    const { cache, meta: read } = await openSnapshot(file);
    toDispose.push(cache);
    expect(read).toEqual({ cluster: 'c', ...meta });
    expect(names(await cache.listObjects('c', pods))).toEqual(['other/p2', 'team/p1']);
    expect(names(await cache.listObjects('c', jobs))).toEqual(['team/train']);
    expect(await cache.listObjects('elsewhere', pods)).toEqual([]);
    expect(await cache.getSourceState(podsIn(''))).toMatchObject({ freshness: 'live', resourceVersion: '10', lastSyncedAt: 99 });
    expect(await cache.readLogs({ cluster: 'c', namespace: 'team', pod: 'p1', container: 'main' })).toEqual({
      lines: ['epoch 1', 'epoch 2'],
      truncated: false,
      lastAt: 50,
    });
    // A standalone file: no -wal next to it, rollback journal mode.
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('delete');
    raw.close();
  });

  it('never exports Secrets', async () => {
    const c = await populated();
    const file = path.join(tempDir(), 's.sqlite');
    await exportSnapshot(c, file, { cluster: 'c', resources: [secrets, pods], includeLogs: false }, meta);
    const snap = await opened(file);
    expect(await snap.listObjects('c', secrets)).toEqual([]);
    expect(await snap.listObjects('c', pods)).toHaveLength(2);
  });

  it('filters by namespaces and kinds, cluster-scoped rows only when "" is listed, logs only when asked', async () => {
    const c = await populated();
    const file = path.join(tempDir(), 'f.sqlite');
    const counts = await exportSnapshot(
      c,
      file,
      { cluster: 'c', namespaces: ['team'], resources: [pods, { ...pods, resource: 'nodes' }], includeLogs: false },
      meta,
    );
    expect(counts).toEqual({ objects: 1, sources: 2, logLines: 0 });
    const snap = await opened(file);
    expect(names(await snap.listObjects('c', pods))).toEqual(['team/p1']);
    expect(await snap.listObjects('c', jobs)).toEqual([]);
    expect(await snap.listObjects('c', { ...pods, resource: 'nodes' })).toEqual([]);
    expect(await snap.listLogKeys('c')).toEqual([]);

    const withNodes = path.join(tempDir(), 'n.sqlite');
    await exportSnapshot(c, withNodes, { cluster: 'c', namespaces: ['team', ''], includeLogs: true }, meta);
    const snap2 = await opened(withNodes);
    expect(names(await snap2.listObjects('c', { ...pods, resource: 'nodes' }))).toEqual(['/gpu-node']);
    expect((await snap2.listLogKeys('c')).map((k) => k.namespace)).toEqual(['team']);
  });

  it('refuses every write with "snapshots are read-only"', async () => {
    const c = await populated();
    const file = path.join(tempDir(), 'ro.sqlite');
    await exportSnapshot(c, file, { cluster: 'c', includeLogs: true }, meta);
    const snap = await opened(file);
    const readOnly = { code: 'validation', message: 'snapshots are read-only' };
    await expect(snap.replaceSlice(podsIn('team'), [], '1')).rejects.toMatchObject(readOnly);
    await expect(snap.applyChanges(podsIn('team'), [], '1')).rejects.toMatchObject(readOnly);
    await expect(
      snap.setSourceState({ key: podsIn(''), freshness: 'offline', resourceVersion: '', lastSyncedAt: undefined, error: undefined }),
    ).rejects.toMatchObject(readOnly);
    await expect(snap.appendLogs({ cluster: 'c', namespace: 'n', pod: 'p', container: 'm' }, ['x'], 1)).rejects.toMatchObject(readOnly);
    await expect(exportSnapshot(snap as SqliteCache, path.join(tempDir(), 'x.sqlite'), { cluster: 'c', includeLogs: false }, meta)).rejects.toMatchObject({
      code: 'validation',
    });
  });

  it('replaces an existing file atomically', async () => {
    const c = await populated();
    const file = path.join(tempDir(), 'again.sqlite');
    writeFileSync(file, 'old');
    await exportSnapshot(c, file, { cluster: 'c', namespaces: ['other'], includeLogs: false }, meta);
    expect(names(await (await opened(file)).listObjects('c', pods))).toEqual(['other/p2']);
  });

  it('refuses files that are not snapshots', async () => {
    const dir = tempDir();
    await expect(openSnapshot(path.join(dir, 'missing.sqlite'))).rejects.toMatchObject({ code: 'not-found' });
    writeFileSync(path.join(dir, 'text.sqlite'), 'hello '.repeat(100));
    await expect(openSnapshot(path.join(dir, 'text.sqlite'))).rejects.toMatchObject({ code: 'validation' });
    // A cache file is not a snapshot (no snapshot_meta).
    const c = await populated();
    c.connection().pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(c.file, path.join(dir, 'cache-copy.sqlite'));
    await expect(openSnapshot(path.join(dir, 'cache-copy.sqlite'))).rejects.toMatchObject({ code: 'validation' });
  });

  it('refuses a snapshot carrying a trigger or a view', async () => {
    const c = await populated();
    const file = path.join(tempDir(), 'hostile.sqlite');
    await exportSnapshot(c, file, { cluster: 'c', includeLogs: false }, meta);
    const db = new Database(file);
    db.exec('CREATE VIEW sneaky AS SELECT 1; CREATE TRIGGER t AFTER INSERT ON objects BEGIN DELETE FROM sources; END;');
    db.close();
    await expect(openSnapshot(file)).rejects.toMatchObject({ code: 'validation' });
  });

  it('opens a snapshot from an older schema through a migrated temporary copy', async () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const db = new Database(file);
    migrate(db, 2);
    db.exec(
      'CREATE TABLE snapshot_meta (id INTEGER PRIMARY KEY CHECK (id = 1), cluster TEXT NOT NULL, cluster_name TEXT NOT NULL, server TEXT NOT NULL, taken_at INTEGER NOT NULL)',
    );
    db.prepare("INSERT INTO snapshot_meta VALUES (1, 'c', 'Old', 'https://old', 5)").run();
    db.prepare(
      "INSERT INTO objects (cluster, api_group, version, resource, namespace, name, json, seen_at) VALUES ('c', '', 'v1', 'pods', 'a', 'p', ?, 1)",
    ).run(JSON.stringify(pod('a', 'p', '1')));
    db.close();
    const { cache, meta: read } = await openSnapshot(file);
    expect(read.clusterName).toBe('Old');
    expect(names(await cache.listObjects('c', pods))).toEqual(['a/p']);
    expect(await cache.listLogKeys('c')).toEqual([]);
    cache.dispose();
    // The original is untouched.
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(2);
    after.close();
    expect(existsSync(file)).toBe(true);
  });
});
