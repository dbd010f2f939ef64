// SPDX-License-Identifier: Apache-2.0
// `npm start`: build what is stale, then open the desktop window when the Electron binary is
// installed or can be installed; otherwise (or with --browser) run browser mode, print the
// URL (with its token) to this terminal only and open a browser if there is one, through a
// 0600 redirect file that carries a one-time code (no command line holds the token). Other
// flags (--port N, --no-open) pass through.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildAll } from './build.mjs';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');
const passThrough = args.filter((a) => a !== '--browser');

await buildAll({ ifStale: true });

/** The Electron binary, installing it once if needed; undefined when it cannot be had. */
function electronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  if (!existsSync(dir)) return { why: 'the electron package is not installed' };
  const pathFile = join(dir, 'path.txt');
  const installed = () => existsSync(pathFile) && existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8')));
  if (!installed()) {
    console.log('Fetching the Electron binary (first start)…');
    const r = spawnSync(process.execPath, [join(dir, 'install.js')], { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0 || !installed()) {
      const reason =
        `${r.stderr ?? ''}${r.stdout ?? ''}`
          .split('\n')
          .find((l) => /error|fail/i.test(l))
          ?.trim() ?? 'no details';
      return { why: `the Electron binary could not be downloaded (${reason}); see README, "When the Electron download is blocked"` };
    }
  }
  return { path: join(dir, 'dist', readFileSync(pathFile, 'utf8')) };
}

function run(cmd, cmdArgs) {
  const child = spawn(cmd, cmdArgs, { stdio: 'inherit', cwd: root });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const electron = forceBrowser ? { why: '--browser was given' } : noDisplay ? { why: 'there is no display' } : electronBinary();
if (electron.path) {
  run(electron.path, ['.', ...passThrough]);
} else {
  const why = electron.why;
  console.log(`Starting MLDeck in browser mode (${why}).`);
  run(process.execPath, [join(root, 'out', 'main', 'browser-host.mjs'), '--open', ...passThrough]);
}
