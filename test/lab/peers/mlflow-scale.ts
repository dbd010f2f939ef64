// SPDX-License-Identifier: Apache-2.0
/**
 * `seed --scale N` for MLflow: N × 10,000 runs in lab-a's experiment `scale-runs`, for the
 * MLflow runs benchmark (B9); see seed-mlflow-scale.py for what each run holds and why the rows
 * are written in the server's backend store. Mirrors test/lab/kfp/scale.ts.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mlflowDbPath, mlflowUrl } from './mlflow.ts';
import { ensureEnv, python, pythonEnv } from './python-envs.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** The experiment the scale seed fills. */
export const scaleExperiment = 'scale-runs';
/** Runs per `--scale` step. */
export const runsPerScale = 10_000;

/** Fills `scale-runs` up to `scale` × 10,000 runs; returns the seed's summary line. */
export async function seedMlflowScale(scale: number): Promise<string> {
  await ensureEnv('mlflow');
  const r = spawnSync(
    python('mlflow'),
    [join(here, 'seed-mlflow-scale.py'), '--tracking-uri', mlflowUrl, '--db', mlflowDbPath, '--runs', String(scale * runsPerScale)],
    { env: { ...process.env, ...pythonEnv(), MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT: 'true' }, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`seed-mlflow-scale.py exited with ${r.status ?? r.signal}:\n${(r.stderr ?? '').split('\n').slice(-30).join('\n')}`);
  return r.stdout.trim();
}
