// SPDX-License-Identifier: Apache-2.0
/**
 * JupyterLab 4 (PyPI, the lab's `jupyterlab` virtualenv, built on first use) as B5's
 * baseline: `jupyter lab` on 127.0.0.1 at a free port, a random token, a given root folder,
 * and its config, data, runtime and IPython directories in a temporary folder so the user's
 * ~/.jupyter does not leak in. Nothing phones home: no news feed and no "get notified about
 * Jupyter news?" toast (`fetchNews: "false"` in the user settings), no update check, and the
 * read-only extension manager (the default one queries PyPI). Every other setting is the default.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureEnv, python, pythonEnv } from '../lab/peers/python-envs';

/** A running JupyterLab. */
export interface JupyterLabServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  token: string;
  /** What the server printed (for errors). */
  output(): string;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and removes its temporary folders. */
  stop(): Promise<void>;
}

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve, reject) => srv.listen(0, '127.0.0.1', resolve).on('error', reject));
  const addr = srv.address();
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  if (!addr || typeof addr === 'string') throw new Error('no free port');
  return addr.port;
}

/** Waits until `child` exits (or at most `ms`); true when it did. */
function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

/**
 * Starts JupyterLab serving `rootDir` and waits for `GET /api/status` to answer 200.
 * @param rootDir - the folder whose notebooks it serves
 */
export async function startJupyterLab(rootDir: string): Promise<JupyterLabServer> {
  await ensureEnv('jupyterlab');
  const home = mkdtempSync(join(tmpdir(), 'mldeck-b5-jupyterlab-'));
  const dirs = { config: join(home, 'config'), data: join(home, 'data'), runtime: join(home, 'runtime'), ipython: join(home, 'ipython') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  // user settings (LabApp.user_settings_dir defaults to <config>/lab/user-settings)
  const notification = join(dirs.config, 'lab', 'user-settings', '@jupyterlab', 'apputils-extension');
  mkdirSync(notification, { recursive: true });
  writeFileSync(join(notification, 'notification.jupyterlab-settings'), JSON.stringify({ fetchNews: 'false', checkForUpdates: false }));
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    python('jupyterlab'),
    [
      '-m',
      'jupyterlab',
      '--no-browser',
      '--ip=127.0.0.1',
      `--port=${port}`,
      '--ServerApp.port_retries=0',
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${rootDir}`,
      '--ServerApp.allow_root=True',
      '--LabApp.news_url=None',
      '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate',
      '--LabApp.extension_manager=readonly',
    ],
    {
      cwd: rootDir,
      env: {
        ...process.env,
        ...pythonEnv(),
        JUPYTER_CONFIG_DIR: dirs.config,
        JUPYTER_DATA_DIR: dirs.data,
        JUPYTER_RUNTIME_DIR: dirs.runtime,
        JUPYTER_PLATFORM_DIRS: '1',
        IPYTHONDIR: dirs.ipython,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const keep = (b: Buffer) => {
    out += b.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const stop = async () => {
    if (!(await exited(child, 0))) {
      child.kill('SIGTERM');
      if (!(await exited(child, 10_000))) {
        child.kill('SIGKILL');
        await exited(child, 5_000);
      }
    }
    rmSync(home, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`jupyter lab exited with ${child.exitCode}:\n${out.slice(-4000)}`);
    }
    try {
      const res = await fetch(`${url}/api/status`, { headers: { Authorization: `token ${token}` }, signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`jupyter lab did not answer /api/status within 90 s:\n${out.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { url, token, output: () => out, stop };
}
