// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { newSinceRead, tailState } from './log-tails';

const l = (text: string, time = '2026-01-01T00:00:01Z') => ({ time, text });

describe('joining a tail’s first read with the lines kept meanwhile', () => {
  it('drops the batches the read already has and keeps the later ones', () => {
    const read = [l('a'), l('b'), l('c'), l('d')];
    expect(newSinceRead(read, [[l('c'), l('d')], [l('e')], [l('f'), l('g')]])).toEqual([l('e'), l('f'), l('g')]);
  });
  it('keeps every batch when none of them is in the read', () => {
    expect(newSinceRead([l('a')], [[l('b')], [l('c')]])).toEqual([l('b'), l('c')]);
    expect(newSinceRead([], [[l('b')]])).toEqual([l('b')]);
  });
  it('keeps nothing when the read has them all', () => {
    expect(newSinceRead([l('a'), l('b'), l('c')], [[l('b')], [l('c')]])).toEqual([]);
  });
  it('tells equal texts apart by their stamps', () => {
    const read = [l('tick', '2026-01-01T00:00:01Z')];
    expect(newSinceRead(read, [[l('tick', '2026-01-01T00:00:02Z')]])).toEqual([l('tick', '2026-01-01T00:00:02Z')]);
  });
});

describe('tail states', () => {
  it('names what the capture is doing', () => {
    expect(tailState({ following: true, reason: undefined })).toBe('following');
    expect(tailState({ following: true, reason: 'connection reset' })).toBe('reconnecting');
    expect(tailState({ following: false, reason: 'x', ended: 'pod-gone' })).toBe('pod-gone');
    expect(tailState({ following: false, reason: 'x', ended: 'finished' })).toBe('finished');
    expect(tailState({ following: false, reason: 'Stopped.', ended: 'stopped' })).toBe('stopped');
  });
});
