// SPDX-License-Identifier: Apache-2.0
/** Test-only: a clock whose time moves only when the test says so. */
import type { Disposable } from '../../../../shared/lifecycle';
import type { Clock } from '../clock';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/** Lets every pending promise callback run (one macrotask turn, a few times over). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

/** The fake clock. */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly timers = new Set<Timer>();

  /** @param start - the starting time, ms since the epoch */
  constructor(start = 1_700_000_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  timer(ms: number, fn: () => void): Disposable {
    const timer: Timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.add(timer);
    return { dispose: () => void this.timers.delete(timer) };
  }

  /** Timers not yet run or cancelled. */
  get pending(): number {
    return this.timers.size;
  }

  /** When the next timer is due, if any. */
  get nextAt(): number | undefined {
    return this.next()?.at;
  }

  /** Moves time forward, running each timer that falls due in order and settling promises after each. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    await settle();
    for (let timer = this.next(); timer && timer.at <= end; timer = this.next()) {
      this.timers.delete(timer);
      this.t = Math.max(this.t, timer.at);
      timer.fn();
      await settle();
    }
    this.t = end;
    await settle();
  }

  private next(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    return best;
  }
}
