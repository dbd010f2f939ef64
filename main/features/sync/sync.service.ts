// SPDX-License-Identifier: Apache-2.0
/**
 * Live lists for the renderer: each subscription is backed by the shared informer of its
 * slice; deltas go only to the client that subscribed; a client's subscriptions end when its
 * window or socket goes away.
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
      return { subscriptionId, items: r.items, status: r.status };
    }
    const handle = await this.engine.subscribe(source, (d: EngineDelta) => {
      this.publisher.publishTo(clientId, syncContract.delta, {
        subscriptionId,
        upserts: d.upserts,
        deletes: d.deletes.map((o) => ({ namespace: o.metadata.namespace, name: o.metadata.name })),
        reset: d.reset,
        status: d.state ? sliceStatus(d.state) : undefined,
      });
    });
    this.subs.set(subscriptionId, { clientId, handle });
    return { subscriptionId, items: handle.initial.items, status: sliceStatus(handle.initial.state) };
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
