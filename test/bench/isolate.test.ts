// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { runIsolated, type ExpectedResult } from './isolate';
import { line } from './report';

const a: ExpectedResult = { id: 'B9', what: 'first thing', goal: { op: '<=', target: 1 } };
const b: ExpectedResult = { id: 'B9', what: 'second thing', goal: { op: '>=', target: 0.5 } };
const quiet = () => undefined;

describe('an isolated benchmark workload', () => {
  it('turns a rejection into one miss line per expected result, with the error', async () => {
    const rs = await runIsolated({ ids: ['B9'], expected: [a, b], run: () => Promise.reject(new Error('the lab is busy\nstack…')) }, quiet);
    expect(rs.map(line)).toEqual(['B9 first-thing failed goal <=1x miss: the lab is busy', 'B9 second-thing failed goal >=0.5x miss: the lab is busy']);
  });

  it('fails the running workload on an unhandled rejection instead of ending the process', async () => {
    const rs = await runIsolated(
      {
        ids: ['B9'],
        expected: [a],
        run: () => {
          void Promise.reject(new Error('a stray timer failed'));
          return new Promise(() => undefined); // never settles by itself
        },
      },
      quiet,
    );
    expect(rs.map(line)).toEqual(['B9 first-thing failed goal <=1x miss: unhandled rejection: a stray timer failed']);
  });

  it('gives up on a workload that hangs, and reports results it did not produce', async () => {
    const hung = await runIsolated({ ids: ['B9'], expected: [a], run: () => new Promise(() => undefined), timeoutMs: 50 }, quiet);
    expect(hung.map(line)[0]).toMatch(/failed goal <=1x miss: did not finish within 0 s/);
    const partial = await runIsolated({ ids: ['B9'], expected: [a, b], run: async () => [{ ...a, ratio: 0.5, details: {} }] }, quiet);
    expect(partial.map(line)).toEqual([
      'B9 first-thing 0.500x goal <=1x ok',
      'B9 second-thing failed goal >=0.5x miss: the workload did not report this result',
    ]);
  });
});
