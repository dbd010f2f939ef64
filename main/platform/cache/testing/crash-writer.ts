// SPDX-License-Identifier: Apache-2.0
/**
 * Test-only: a child process for the crash tests (run with `node --import tsx crash-writer.ts <file> <mode>`).
 * - `loop`: takes the cache lock, then writes 500-row relists forever; after each commit it prints
 *   `committed <n>`, where every row and the source's resourceVersion of batch n say n.
 * - `hold-wal`: commits batch 1, checkpoints it into the file, commits batch 2 (left in the -wal),
 *   prints `held` and waits to be killed.
 * Cache events are printed as `event <json>`.
 */
import path from 'node:path';
import type { KubeObject } from '../../../../shared/kube/object';
import type { SourceKey } from '../cache-db';
import { acquireCacheLock } from '../cache-lock';
import { openCache } from '../sqlite-cache';

/** The source every batch replaces. */
export const crashSource: SourceKey = { cluster: 'crash', group: '', version: 'v1', resource: 'pods', namespace: 'load' };

/** Rows per transaction. */
export const crashBatchRows = 500;

/** The objects of batch `n`: the same names each time, each saying which batch wrote it. */
export function crashBatch(n: number): KubeObject[] {
  return Array.from({ length: crashBatchRows }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, namespace: 'load', uid: `uid-${i}`, resourceVersion: String(n) },
    spec: { batch: n, padding: 'x'.repeat(400) },
  }));
}

async function main(file: string, mode: string): Promise<void> {
  const cache = await openCache({ file, onEvent: (e) => process.stdout.write(`event ${JSON.stringify(e)}\n`) });
  if (mode === 'hold-wal') {
    await cache.replaceSlice(crashSource, crashBatch(1), '1');
    cache.connection().pragma('wal_checkpoint(TRUNCATE)');
    await cache.replaceSlice(crashSource, crashBatch(2), '2');
    process.stdout.write('held\n');
    setInterval(() => undefined, 1000);
    return;
  }
  await acquireCacheLock(path.dirname(file));
  const state = await cache.getSourceState(crashSource);
  let n = state === undefined ? 1 : Number(state.resourceVersion) + 1;
  for (;;) {
    await cache.replaceSlice(crashSource, crashBatch(n), String(n));
    process.stdout.write(`committed ${n}\n`);
    n++;
  }
}

const [file, mode] = process.argv.slice(2);
if (file !== undefined && mode !== undefined) {
  main(file, mode).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
