// SPDX-License-Identifier: Apache-2.0
/**
 * Test-only: small executable credential plugins written as Node scripts (the shebang names this
 * Node binary, so they run with `shell: false`).
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PRELUDE = `
const fs = require('node:fs');
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO || '{}');
const out = (status) => process.stdout.write(JSON.stringify({ apiVersion: info.apiVersion, kind: 'ExecCredential', status }));
`;

const SCRIPTS = {
  /** Answers with its argv (JSON) as the token; records KUBERNETES_EXEC_INFO and env to $INFO_FILE. */
  echo: `
if (process.env.INFO_FILE) fs.writeFileSync(process.env.INFO_FILE, JSON.stringify({ info, env: process.env, argv: process.argv.slice(2) }));
out({ token: JSON.stringify(process.argv.slice(2)), expirationTimestamp: process.env.EXPIRES || undefined });
`,
  /** Counts its runs in $COUNTER_FILE and answers token t<n>. */
  counter: `
const f = process.env.COUNTER_FILE;
const n = (fs.existsSync(f) ? Number(fs.readFileSync(f, 'utf8')) : 0) + 1;
fs.writeFileSync(f, String(n));
out({ token: 't' + n, expirationTimestamp: process.env.EXPIRES || undefined });
`,
  /** Prints a device-code prompt, starts a grandchild, records both pids in $PIDS_FILE, then sleeps. */
  sleeper: `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
fs.writeFileSync(process.env.PIDS_FILE, JSON.stringify([process.pid, child.pid]));
process.stderr.write('To sign in, open https://example.test/device and enter code ABCD-EFGH\\n');
setTimeout(() => {}, 120000);
`,
  /** Fails with a message on stderr. */
  failing: `
process.stderr.write('error: refresh token expired, run login again\\n');
process.exit(3);
`,
} as const;

/** The available test plugins. */
export type PluginName = keyof typeof SCRIPTS;

/** Writes the plugins into a fresh directory. @returns the directory and each plugin's path */
export function writePlugins(): { dir: string; path: Record<PluginName, string> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mldeck-plugins-'));
  const paths = {} as Record<PluginName, string>;
  for (const [name, body] of Object.entries(SCRIPTS) as [PluginName, string][]) {
    const file = path.join(dir, `kube-${name}`);
    writeFileSync(file, `#!${process.execPath}\n${PRELUDE}${body}`);
    chmodSync(file, 0o755);
    paths[name] = file;
  }
  return { dir, path: paths };
}

/** Whether a pid is a live (non-zombie) process. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return process.platform !== 'linux';
  }
}
