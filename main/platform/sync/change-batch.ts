// SPDX-License-Identifier: Apache-2.0
/**
 * Watch changes waiting to be written: coalesced by object, so an object changed many times
 * in one batch window is written and pushed once, as its last state.
 */
import type { KubeObject } from '../../../shared/kube/object';
import type { ObjectChange } from '../cache/cache-db';
import { objectKey, type SyncDelta } from './sync-types';

/** What {@link ChangeBatch.take} returns. */
export interface TakenBatch {
  /** One change per object, its last. */
  changes: ObjectChange[];
  /** The resourceVersion of the last event in the batch. */
  resourceVersion: string;
  /** How many events were coalesced into `changes`. */
  events: number;
}

/** Pending changes of one source. */
export class ChangeBatch {
  private byKey = new Map<string, ObjectChange>();
  private count = 0;
  private rv = '';

  /** Events added since the last take (before coalescing). */
  get events(): number {
    return this.count;
  }

  /**
   * Adds one change; a later change to the same object replaces an earlier one.
   * @param resourceVersion - the stream's resourceVersion after this event
   */
  add(change: ObjectChange, resourceVersion: string): void {
    const key = objectKey(change.object);
    // delete first so the object moves to the end: changes keep the order of their last event
    this.byKey.delete(key);
    this.byKey.set(key, change);
    this.count++;
    this.rv = resourceVersion;
  }

  /** Takes every pending change, or undefined if there is none. */
  take(): TakenBatch | undefined {
    if (this.count === 0) return undefined;
    const batch = { changes: [...this.byKey.values()], resourceVersion: this.rv, events: this.count };
    this.clear();
    return batch;
  }

  /** Drops every pending change. */
  clear(): void {
    this.byKey = new Map();
    this.count = 0;
  }
}

/** Splits changes into the objects to upsert and to delete. */
export function splitChanges(changes: readonly ObjectChange[]): { upserts: KubeObject[]; deletes: KubeObject[] } {
  const upserts: KubeObject[] = [];
  const deletes: KubeObject[] = [];
  for (const c of changes) (c.type === 'delete' ? deletes : upserts).push(c.object);
  return { upserts, deletes };
}

/**
 * What listeners hear after a list replaced the slice: the whole list when more changed than
 * it holds, else exactly what changed; undefined when nothing did and there is no state news.
 */
export function listDelta(items: KubeObject[], diff: { upserted: KubeObject[]; deleted: KubeObject[] }, state: SyncDelta['state']): SyncDelta | undefined {
  if (diff.upserted.length + diff.deleted.length > items.length) return { upserts: [], deletes: [], reset: items, state };
  if (diff.upserted.length || diff.deleted.length || state) return { upserts: diff.upserted, deletes: diff.deleted, reset: undefined, state };
  return undefined;
}
