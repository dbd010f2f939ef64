// SPDX-License-Identifier: Apache-2.0
/**
 * Python virtual environments for the lab's peers, one per tool, under
 * `~/.cache/mldeck-lab/venv/<name>`. Each is built from a pinned requirement list and
 * rebuilt only when that list (or the base interpreter's version) changes: a stamp file in
 * the environment records a hash of both. Installs run one at a time (in this process and,
 * through a lock file, across processes) because they are slow and the machine is small.
 * pip's cache lives in `~/.cache/pip` (or `PIP_CACHE_DIR`).
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { logDir, venvDir } from '../paths.ts';

const execFileAsync = promisify(execFile);

/** The lab's Python environments. */
export type EnvName = 'mlflow' | 'jupyter' | 'inference' | 'kfp' | 'jupyterlab' | 'katib' | 'tensorboard' | 'feast';

/** What goes into one environment. */
export interface EnvSpec {
  /** pip requirement specifiers, each pinned with `==`. */
  requirements: string[];
  /** Python modules that must import once the environment is built (the health check). */
  imports: string[];
  /** Extra commands run with the environment's interpreter after pip, e.g. a kernelspec install. */
  postInstall: string[][];
}

/**
 * The pinned environments. Versions were resolved by pip on Python 3.11 on 2026-11-28; the
 * top-level packages are pinned, their dependencies are left to pip.
 *
 * - `mlflow`: the tracking server and the seed script (MlflowClient, boto3 for S3).
 * - `jupyter`: the notebook server and its kernel, with numpy/pandas/matplotlib so notebooks
 *   can show PNG plots and HTML tables.
 * - `inference`: KServe's Python model server (`kserve`), which answers both the V1
 *   (`/v1/models/<m>:predict`) and the V2 Open Inference Protocol (`/v2/models/<m>/infer`)
 *   on one port; MLServer 1.7.1 only speaks V2. scikit-learn is pinned so the pickled
 *   models it trains stay loadable.
 * - `kfp`: the Kubeflow Pipelines SDK, to validate pipeline IR the app writes.
 * - `katib`: the optimisers behind the driven Katib's suggestions (`controllers/katib-suggest.py`),
 *   the packages Katib's own suggestion services use: optuna (tpe, multivariate-tpe, cmaes with
 *   `cmaes`, sobol through scipy's QMC) and scikit-optimize (bayesianoptimization, a Gaussian process).
 * - `tensorboard`: TensorBoard, which the driven Tensorboard controller runs over a log directory
 *   (`volumes/tensorboards.ts`), and the writer of the seeded runs' event files
 *   (`volumes/write-events.py`, TensorBoard's own event file writer; no TensorFlow).
 * - `feast`: the Feast SDK and CLI 0.67.0 (`feast apply`, `feast serve_registry --rest-api`) with its
 *   `aws` extra (S3 registry and Parquet sources) and `grpcio` extra (the REST registry server imports
 *   `grpc` even without gRPC); FastAPI held at 0.140.13 because Feast 0.67.0 passes
 *   `default_status_code=` to `FastAPI()`, which FastAPI >= 0.145 refuses; pandas < 3 as Feast requires
 *   (`feast/`).
 * - `jupyterlab`: JupyterLab 4 (PyPI's newest, 4.6.6) with a `python3` kernel, the baseline of
 *   benchmark B5. Not in `envNames`: it is built the first time B5 runs, not at `lab up`.
 */
export const envSpecs: Record<EnvName, EnvSpec> = {
  mlflow: {
    requirements: ['mlflow==3.17.2', 'boto3==1.44.5'],
    imports: ['mlflow', 'boto3'],
    postInstall: [],
  },
  jupyter: {
    requirements: ['jupyter-server==2.21.1', 'ipykernel==7.4.0', 'nbformat==5.11.1', 'numpy==2.4.6', 'pandas==3.1.1', 'matplotlib==3.11.2'],
    imports: ['jupyter_server', 'ipykernel', 'nbformat', 'numpy', 'pandas', 'matplotlib'],
    postInstall: [['-m', 'ipykernel', 'install', '--sys-prefix', '--name', 'python3', '--display-name', 'Python 3 (ipykernel)']],
  },
  inference: {
    requirements: ['kserve==0.21.0', 'scikit-learn==1.9.1', 'numpy==2.4.6'],
    imports: ['kserve', 'sklearn', 'numpy'],
    postInstall: [],
  },
  kfp: {
    requirements: ['kfp==2.17.3'],
    imports: ['kfp'],
    postInstall: [],
  },
  katib: {
    requirements: ['optuna==5.0.0', 'cmaes==0.13.1', 'scipy==1.17.1', 'scikit-optimize==0.10.2', 'scikit-learn==1.9.1', 'numpy==2.4.6'],
    imports: ['optuna', 'cmaes', 'scipy', 'skopt'],
    postInstall: [],
  },
  tensorboard: {
    requirements: ['tensorboard==2.21.0', 'numpy==2.4.6'],
    imports: ['tensorboard', 'numpy'],
    postInstall: [],
  },
  feast: {
    requirements: ['feast[aws,grpcio]==0.67.0', 'fastapi==0.140.13', 'pandas==2.3.3', 'numpy==2.4.6', 'pyarrow==26.0.1', 'boto3==1.43.117'],
    imports: ['feast', 'fastapi', 'grpc', 'boto3', 'pyarrow'],
    postInstall: [],
  },
  jupyterlab: {
    requirements: ['jupyterlab==4.6.6', 'ipykernel==7.4.0'],
    imports: ['jupyterlab', 'jupyter_server', 'ipykernel'],
    postInstall: [['-m', 'ipykernel', 'install', '--sys-prefix', '--name', 'python3', '--display-name', 'Python 3 (ipykernel)']],
  },
};

/** The environments `lab up` builds, in install order (`jupyterlab` is built on first use by B5). */
export const envNames: EnvName[] = ['mlflow', 'jupyter', 'inference', 'kfp', 'katib', 'tensorboard', 'feast'];

/** No long-running processes: environments are files. */
export const processNames: string[] = [];

/** The directory of one environment. */
export function envDir(env: EnvName): string {
  return join(venvDir, env);
}

/** The interpreter of one environment (`<venv>/bin/python`). */
export function python(env: EnvName): string {
  return join(envDir(env), 'bin', 'python');
}

/** The interpreter that creates the environments: `MLDECK_LAB_PYTHON` or `python3` on PATH. */
export function basePython(): string {
  return process.env.MLDECK_LAB_PYTHON ?? 'python3';
}

/** Environment variables for pip and for every Python process the lab starts. */
export function pythonEnv(): NodeJS.ProcessEnv {
  return {
    PIP_CACHE_DIR: process.env.PIP_CACHE_DIR ?? join(homedir(), '.cache', 'pip'),
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PYTHONUNBUFFERED: '1',
    // MLflow 3 and others phone home unless told not to; the lab only talks to 127.0.0.1.
    MLFLOW_DISABLE_TELEMETRY: 'true',
    DO_NOT_TRACK: 'true',
  };
}

function log(msg: string): void {
  console.log(`[python-envs] ${msg}`);
}

function stampPath(env: EnvName): string {
  return join(envDir(env), '.mldeck-stamp.json');
}

let cachedBaseVersion: string | undefined;

/** The base interpreter's version (`3.11.7`); fails when it is older than 3.10. */
function baseVersion(): string {
  if (cachedBaseVersion) return cachedBaseVersion;
  const r = spawnSync(basePython(), ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot run ${basePython()}: ${r.stderr || r.error?.message}`);
  const v = r.stdout.trim();
  const [major, minor] = v.split('.').map(Number);
  if (major !== 3 || (minor ?? 0) < 10) throw new Error(`the lab needs Python >= 3.10, ${basePython()} is ${v}`);
  cachedBaseVersion = v;
  return v;
}

/** The hash that decides whether an environment must be rebuilt. */
export function specHash(env: EnvName): string {
  const spec = envSpecs[env];
  return createHash('sha256')
    .update(JSON.stringify({ python: baseVersion(), requirements: spec.requirements, postInstall: spec.postInstall }))
    .digest('hex');
}

/** Is the environment built from the current pinned list? */
export function isFresh(env: EnvName): boolean {
  if (!existsSync(stampPath(env)) || !existsSync(python(env))) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampPath(env), 'utf8')) as { hash?: string };
    return stamp.hash === specHash(env);
  } catch {
    return false;
  }
}

/** Runs a command, copying its output to a log file and the interesting lines to the console. */
function run(env: EnvName, cmd: string, args: string[], logFile: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const out = createWriteStream(logFile, { flags: 'a' });
    out.write(`\n$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { env: { ...process.env, ...pythonEnv() }, stdio: ['ignore', 'pipe', 'pipe'] });
    const show = /^(Collecting|Installing collected|Successfully installed|ERROR|Installed kernelspec)/;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        out.write(line + '\n');
        if (show.test(line)) log(`${env}: ${line.length > 200 ? line.slice(0, 200) + '…' : line}`);
      });
    }
    child.on('error', reject);
    child.on('close', (code) => {
      out.end();
      if (code === 0) resolvePromise();
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}; see ${logFile}`));
    });
  });
}

const lockFile = join(venvDir, '.install.lock');

/** Takes the cross-process install lock, waiting while another live process holds it. */
async function takeLock(): Promise<void> {
  mkdirSync(venvDir, { recursive: true });
  for (;;) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return;
    } catch {
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      let alive = false;
      try {
        if (holder > 0 && holder !== process.pid) {
          process.kill(holder, 0);
          alive = true;
        }
      } catch {
        alive = false;
      }
      if (!alive) {
        rmSync(lockFile, { force: true });
        continue;
      }
      log(`waiting for process ${holder}, which is installing Python packages`);
      await sleep(5000);
    }
  }
}

let queue: Promise<void> = Promise.resolve();

/** Runs installs one after another within this process. */
function serialized<T>(fn: () => Promise<T>): Promise<T> {
  const result = queue.then(fn);
  queue = result.then(
    () => undefined,
    () => undefined,
  );
  return result;
}

/**
 * Builds the environment if its stamp does not match the pinned list. A rebuilt environment
 * is created from scratch (no leftovers of an older list). Prints progress; takes minutes.
 */
export function ensureEnv(env: EnvName): Promise<void> {
  if (isFresh(env)) return Promise.resolve();
  return serialized(async () => {
    await takeLock();
    try {
      if (isFresh(env)) return;
      const spec = envSpecs[env];
      const dir = envDir(env);
      mkdirSync(logDir, { recursive: true });
      const logFile = join(logDir, `pip-${env}.log`);
      const started = Date.now();
      log(`${env}: building ${dir} from ${spec.requirements.join(' ')} (a few minutes; full log in ${logFile})`);
      rmSync(dir, { recursive: true, force: true });
      await run(env, basePython(), ['-m', 'venv', dir], logFile);
      await run(env, python(env), ['-m', 'pip', 'install', '--no-input', '--progress-bar', 'off', ...spec.requirements], logFile);
      for (const args of spec.postInstall) await run(env, python(env), args, logFile);
      const frozen = spawnSync(python(env), ['-m', 'pip', 'freeze', '--all'], { encoding: 'utf8' }).stdout;
      writeFileSync(join(dir, 'requirements.lock.txt'), frozen);
      writeFileSync(
        stampPath(env),
        JSON.stringify({ hash: specHash(env), python: baseVersion(), requirements: spec.requirements, builtAt: new Date().toISOString() }, null, 2),
      );
      log(`${env}: ready in ${Math.round((Date.now() - started) / 1000)} s`);
    } finally {
      rmSync(lockFile, { force: true });
    }
  });
}

/** Builds every environment that is missing or stale, one at a time. */
export async function start(): Promise<void> {
  for (const env of envNames) await ensureEnv(env);
}

/**
 * Checks that each environment is fresh and its key modules import. Runs the interpreters
 * asynchronously: a blocking spawnSync here would stall the event loop for seconds while
 * other peers' health requests are in flight.
 */
export async function health(): Promise<{ ok: boolean; detail: string }> {
  const problems: string[] = [];
  for (const env of envNames) {
    if (!isFresh(env)) {
      problems.push(`${env}: not built or stale`);
      continue;
    }
    try {
      await execFileAsync(python(env), ['-c', `import ${envSpecs[env].imports.join(', ')}`], { env: { ...process.env, ...pythonEnv() }, timeout: 60_000 });
    } catch (e) {
      const stderr = typeof e === 'object' && e !== null && 'stderr' in e ? String(e.stderr) : String(e);
      problems.push(`${env}: import failed: ${stderr.trim().split('\n').pop() ?? ''}`);
    }
  }
  return problems.length ? { ok: false, detail: problems.join('; ') } : { ok: true, detail: `${envNames.join(', ')} built under ${venvDir}` };
}
