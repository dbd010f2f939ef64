// SPDX-License-Identifier: Apache-2.0
/** Types shared by the informer, the sync engine and their tests. */
import type { KubeObject } from '../../../shared/kube/object';
import type { SourceKey, SourceState } from '../cache/cache-db';
import type { KubeHttp } from '../kube/kube-http';

/**
 * The calls an informer makes; {@link KubeHttp} is one (tests pass a fake). With `rawRequest`,
 * watches are decoded by the engine itself (watch-decode.ts); without it, through `stream`.
 */
export type KubeHttpLike = Pick<KubeHttp, 'request' | 'stream'> & Partial<Pick<KubeHttp, 'rawRequest'>>;

/** Gives the HTTP client of a cluster; `ClusterRegistry` is one. */
export interface HttpProvider {
  /** The client of a context (asked again before every request, so a reload is picked up). */
  http(clusterId: string): Promise<KubeHttpLike>;
}

/**
 * A coalesced batch of changes to one source, pushed to listeners after the cache holds it.
 * Applied in order to the rows a listener got from the cache, they give the cache's rows.
 */
export interface SyncDelta {
  /** Objects added or changed (keyed by namespace and name). */
  upserts: KubeObject[];
  /** Objects gone (as last seen). */
  deletes: KubeObject[];
  /**
   * The whole slice, replacing what the listener holds (upserts and deletes are then empty).
   * Sent after a relist whose diff is larger than the slice itself, or when the cache could
   * not be written.
   */
  reset: KubeObject[] | undefined;
  /** The source's new state, when its freshness or error changed. */
  state: SourceState | undefined;
}

/** Receives a source's deltas. */
export type SyncListener = (delta: SyncDelta) => void;

/** One event of a watch stream. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject | WatchStatus;
  /** The object's JSON text as received, less managedFields, when the decoder kept it (watch-decode.ts). */
  json?: string;
}

/** The `Status` object of a watch ERROR event. */
export interface WatchStatus {
  kind?: 'Status';
  code?: number;
  reason?: string;
  message?: string;
}

/** A stable string key for a source. */
export function sourceId(s: SourceKey): string {
  return [s.cluster, s.group, s.version, s.resource, s.namespace].join('\u0000');
}

/** The API path of a source's collection. */
export function collectionPath(s: SourceKey): string {
  const seg = encodeURIComponent;
  const base = s.group ? `/apis/${seg(s.group)}/${seg(s.version)}` : `/api/${seg(s.version)}`;
  return s.namespace ? `${base}/namespaces/${seg(s.namespace)}/${seg(s.resource)}` : `${base}/${seg(s.resource)}`;
}

/** A source in words, for messages: `pods in team-a on lab-a`. */
export function describeSource(s: SourceKey): string {
  const kind = s.group ? `${s.resource}.${s.group}` : s.resource;
  return `${kind} ${s.namespace ? `in ${s.namespace}` : 'in all namespaces'} on ${s.cluster}`;
}

/** The key of an object inside a source: namespace and name. */
export function objectKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}
