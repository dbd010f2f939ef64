// SPDX-License-Identifier: Apache-2.0
/**
 * Seeds the peers with realistic content: MLflow experiments, runs, metric histories,
 * logged models and registered models (seed-mlflow.py, run in the `mlflow` environment
 * through MlflowClient), and dataset and model objects in S3. Idempotent: what exists is
 * kept, so a second call takes seconds.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureModels, modelsDir } from './inference.ts';
import * as mlflow from './mlflow.ts';
import { ensureEnv, python, pythonEnv } from './python-envs.ts';
import * as s3 from './s3.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Registered models the seed creates (tests may rely on these names). */
export const seededRegisteredModels = ['fraud-clf', 'churn-xgb', 'iris', 'resnet50-products'] as const;
/** Experiments the seed creates. */
export const seededExperiments = ['fraud-detection', 'churn-prediction', 'image-classifier', 'llm-finetune', 'iris-classifier'] as const;

/**
 * Seeds MLflow and S3. Starts (or reuses) the S3 and MLflow peers and trains the iris models
 * if needed; prints the seed's progress lines.
 */
export async function seedPeers(): Promise<void> {
  await s3.start();
  await mlflow.start();
  await ensureModels();
  await ensureEnv('mlflow');
  await new Promise<void>((resolvePromise, reject) => {
    const child = spawn(python('mlflow'), [join(here, 'seed-mlflow.py'), '--tracking-uri', mlflow.mlflowUrl, '--models-dir', modelsDir], {
      env: { ...process.env, ...pythonEnv(), ...mlflow.mlflowS3Env(), MLFLOW_TRACKING_URI: mlflow.mlflowUrl, MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const errLines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (l) => console.log(l));
    createInterface({ input: child.stderr }).on('line', (l) => {
      errLines.push(l);
      if (errLines.length > 40) errLines.shift();
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise() : reject(new Error(`seed-mlflow.py exited with ${code}:\n${errLines.join('\n')}`))));
  });
}
