// SPDX-License-Identifier: Apache-2.0
/**
 * Vitest global setup for integration and end-to-end tests: makes sure the lab is up
 * (reusing a healthy one, else `up`), and stops it afterwards only if this run started it
 * and `MLDECK_LAB_KEEP` is not set. If the lab cannot start, the run fails: tests never skip.
 */
import { down, status, up } from '../lab/lab.ts';

let startedHere = false;

export async function setup(): Promise<void> {
  const health = await status().catch(() => []);
  if (health.length && health.every((h) => h.ok)) return;
  startedHere = health.every((h) => !h.ok);
  const t = Date.now();
  process.stderr.write('[lab] starting the lab for the tests…\n');
  await up();
  process.stderr.write(`[lab] up in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
}

export async function teardown(): Promise<void> {
  if (startedHere && !process.env.MLDECK_LAB_KEEP) await down();
}
