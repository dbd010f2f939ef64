// SPDX-License-Identifier: Apache-2.0
/**
 * One-time codes for opening the browser without the session token: the page the system browser
 * opens carries a code, which the app exchanges once for the token (`POST /session`). A code is
 * good for one exchange; a used, unknown or expired code gets nothing.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Outstanding codes, each good once. */
export class OneTimeCodes {
  private readonly codes = new Map<string, number>();

  /**
   * @param maxOutstanding - codes kept at once (the oldest goes first)
   * @param ttlMs - how long a code stays good if never used
   * @param now - the clock (tests)
   */
  constructor(
    private readonly maxOutstanding = 4,
    private readonly ttlMs = 24 * 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fresh code (32 random bytes, hex). */
  issue(): string {
    const code = randomBytes(32).toString('hex');
    this.codes.set(code, this.now() + this.ttlMs);
    while (this.codes.size > this.maxOutstanding) this.codes.delete(this.codes.keys().next().value as string);
    return code;
  }

  /** Uses a code: true once for a code that was issued, not used and not expired; false after. */
  redeem(code: string): boolean {
    const got = Buffer.from(code);
    for (const [known, expires] of this.codes) {
      const want = Buffer.from(known);
      if (got.length !== want.length || !timingSafeEqual(got, want)) continue;
      this.codes.delete(known);
      return expires > this.now();
    }
    return false;
  }
}
