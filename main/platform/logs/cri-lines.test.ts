// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { dropRepeats, parseStamped } from './cri-lines';

describe('stamped log lines', () => {
  it('splits the kubelet timestamp from the text, keeping unstamped continuation lines', () => {
    expect(parseStamped(['2026-01-01T00:00:01.5Z step=1 loss=2.3', '  continued', '2026-01-01T00:00:02Z done'])).toEqual([
      { time: '2026-01-01T00:00:01.5Z', text: 'step=1 loss=2.3' },
      { time: '2026-01-01T00:00:01.5Z', text: '  continued' },
      { time: '2026-01-01T00:00:02Z', text: 'done' },
    ]);
  });
  it('drops what a resumed stream repeats', () => {
    const kept = { time: '2026-01-01T00:00:02Z', text: 'b' };
    const resumed = parseStamped(['2026-01-01T00:00:01Z a', '2026-01-01T00:00:02Z b', '2026-01-01T00:00:03Z c']);
    expect(dropRepeats(resumed, kept)).toEqual({ lines: [{ time: '2026-01-01T00:00:03Z', text: 'c' }], done: true });
    expect(dropRepeats(parseStamped(['2026-01-01T00:00:04Z d']), kept)).toEqual({ lines: [{ time: '2026-01-01T00:00:04Z', text: 'd' }], done: true });
    expect(dropRepeats(resumed, undefined)).toEqual({ lines: resumed, done: true });
  });
  it('keeps dropping repeats over batches until the last kept line has gone by', () => {
    const kept = { time: '2026-01-01T00:00:02Z', text: 'b2' };
    // the repeated second arrives in two batches: the first has no line after the kept one
    const first = dropRepeats(parseStamped(['2026-01-01T00:00:02Z b1']), kept);
    expect(first).toEqual({ lines: [], done: false });
    const second = dropRepeats(parseStamped(['2026-01-01T00:00:02Z b2', '2026-01-01T00:00:02Z b3', '2026-01-01T00:00:03Z c']), kept);
    expect(second.lines.map((l) => l.text)).toEqual(['b3', 'c']);
    expect(second.done).toBe(true);
  });
});
