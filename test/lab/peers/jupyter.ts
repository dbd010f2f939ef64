// SPDX-License-Identifier: Apache-2.0
/**
 * The lab's Jupyter server (jupyter-server 2.21.1, ipykernel 7.4.0) on 127.0.0.1:18888,
 * token `mldeck-lab-token`, notebooks under `<state>/notebooks`, with a `python3` kernel
 * that has numpy, pandas and matplotlib (PNG plots, HTML tables).
 *
 * No `base_url`: the server answers at `/` (`/api/status`, `/api/contents`, …). Kubeflow
 * notebook pods serve under `/notebook/<namespace>/<name>/`; clients that build such paths
 * must strip that prefix (or test against a server started with `--ServerApp.base_url`).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, stateDir } from '../paths.ts';
import { peerPorts } from '../ports.ts';
import { startProcess, waitFor } from '../process.ts';
import { ensureEnv, python, pythonEnv } from './python-envs.ts';
import { errorText, probe } from './http.ts';

/** The server's fixed token (send `Authorization: token mldeck-lab-token`). */
export const JUPYTER_TOKEN = 'mldeck-lab-token';
/** Base URL (no base_url prefix). */
export const jupyterUrl = `http://127.0.0.1:${peerPorts.jupyter}`;
/** The server's root directory. */
export const notebooksDir = join(stateDir, 'notebooks');

/** Process names this module starts. */
export const processNames = ['jupyter'];

/** A small nbformat 4.5 notebook whose cells make an HTML table and a PNG plot when run. */
function welcomeNotebook(): string {
  const cell = (id: string, type: 'markdown' | 'code', source: string): Record<string, unknown> =>
    type === 'markdown'
      ? { id, cell_type: 'markdown', metadata: {}, source }
      : { id, cell_type: 'code', metadata: {}, source, outputs: [], execution_count: null };
  return JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: { name: 'python3', display_name: 'Python 3 (ipykernel)', language: 'python' },
        language_info: { name: 'python' },
      },
      cells: [
        cell('intro', 'markdown', '# MLDeck lab\nRun the cells: the first prints a table, the second draws a plot.'),
        cell(
          'table',
          'code',
          'import numpy as np, pandas as pd\nrng = np.random.default_rng(42)\ndf = pd.DataFrame({"epoch": range(1, 11), "loss": np.exp(-np.arange(10) / 3) + rng.normal(0, 0.02, 10)})\ndf',
        ),
        cell(
          'plot',
          'code',
          '%matplotlib inline\nimport matplotlib.pyplot as plt\nplt.plot(df.epoch, df.loss, marker="o")\nplt.title("training loss")\nplt.show()',
        ),
      ],
    },
    null,
    1,
  );
}

/** Starts the Jupyter server (or reuses a healthy one). */
export async function start(): Promise<void> {
  if ((await health()).ok) return;
  await ensureEnv('jupyter');
  const jdir = join(stateDir, 'jupyter');
  for (const d of [notebooksDir, join(jdir, 'config'), join(jdir, 'runtime'), join(jdir, 'ipython')]) mkdirSync(d, { recursive: true });
  const welcome = join(notebooksDir, 'welcome.ipynb');
  if (!existsSync(welcome)) writeFileSync(welcome, welcomeNotebook());
  startProcess(
    'jupyter',
    python('jupyter'),
    [
      '-m',
      'jupyter_server',
      '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${peerPorts.jupyter}`,
      '--ServerApp.port_retries=0',
      '--ServerApp.open_browser=False',
      `--ServerApp.root_dir=${notebooksDir}`,
      `--IdentityProvider.token=${JUPYTER_TOKEN}`,
      '--allow-root',
    ],
    {
      env: {
        ...pythonEnv(),
        // Keep the user's ~/.jupyter and ~/.ipython out of the lab.
        JUPYTER_CONFIG_DIR: join(jdir, 'config'),
        JUPYTER_RUNTIME_DIR: join(jdir, 'runtime'),
        JUPYTER_PLATFORM_DIRS: '1',
        IPYTHONDIR: join(jdir, 'ipython'),
        MPLCONFIGDIR: join(cacheDir, 'matplotlib'),
      },
      cwd: notebooksDir,
    },
  );
  await waitFor('jupyter', 'GET /api/status', async () => (await health()).ok, 60_000);
}

/** Healthy when `GET /api/status` with the token answers 200. */
export async function health(): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await probe(`${jupyterUrl}/api/status`, { headers: { Authorization: `token ${JUPYTER_TOKEN}` } });
    const body = await res.text();
    return res.status === 200
      ? { ok: true, detail: `${jupyterUrl}/api/status: ${body}` }
      : { ok: false, detail: `${jupyterUrl}/api/status: HTTP ${res.status}` };
  } catch (e) {
    return { ok: false, detail: `${jupyterUrl}: ${errorText(e)}` };
  }
}
