// SPDX-License-Identifier: Apache-2.0
/** A listener that keeps what a view would show, for the sync engine's integration tests. */
import type { KubeObject } from '../../../../shared/kube/object';
import type { Freshness } from '../../cache/cache-db';
import type { SyncSubscription } from '../sync-engine';
import type { SyncDelta } from '../sync-types';

/** What a view would show: the rows after every delta, and what was odd about the deltas. */
export class Recorder {
  readonly rows = new Map<string, KubeObject>();
  readonly deltas: SyncDelta[] = [];
  /** When each delta arrived (performance.now()). */
  readonly arrivals: number[] = [];
  readonly freshness: Freshness[] = [];
  /** Upserts of an object the view already had at that resourceVersion (duplicates). */
  repeats = 0;
  /** Deletes of an object the view did not have. */
  strayDeletes = 0;
  readonly listener = (d: SyncDelta) => {
    this.deltas.push(d);
    this.arrivals.push(performance.now());
    if (d.reset) {
      this.rows.clear();
      for (const o of d.reset) this.rows.set(o.metadata.name, o);
    }
    for (const o of d.upserts) {
      if (this.rows.get(o.metadata.name)?.metadata.resourceVersion === o.metadata.resourceVersion) this.repeats++;
      this.rows.set(o.metadata.name, o);
    }
    for (const o of d.deletes) if (!this.rows.delete(o.metadata.name)) this.strayDeletes++;
    if (d.state) {
      this.freshness.push(d.state.freshness);
      this.log.push(`${Math.round(performance.now() - this.born)}ms ${d.state.freshness}${d.state.error ? `: ${d.state.error}` : ''}`);
    }
  };
  private readonly born = performance.now();
  /** The states seen, with when and why, for the test log. */
  readonly log: string[] = [];

  init(sub: SyncSubscription): this {
    for (const o of sub.initial.items) this.rows.set(o.metadata.name, o);
    this.freshness.push(sub.initial.state.freshness);
    return this;
  }

  /** Milliseconds from `start` to the first delta after it that matches. */
  latency(start: number, match: (d: SyncDelta) => boolean): number {
    const i = this.deltas.findIndex((d, k) => (this.arrivals[k] ?? 0) >= start && match(d));
    return i < 0 ? -1 : Math.round((this.arrivals[i] ?? 0) - start);
  }

  names(): string[] {
    return [...this.rows.keys()].sort();
  }
}
