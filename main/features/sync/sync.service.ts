// SPDX-License-Identifier: Apache-2.0
/**
 * Live lists for the renderer: each subscription is backed by the shared informer of its
 * slice; deltas go only to the client that subscribed; a client's subscriptions end when its
 * window or socket goes away.
 *
 * A big slice is sent in parts so its first rows show at once: the answer holds the first
 * {@link FIRST_ROWS} rows (with `syncing` if the slice is live, since the view is not whole
 * yet), the rest follows as upsert deltas of {@link ROWS_PER_PART}, the last with the true
 * status; engine deltas that come meanwhile are held and sent after them, in order.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { syncContract, type SliceRequest, type SliceSnapshot, type SliceStatus } from '../../../shared/features/sync/sync.contract';
import type { Disposable } from '../../../shared/lifecycle';
import type { KubeObject } from '../../../shared/kube/object';
import type { Publisher } from '../../ipc/dispatcher';
import type { SourceKey } from '../../platform/cache/cache-db';
import { sliceStatus } from '../../platform/sync/slice-status';
import type { EngineDelta, SyncEngineLike } from './engine-like';

/** Rows in the answer to a subscribe. */
export const FIRST_ROWS = 300;
/** Rows per delta of the rest. */
export const ROWS_PER_PART = 2000;

interface Subscription {
  clientId: string;
  handle: Disposable;
}

/** The sync service. */
export class SyncService implements Disposable {
  private readonly subs = new Map<string, Subscription>();

  constructor(
    private readonly engine: SyncEngineLike,
    private readonly publisher: Publisher,
    /** Reads slices of opened snapshots (read-only, no informer). */
    private readonly snapshots: { isSnapshot(clusterId: string): boolean; read(source: SourceKey): Promise<{ items: KubeObject[]; status: SliceStatus }> },
    private readonly maxPerClient = 200,
  ) {}

  /** Starts (or joins) the slice's informer and returns the cached rows now. */
  async subscribe(req: SliceRequest, clientId: string): Promise<SliceSnapshot> {
    const mine = [...this.subs.values()].filter((s) => s.clientId === clientId).length;
    if (mine >= this.maxPerClient) throw new AppError('conflict', 'Too many open lists; close some views.');
    const subscriptionId = randomUUID();
    const source: SourceKey = { cluster: req.clusterId, group: req.group, version: req.version, resource: req.resource, namespace: req.namespace ?? '' };
    if (this.snapshots.isSnapshot(req.clusterId)) {
      const r = await this.snapshots.read(source);
      this.subs.set(subscriptionId, { clientId, handle: { dispose: () => undefined } });
      return this.answer(subscriptionId, clientId, r.items, r.status, () => undefined);
    }
    // engine deltas wait while the first rows are sent in parts
    let held: EngineDelta[] | undefined = [];
    const send = (d: EngineDelta) =>
      this.publisher.publishTo(clientId, syncContract.delta, {
        subscriptionId,
        upserts: d.upserts,
        deletes: d.deletes.map((o) => ({ namespace: o.metadata.namespace, name: o.metadata.name })),
        reset: d.reset,
        status: d.state ? sliceStatus(d.state) : undefined,
      });
    const handle = await this.engine.subscribe(source, (d: EngineDelta) => (held ? held.push(d) : send(d)));
    this.subs.set(subscriptionId, { clientId, handle });
    return this.answer(subscriptionId, clientId, handle.initial.items, sliceStatus(handle.initial.state), () => {
      const waiting = held ?? [];
      held = undefined;
      for (const d of waiting) if (this.subs.has(subscriptionId)) send(d);
    });
  }

  /**
   * The answer to a subscribe: every row, or the first rows with the rest sent after it in
   * parts (see the file comment); `release` sends what was held, once the rows are all out.
   */
  private answer(subscriptionId: string, clientId: string, items: KubeObject[], status: SliceStatus, release: () => void): SliceSnapshot {
    if (items.length <= FIRST_ROWS) {
      release();
      return { subscriptionId, items, status };
    }
    const sendRest = async () => {
      for (let at = FIRST_ROWS; at < items.length && this.subs.has(subscriptionId); at += ROWS_PER_PART) {
        // after the answer, and one part per turn of the event loop so other work goes on
        await new Promise((r) => setImmediate(r));
        if (!this.subs.has(subscriptionId)) break;
        const last = at + ROWS_PER_PART >= items.length;
        const upserts = items.slice(at, at + ROWS_PER_PART);
        this.publisher.publishTo(clientId, syncContract.delta, { subscriptionId, upserts, deletes: [], reset: undefined, status: last ? status : undefined });
      }
      release();
    };
    sendRest().catch((e: unknown) => console.error('[sync] sending the rest of a list failed:', e));
    return { subscriptionId, items: items.slice(0, FIRST_ROWS), status: status.freshness === 'live' ? { ...status, freshness: 'syncing' } : status };
  }

  /** Ends one subscription of this client. */
  unsubscribe(subscriptionId: string, clientId: string): void {
    const s = this.subs.get(subscriptionId);
    if (!s || s.clientId !== clientId) return;
    this.subs.delete(subscriptionId);
    s.handle.dispose();
  }

  /** Ends every subscription of a client that went away. */
  clientGone(clientId: string): void {
    for (const [id, s] of this.subs) {
      if (s.clientId !== clientId) continue;
      this.subs.delete(id);
      s.handle.dispose();
    }
  }

  dispose(): void {
    for (const s of this.subs.values()) s.handle.dispose();
    this.subs.clear();
  }
}
