// SPDX-License-Identifier: Apache-2.0
/**
 * Keeps a draft of the notebook as the user types: after each change, waits for a pause
 * (`delayMs`), then writes the draft through main. One write at a time; a change during a write
 * schedules another. Failures are reported once per streak and retried on the next change or
 * `flush()`.
 */

/** Where the draft stands, for the editor's status line. */
export type DraftState = { kind: 'clean' } | { kind: 'pending' } | { kind: 'writing' } | { kind: 'kept'; at: number } | { kind: 'failed'; error: unknown };

/** Debounced draft writes. */
export class DraftSaver {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> | undefined;
  private again = false;
  private disposed = false;
  private failedBefore = false;

  /**
   * @param write - writes the current draft; resolves with the time it was kept
   * @param onState - told of every state change
   * @param onFirstFailure - told once when writes start failing
   */
  constructor(
    private readonly write: () => Promise<number>,
    private readonly onState: (s: DraftState) => void,
    private readonly onFirstFailure: (e: unknown) => void,
    private readonly delayMs = 800,
  ) {}

  /** The notebook changed. */
  touch(): void {
    if (this.disposed) return;
    this.onState({ kind: 'pending' });
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes now (if a change is pending or a write is running, waits for it). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.writing) {
      this.again = true;
      return this.writing;
    }
    this.writing = this.run();
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
    }
    if (this.again && !this.disposed) {
      this.again = false;
      await this.flush();
    }
  }

  /** Nothing is pending any more (the notebook was saved; the draft was dropped). */
  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.again = false;
    this.onState({ kind: 'clean' });
  }

  private async run(): Promise<void> {
    this.onState({ kind: 'writing' });
    try {
      const at = await this.write();
      this.failedBefore = false;
      this.onState({ kind: 'kept', at });
    } catch (e) {
      this.onState({ kind: 'failed', error: e });
      if (!this.failedBefore) this.onFirstFailure(e);
      this.failedBefore = true;
    }
  }

  /** Stops the timer (a pending change is written first by the caller's flush if wanted). */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
