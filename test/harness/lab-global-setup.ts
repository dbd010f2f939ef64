// SPDX-License-Identifier: Apache-2.0
/**
 * Vitest global setup for integration and end-to-end tests: makes sure the lab is up
 * (reusing a healthy one, else `up`), and stops it afterwards only if this run started it
 * and `MLDECK_LAB_KEEP` is not set. If the lab cannot start, what was started is stopped and
 * `up` is tried once more; if that fails too, the run fails: tests never skip. Either failure
 * is written to `test-results/lab-setup.log`, which `npm test` prints at its end (a failed
 * global setup otherwise shows only as a project with no tests, far above the last lines).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { down, status, up } from '../lab/lab.ts';
import { repoRoot } from '../lab/paths.ts';

let startedHere = false;

const setupLog = join(repoRoot, 'test-results', 'lab-setup.log');

function record(line: string): void {
  process.stderr.write(`[lab] ${line}\n`);
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  appendFileSync(setupLog, `${new Date().toISOString()} ${line}\n`);
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function setup(): Promise<void> {
  const health = await status().catch(() => []);
  if (health.length && health.every((h) => h.ok)) return;
  startedHere = health.every((h) => !h.ok);
  const t = Date.now();
  process.stderr.write('[lab] starting the lab for the tests…\n');
  try {
    await up();
  } catch (e) {
    record(`up failed after ${((Date.now() - t) / 1000).toFixed(0)} s: ${message(e)}`);
    record(`stopped ${(await down()).length} lab processes; trying up once more`);
    startedHere = true;
    try {
      await up();
    } catch (again) {
      record(`the second up failed too: ${message(again)}`);
      throw again;
    }
    record('the second up started the lab');
  }
  process.stderr.write(`[lab] up in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
}

export async function teardown(): Promise<void> {
  if (startedHere && !process.env.MLDECK_LAB_KEEP) await down();
}
