// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the Workflow parts the run page reads: a loop driver's iteration count. */
import { describe, expect, it } from 'vitest';
import { iterationCounts } from './run-details-wire';

describe("a Workflow's loop drivers", () => {
  it('give their iteration-count output by node id, and nothing for other nodes or odd values', () => {
    const counts = iterationCounts({
      status: {
        nodes: {
          'wf-1': {
            phase: 'Succeeded',
            outputs: {
              parameters: [
                { name: 'execution-id', value: '7' },
                { name: 'iteration-count', value: '4' },
              ],
            },
          },
          'wf-2': { phase: 'Succeeded', outputs: { parameters: [{ name: 'execution-id', value: '8' }] } },
          'wf-3': { phase: 'Running' },
          'wf-4': { phase: 'Succeeded', outputs: { parameters: [{ name: 'iteration-count', value: '' }] } },
          'wf-5': { phase: 'Succeeded', outputs: { parameters: [{ name: 'iteration-count', value: '-1' }] } },
          'wf-6': { phase: 'Succeeded', outputs: { parameters: [{ name: 'iteration-count', value: '0' }] } },
        },
      },
    });
    expect([...counts]).toEqual([
      ['wf-1', 4],
      ['wf-6', 0],
    ]);
    expect(iterationCounts(undefined).size).toBe(0);
  });
});
