// SPDX-License-Identifier: Apache-2.0
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireCacheLock, isProcessAlive } from './cache-lock';
import { tempDir } from './testing/fixtures';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A process that is alive until the test ends. */
async function livePid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child.pid as number;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const pid = Number(r.stdout.toString());
  expect(isProcessAlive(pid)).toBe(false);
  return pid;
}

describe('acquireCacheLock', () => {
  it('creates cache.lock with pid and startedAt, and removes it on dispose', async () => {
    const dir = tempDir();
    const lock = await acquireCacheLock(dir);
    expect(lock.file).toBe(path.join(dir, 'cache.lock'));
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toEqual({ pid: process.pid, startedAt: expect.any(Number) });
    await expect(acquireCacheLock(dir)).rejects.toMatchObject({ code: 'conflict' });
    lock.dispose();
    expect(existsSync(lock.file)).toBe(false);
    (await acquireCacheLock(dir)).dispose();
  });

  it('refuses a lock held by a live process, naming its pid', async () => {
    const dir = tempDir();
    const pid = await livePid();
    writeFileSync(path.join(dir, 'cache.lock'), JSON.stringify({ pid, startedAt: Date.now() }));
    await expect(acquireCacheLock(dir)).rejects.toMatchObject({ code: 'conflict', message: `MLDeck is already running with this data directory (pid ${pid})` });
    expect(JSON.parse(readFileSync(path.join(dir, 'cache.lock'), 'utf8')).pid).toBe(pid);
  });

  it('takes over a lock whose process is dead', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'cache.lock'), JSON.stringify({ pid: deadPid(), startedAt: 1 }));
    const lock = await acquireCacheLock(dir);
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
    lock.dispose();
  });

  it("takes over a lock with this process's pid that this process does not hold (a previous run, e.g. pid 1 in a container)", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'cache.lock'), JSON.stringify({ pid: process.pid, startedAt: 1 }));
    (await acquireCacheLock(dir)).dispose();
  });

  it('treats an unreadable lock as being written if fresh, and as stale if old', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'cache.lock');
    writeFileSync(file, '');
    await expect(acquireCacheLock(dir)).rejects.toMatchObject({ code: 'conflict' });
    utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    (await acquireCacheLock(dir)).dispose();
  });

  it('does not remove a lock that another process took over', async () => {
    const dir = tempDir();
    const lock = await acquireCacheLock(dir);
    const pid = await livePid();
    writeFileSync(lock.file, JSON.stringify({ pid, startedAt: Date.now() }));
    lock.dispose();
    expect(existsSync(lock.file)).toBe(true);
  });
});
