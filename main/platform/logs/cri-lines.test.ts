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
    expect(dropRepeats(resumed, kept).map((l) => l.text)).toEqual(['c']);
    expect(dropRepeats(parseStamped(['2026-01-01T00:00:04Z d']), kept).map((l) => l.text)).toEqual(['d']);
    expect(dropRepeats(resumed, undefined)).toHaveLength(3);
  });
});
