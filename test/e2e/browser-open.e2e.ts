// SPDX-License-Identifier: Apache-2.0
/**
 * Browser mode's start as `npm start` does it (`--open`), with a stand-in `xdg-open` on PATH that
 * records its arguments and stays running: no process's command line or environment holds the
 * session token, the opener was given only a 0600 redirect file, nothing but stdout ever shows
 * the token, and the redirect file opens the app in Chromium through a one-time code that works
 * once only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');

/** Every readable `/proc/<pid>/<file>` whose bytes contain `needle`, as "pid: command". */
function processesHolding(needle: string, file: 'cmdline' | 'environ'): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(`/proc/${pid}/${file}`);
    } catch {
      continue; // gone, or another user's environ
    }
    if (bytes.includes(needle)) found.push(`${pid}: ${bytes.toString().replace(/\0/g, ' ').slice(0, 200)}`);
  }
  return found;
}

/** Files under `dir` (recursively) whose bytes contain `needle`. */
function filesHolding(dir: string, needle: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if (readFileSync(path).includes(needle)) found.push(path);
  }
  return found;
}

describe('browser mode opened with --open', () => {
  const work = mkdtempSync(join(tmpdir(), 'mldeck-open-e2e-'));
  const dataDir = join(work, 'home');
  const bin = join(work, 'bin');
  const record = join(work, 'opener-argv.txt');
  let host: ChildProcess;
  let out = '';
  let err = '';
  let token = '';
  let browser: Browser | undefined;

  beforeAll(async () => {
    mkdirSync(dataDir);
    mkdirSync(bin);
    // the stand-in opener: records its arguments, then stays running while the test looks
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$0" "$@" > '${record}'\ntrap 'kill $! 2>/dev/null; exit 0' TERM\nsleep 60 &\nwait\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const env: NodeJS.ProcessEnv = { ...process.env, MLDECK_HOME: dataDir, HOME: dataDir, PATH: `${bin}:${process.env.PATH ?? ''}` };
    delete env.KUBECONFIG;
    host = spawn(process.execPath, [join(root, 'out', 'main', 'browser-host.mjs'), '--open', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    host.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    host.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const deadline = Date.now() + 30_000;
    while (!(/Open: http:\/\/127\.0\.0\.1:\d+\/#token=([0-9a-f]{64})/.test(out) && existsSync(record))) {
      if (Date.now() > deadline || host.exitCode !== null) throw new Error(`the host did not start and open:\n${out}\n${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    token = (/#token=([0-9a-f]{64})/.exec(out) as RegExpExecArray)[1] as string;
  });

  afterAll(async () => {
    await browser?.close();
    if (host && host.exitCode === null) host.kill('SIGKILL');
    // the stand-in opener this test started (found by its own path)
    for (const p of processesHolding(join(bin, 'xdg-open'), 'cmdline')) process.kill(Number(p.split(':')[0]), 'SIGTERM');
    rmSync(work, { recursive: true, force: true });
  });

  it('puts the token on no command line and in no environment; the opener gets only a 0600 file', () => {
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(processesHolding(token, 'cmdline')).toEqual([]);
    expect(processesHolding(token, 'environ')).toEqual([]);
    const argv = readFileSync(record, 'utf8').trim().split('\n');
    expect(argv).toHaveLength(2);
    expect(argv[0]).toBe(join(bin, 'xdg-open'));
    const file = argv[1] as string;
    expect(argv.join(' ')).not.toContain(token);
    expect(file.startsWith(dataDir)).toBe(true);
    expect(file).toMatch(/\.html$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toContain(token);
    const code = /#code=([0-9a-f]{64})/.exec(html)?.[1] as string;
    expect(code).toBeTruthy();
    // the opener is still running with its arguments: neither shows the code either
    expect(processesHolding(code, 'cmdline')).toEqual([]);
    expect(processesHolding(file, 'cmdline').length).toBeGreaterThan(0);
  });

  it('opens the app from the file; the code works once; the file then holds a fresh one', async () => {
    const file = readFileSync(record, 'utf8').trim().split('\n')[1] as string;
    const firstCode = /#code=([0-9a-f]{64})/.exec(readFileSync(file, 'utf8'))?.[1] as string;
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const first = await browser.newPage();
    await first.goto(`file://${file}`);
    await first.getByTestId('welcome').waitFor({ timeout: 30_000 });
    expect(first.url()).toBe(`http://127.0.0.1:${port}/`);
    expect(await first.evaluate(() => sessionStorage.getItem('mldeck.token'))).toBe(token);

    // the used code gets nothing in a new tab
    const replay = await (await browser.newContext()).newPage();
    await replay.goto(`http://127.0.0.1:${port}/#code=${firstCode}`);
    await replay.getByRole('alert').filter({ hasText: 'already used' }).waitFor({ timeout: 30_000 });
    expect(await replay.getByTestId('welcome').count()).toBe(0);

    // the file was renewed: opening it again works
    const html = readFileSync(file, 'utf8');
    expect(html).not.toContain(firstCode);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await (await browser.newContext()).newPage();
    await again.goto(`file://${file}`);
    await again.getByTestId('welcome').waitFor({ timeout: 30_000 });
  });

  it('shows the token nowhere but stdout, and removes the file when it stops', async () => {
    const file = readFileSync(record, 'utf8').trim().split('\n')[1] as string;
    expect(out).toContain(token);
    expect(err).not.toContain(token);
    expect(filesHolding(dataDir, token)).toEqual([]);
    const exited = new Promise((r) => host.once('exit', r));
    host.kill('SIGTERM');
    await exited;
    expect(existsSync(file)).toBe(false);
    expect(err).not.toContain(token);
  });
});
