// SPDX-License-Identifier: Apache-2.0
/** Something that holds resources until it is disposed. */
export interface Disposable {
  dispose(): void;
}

/** Wraps a function as a {@link Disposable} that runs it once. */
export function toDisposable(fn: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      fn();
    },
  };
}

/** Holds disposables and disposes them together, newest first. */
export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  /** Adds an item; if the store is already disposed the item is disposed at once. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      item.dispose();
      return item;
    }
    this.items.add(item);
    return item;
  }

  /** Removes an item without disposing it. */
  delete(item: Disposable): void {
    this.items.delete(item);
  }

  /** Whether {@link dispose} has been called. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Disposes every item; errors are collected and rethrown together after all ran. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const item of [...this.items].reverse()) {
      try {
        item.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    this.items.clear();
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'several disposables failed');
  }
}
