// SPDX-License-Identifier: Apache-2.0
/**
 * The real optimisers behind the driven Katib's `bayesianoptimization`, `tpe`,
 * `multivariate-tpe`, `cmaes` and `sobol` suggestions: katib-suggest.py run with the lab's
 * `katib` virtualenv (optuna, scikit-optimize; see peers/python-envs.ts). A call takes one to a
 * few seconds (the imports), so it never holds up a reconcile tick: `pending` starts the script
 * for a request key and answers undefined until the script has answered; a failure is thrown on
 * the tick that asks for it next (and shows in the driver's /health), then the request is retried.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { python, pythonEnv } from '../peers/python-envs.ts';
import type { Assignment, Observed, Parameter } from './katib-algorithms.ts';

/** What the script is asked. */
export interface OptimiserRequest {
  algorithm: string;
  settings: Record<string, string>;
  parameters: Parameter[];
  seed: number;
  count: number;
  observed: Observed[];
  pending: Assignment[][];
}

const script = join(dirname(fileURLToPath(import.meta.url)), 'katib-suggest.py');

/** Runs the script once. */
export function runOptimiser(req: OptimiserRequest): Promise<Assignment[][]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      python('katib'),
      [script],
      { env: { ...process.env, ...pythonEnv() }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`katib-suggest.py (${req.algorithm}) failed: ${stderr.trim().split('\n').slice(-3).join(' | ') || err.message}`));
          return;
        }
        try {
          resolve((JSON.parse(stdout) as { suggestions: Assignment[][] }).suggestions);
        } catch (e) {
          reject(new Error(`katib-suggest.py (${req.algorithm}) answered something that is not JSON: ${String(e)}`));
        }
      },
    );
    child.stdin?.end(JSON.stringify(req));
  });
}

type Entry = { state: 'running' } | { state: 'done'; value: Assignment[][] } | { state: 'failed'; error: Error };
const entries = new Map<string, Entry>();

/**
 * The suggestions for `key` if the script has answered; otherwise starts it (once per key) and
 * answers undefined. A failed run is thrown once and forgotten, so the next tick tries again.
 */
export function pendingSuggestions(key: string, req: () => OptimiserRequest): Assignment[][] | undefined {
  const e = entries.get(key);
  if (e?.state === 'done') {
    entries.delete(key);
    return e.value;
  }
  if (e?.state === 'failed') {
    entries.delete(key);
    throw e.error;
  }
  if (e?.state === 'running') return undefined;
  entries.set(key, { state: 'running' });
  runOptimiser(req()).then(
    (value) => entries.set(key, { state: 'done', value }),
    (error: Error) => entries.set(key, { state: 'failed', error }),
  );
  return undefined;
}
