// SPDX-License-Identifier: Apache-2.0
/**
 * A lane of async tasks run one at a time in the order given: an informer's cache reads,
 * writes and pushes go through one, so what listeners hear always matches the cache.
 */

/** Runs tasks one at a time, in order; a failed task does not stop the ones after it. */
export class TaskLane {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `task` after every task enqueued before it; resolves or rejects with its result. */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Makes every task enqueued from now on wait for `p` too (which must not reject). */
  waitFor(p: Promise<void>): void {
    this.tail = Promise.all([this.tail, p]).then(() => undefined);
  }

  /** Resolves when every task enqueued so far has ended. */
  drained(): Promise<void> {
    return this.enqueue(async () => undefined);
  }
}
