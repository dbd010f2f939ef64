// SPDX-License-Identifier: Apache-2.0
/**
 * Starting, checking and stopping the lab's processes. Each process is started detached,
 * with its output in `logs/<name>.log` and its id in `pids/<name>.json`; `down` stops
 * exactly those ids (after checking the command line still matches), never by name.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { logDir, pidDir } from './paths.ts';

/** What is recorded for a started process. */
export interface PidRecord {
  name: string;
  pid: number;
  command: string;
  args: string[];
  startedAt: string;
  /** The program the command ends up running, when it execs another (e.g. `unshare … sh -c 'exec …'`). */
  exec?: string;
}

/** Options for {@link startProcess}. */
export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** See {@link PidRecord.exec}. */
  exec?: string;
}

/** Is the process with this id alive and still running the command we started? */
export function isRunning(rec: PidRecord): boolean {
  try {
    process.kill(rec.pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${rec.pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    // Python console scripts run under the interpreter; accept either the command or an interpreter.
    // a command that execs another passes through `sh -c` on its way (see StartOptions.exec)
    if (rec.exec && (cmdline === rec.exec || cmdline === 'sh')) return true;
    return cmdline === rec.command || cmdline.endsWith('/' + rec.command.split('/').pop()) || /python|node/.test(cmdline);
  } catch {
    return process.platform !== 'linux';
  }
}

/** Reads a pid record, or undefined when the process was never started. */
export function readPid(name: string): PidRecord | undefined {
  const file = join(pidDir, `${name}.json`);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as PidRecord;
}

/** Every pid record the lab has written. */
export function allPids(): PidRecord[] {
  if (!existsSync(pidDir)) return [];
  return readdirSync(pidDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(pidDir, f), 'utf8')) as PidRecord);
}

/**
 * Starts `command args` detached unless a process of this name is already running.
 * @returns the pid record, and whether it was already running.
 */
export function startProcess(name: string, command: string, args: string[], opts: StartOptions = {}): { rec: PidRecord; reused: boolean } {
  const existing = readPid(name);
  if (existing && isRunning(existing)) return { rec: existing, reused: true };
  mkdirSync(logDir, { recursive: true });
  mkdirSync(pidDir, { recursive: true });
  const out = openSync(join(logDir, `${name}.log`), 'a');
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', ...opts.env },
    cwd: opts.cwd,
  });
  closeSync(out);
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  child.unref();
  const rec: PidRecord = { name, pid: child.pid, command, args, startedAt: new Date().toISOString(), ...(opts.exec ? { exec: opts.exec } : {}) };
  writeFileSync(join(pidDir, `${name}.json`), JSON.stringify(rec, null, 2));
  return { rec, reused: false };
}

/** Stops one recorded process (TERM, then KILL after a grace period) and removes its record. */
export async function stopProcess(rec: PidRecord, graceMs = 8000): Promise<void> {
  if (isRunning(rec)) {
    try {
      process.kill(-rec.pid, 'SIGTERM'); // its process group: detached children lead their own group
    } catch {
      try {
        process.kill(rec.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && isRunning(rec)) await sleep(100);
    if (isRunning(rec)) {
      try {
        process.kill(-rec.pid, 'SIGKILL');
      } catch {
        process.kill(rec.pid, 'SIGKILL');
      }
    }
  }
  rmSync(join(pidDir, `${rec.name}.json`), { force: true });
}

/** The last lines of a process's log, for error messages. */
export function logTail(name: string, lines = 20): string {
  const file = join(logDir, `${name}.log`);
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/**
 * Polls `check` until it returns true or the time runs out; fails with the process's log tail.
 * @param name - the process whose log is shown on failure
 */
export async function waitFor(name: string, what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    }
    const rec = readPid(name);
    if (rec && !isRunning(rec)) throw new Error(`${name} exited while waiting for ${what}:\n${logTail(name)}`);
    await sleep(250);
  }
  throw new Error(`${name}: timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (${lastError})` : ''}\n${logTail(name)}`);
}

/** An HTTP(S) GET that resolves to the status code, or throws on connection errors. */
export async function httpStatus(url: string, init: RequestInit = {}): Promise<number> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(3000) });
  await res.arrayBuffer();
  return res.status;
}
