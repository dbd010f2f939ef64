// SPDX-License-Identifier: Apache-2.0
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftSaver, type DraftState } from './draft-saver';

describe('DraftSaver', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('writes once after a pause in typing', async () => {
    const write = vi.fn(() => Promise.resolve(42));
    const states: DraftState['kind'][] = [];
    const s = new DraftSaver(
      write,
      (st) => states.push(st.kind),
      () => undefined,
      500,
    );
    s.touch();
    await vi.advanceTimersByTimeAsync(300);
    s.touch();
    await vi.advanceTimersByTimeAsync(300);
    expect(write).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(300);
    expect(write).toHaveBeenCalledTimes(1);
    expect(states.at(-1)).toBe('kept');
  });

  it('writes again when a change comes during a write', async () => {
    const releases: ((n: number) => void)[] = [];
    const write = vi.fn(() => new Promise<number>((r) => releases.push(r)));
    const s = new DraftSaver(
      write,
      () => undefined,
      () => undefined,
      100,
    );
    s.touch();
    await vi.advanceTimersByTimeAsync(150);
    expect(write).toHaveBeenCalledTimes(1);
    s.touch(); // typing goes on while the first write runs
    await vi.advanceTimersByTimeAsync(150);
    expect(write).toHaveBeenCalledTimes(1);
    releases[0]?.(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(write).toHaveBeenCalledTimes(2);
    releases[1]?.(2);
    await vi.advanceTimersByTimeAsync(500);
    expect(write).toHaveBeenCalledTimes(2);
  });

  it('tells the first failure once, and recovers', async () => {
    let fail = true;
    const write = vi.fn(() => (fail ? Promise.reject(new Error('down')) : Promise.resolve(1)));
    const failures: unknown[] = [];
    const states: DraftState['kind'][] = [];
    const s = new DraftSaver(
      write,
      (st) => states.push(st.kind),
      (e) => failures.push(e),
      10,
    );
    s.touch();
    await vi.advanceTimersByTimeAsync(20);
    s.touch();
    await vi.advanceTimersByTimeAsync(20);
    expect(failures).toHaveLength(1);
    expect(states.at(-1)).toBe('failed');
    fail = false;
    await s.flush();
    expect(states.at(-1)).toBe('kept');
  });
});
