// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { idleState, jobIdle } from './gpu-idle';

const rule = { thresholdPercent: 5, windowMinutes: 10 };
const minute = 60_000;
/** Samples every minute from t=0 with the given values. */
const series = (...values: number[]) => values.map((v, i) => ({ t: i * minute, v }));

describe('idleState', () => {
  it('flags a held GPU under the threshold for the whole window', () => {
    expect(idleState(series(...Array<number>(11).fill(0)), rule, true)).toEqual({ idle: true, idleMinutes: 10 });
  });

  it('does not flag a run shorter than the window', () => {
    expect(idleState(series(80, 90, ...Array<number>(9).fill(1)), rule, true)).toEqual({ idle: false, idleMinutes: 8 });
  });

  it('counts only the latest run under the threshold', () => {
    const s = series(...Array<number>(20).fill(0), 50, 2, 2);
    expect(idleState(s, rule, true)).toEqual({ idle: false, idleMinutes: 1 });
  });

  it('is not idle when the last sample is at the threshold or above', () => {
    expect(idleState(series(0, 0, 0, 5), { thresholdPercent: 5, windowMinutes: 1 }, true)).toEqual({ idle: false, idleMinutes: 0 });
  });

  it('never flags a GPU nobody holds, but still says how long it was quiet', () => {
    expect(idleState(series(...Array<number>(11).fill(0)), rule, false)).toEqual({ idle: false, idleMinutes: 10 });
  });

  it('ends the run at a gap longer than allowed', () => {
    const s = [...series(0, 0, 0), ...[20, 21, 22].map((m) => ({ t: m * minute, v: 0 }))];
    expect(idleState(s, rule, true, 2 * minute)).toEqual({ idle: false, idleMinutes: 2 });
    expect(idleState(s, rule, true)).toEqual({ idle: true, idleMinutes: 22 });
  });

  it('sorts samples and ignores values that are not numbers', () => {
    const s = [...series(...Array<number>(11).fill(1))].reverse();
    s.push({ t: 5.5 * minute, v: NaN });
    expect(idleState(s, rule, true).idle).toBe(true);
    expect(idleState([], rule, true)).toEqual({ idle: false, idleMinutes: 0 });
  });
});

describe('jobIdle', () => {
  it('is idle only when every GPU of the job is', () => {
    expect(
      jobIdle([
        { idle: true, idleMinutes: 12 },
        { idle: true, idleMinutes: 30 },
      ]),
    ).toBe(true);
    expect(
      jobIdle([
        { idle: true, idleMinutes: 12 },
        { idle: false, idleMinutes: 0 },
      ]),
    ).toBe(false);
    expect(jobIdle([])).toBe(false);
  });
});
