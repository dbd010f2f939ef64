// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { parseNdjson } from './ndjson';

async function collect(chunks: (string | Buffer)[], onBytes?: (n: number) => void): Promise<unknown[]> {
  async function* src() {
    for (const c of chunks) yield c;
  }
  const out: unknown[] = [];
  for await (const v of parseNdjson(src(), onBytes)) out.push(v);
  return out;
}

describe('parseNdjson', () => {
  it('joins lines split across chunks and skips blank lines', async () => {
    expect(await collect(['{"a":', '1}\n\n{"b"', ':2}\n{"c":3}'])).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });

  it('keeps multi-byte characters split between chunks intact', async () => {
    const bytes = Buffer.from('{"n":"ñandú"}\n');
    const parts = [bytes.subarray(0, 8), bytes.subarray(8, 9), bytes.subarray(9)];
    let total = 0;
    expect(await collect(parts, (n) => (total += n))).toEqual([{ n: 'ñandú' }]);
    expect(total).toBe(bytes.length);
  });

  it('handles many events in one chunk and a large event over many chunks', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ i })).join('\n') + '\n';
    expect(await collect([many])).toHaveLength(1000);
    const big = JSON.stringify({ data: 'x'.repeat(200_000) }) + '\n';
    const chunks = big.match(/[\s\S]{1,1000}/g) ?? [];
    expect(await collect(chunks)).toEqual([{ data: 'x'.repeat(200_000) }]);
  });

  it('fails on a broken line without quoting it', async () => {
    await expect(collect(['{"secret":"hunter2"\n'])).rejects.toMatchObject({
      code: 'internal',
      message: 'The cluster sent a watch event that is not valid JSON.',
    });
  });
});
