// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { benchPod, runB4 } from './bench-b4';
import { tempDir } from './testing/fixtures';

describe('B4 helper', () => {
  it('makes pods of about 4 KB', () => {
    const bytes = Buffer.byteLength(JSON.stringify(benchPod(12_345)));
    expect(bytes).toBeGreaterThan(3500);
    expect(bytes).toBeLessThan(4700);
  });

  it('runs end to end on a small set', async () => {
    const r = await runB4(tempDir('mldeck-b4-'), { objects: 1200 });
    expect(r.objects).toBe(1200);
    for (const v of [r.writeRowsPerSec, r.baselineInsertRowsPerSec, r.readParseMs, r.baselineJsonParseMs, r.coldFirstRowsMs]) expect(v).toBeGreaterThan(0);
  });
});
