// SPDX-License-Identifier: Apache-2.0
/**
 * T11 (kill -9 during writes): a child process writes 500-row transactions in a loop and is
 * killed at random moments, 20 times. After every kill the file passes `integrity_check`, the
 * last batch the child reported committed is whole, and no batch is ever half written.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startCrashWriter } from './testing/crash-child';
import { crashBatchRows, crashSource } from './testing/crash-writer';
import { tempDir } from './testing/fixtures';

const kills = 20;

/** The batch numbers the rows of the crash source carry, and the source's resourceVersion. */
function inspect(file: string): { integrity: unknown; batches: Map<number, number>; resourceVersion: string | undefined } {
  const db = new Database(file);
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const batches = new Map<number, number>();
    const json = db
      .prepare<[string, string], string>('SELECT json FROM objects WHERE cluster = ? AND namespace = ?')
      .pluck()
      .all(crashSource.cluster, crashSource.namespace);
    for (const j of json) {
      const batch = (JSON.parse(j) as { spec: { batch: number } }).spec.batch;
      batches.set(batch, (batches.get(batch) ?? 0) + 1);
    }
    const resourceVersion = db.prepare<[string], string>('SELECT resource_version FROM sources WHERE cluster = ?').pluck().get(crashSource.cluster);
    return { integrity, batches, resourceVersion };
  } finally {
    db.close();
  }
}

describe('crash during writes', () => {
  it(`keeps the cache intact through ${kills} kill -9s inside 500-row transactions`, { timeout: 180_000 }, async () => {
    const file = path.join(tempDir('mldeck-crash-'), 'cache.sqlite');
    let lastSeen = 0;
    for (let i = 0; i < kills; i++) {
      const writer = startCrashWriter(file, 'loop');
      await writer.waitFor(/^committed \d+$/);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 300));
      await writer.kill();

      const reported = writer.lines.filter((l) => l.startsWith('committed ')).map((l) => Number(l.slice('committed '.length)));
      const lastReported = Math.max(...reported);
      // The child reopened the killed file without needing a recovery.
      expect(writer.lines.filter((l) => l.startsWith('event '))).toEqual([]);
      expect(lastReported).toBeGreaterThan(lastSeen);

      const { integrity, batches, resourceVersion } = inspect(file);
      expect(integrity).toBe('ok');
      // One whole batch: the last reported, or the next if it committed before the kill landed.
      expect(batches.size).toBe(1);
      const [batch, rows] = [...batches][0] ?? [0, 0];
      expect(rows).toBe(crashBatchRows);
      expect([lastReported, lastReported + 1]).toContain(batch);
      expect(resourceVersion).toBe(String(batch));
      lastSeen = batch;
    }
  });
});
