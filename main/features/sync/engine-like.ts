// SPDX-License-Identifier: Apache-2.0
/** What the sync service needs from the sync engine. */
import type { KubeObject } from '../../../shared/kube/object';
import type { SourceKey, SourceState } from '../../platform/cache/cache-db';

/** A coalesced batch of changes for one slice. */
export interface EngineDelta {
  upserts: KubeObject[];
  deletes: KubeObject[];
  /** The full set after a relist, when the engine chose to replace rather than diff. */
  reset: KubeObject[] | undefined;
  state: SourceState | undefined;
}

/** A subscription to one slice. */
export interface EngineSubscription {
  initial: { items: KubeObject[]; state: SourceState | undefined };
  dispose(): void;
}

/** The engine, as the service uses it. */
export interface SyncEngineLike {
  subscribe(source: SourceKey, listener: (d: EngineDelta) => void): EngineSubscription | Promise<EngineSubscription>;
}
