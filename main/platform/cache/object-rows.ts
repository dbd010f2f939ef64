// SPDX-License-Identifier: Apache-2.0
/**
 * Pure logic for object rows: where an object goes in the table, and what a relist changed
 * compared with what is cached (no SQL here, so it is tested without a database).
 */
import { AppError } from '../../../shared/errors';
import type { KubeObject } from '../../../shared/kube/object';
import type { SourceKey } from './cache-db';

/** An object with the columns it is stored under. */
export interface ObjectRow {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  object: KubeObject;
}

/** What is cached for one key, without its JSON. */
export interface CachedVersion {
  uid: string;
  resourceVersion: string;
}

/** The key of a row inside one kind: namespace and name, joined by a NUL (never in either). */
export function rowKey(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}

/**
 * The stored columns of an object received for a source.
 * A missing `metadata.namespace` means the source's namespace (`''` for all namespaces or a
 * cluster-scoped kind).
 * @throws AppError('validation') for an object without a name, or one outside the source's namespace
 */
export function toRow(source: SourceKey, object: KubeObject): ObjectRow {
  const meta = object.metadata as Partial<KubeObject['metadata']> | undefined;
  const name = meta?.name;
  if (typeof name !== 'string' || name === '') {
    throw new AppError('validation', `An object of ${describeSource(source)} has no metadata.name.`);
  }
  const namespace = typeof meta?.namespace === 'string' ? meta.namespace : source.namespace;
  if (source.namespace !== '' && namespace !== source.namespace) {
    throw new AppError('validation', `Object ${namespace}/${name} is outside ${describeSource(source)}.`);
  }
  return {
    namespace,
    name,
    uid: typeof meta?.uid === 'string' ? meta.uid : '',
    resourceVersion: typeof meta?.resourceVersion === 'string' ? meta.resourceVersion : '',
    object,
  };
}

/** A source in words, for error messages: `pods.v1 in namespace "a" of cluster "c"`. */
export function describeSource(s: SourceKey): string {
  const kind = s.group === '' ? `${s.resource}.${s.version}` : `${s.resource}.${s.version}.${s.group}`;
  const where = s.namespace === '' ? 'all namespaces' : `namespace "${s.namespace}"`;
  return `${kind} in ${where} of cluster "${s.cluster}"`;
}

/** The plan for one relist: rows to write, keys to delete, and how many rows stay as they are. */
export interface SlicePlan {
  /** New rows or rows that changed, once per key (the last occurrence in the list wins). */
  upsert: ObjectRow[];
  /** Cached keys absent from the list, as [namespace, name]. */
  delete: [string, string][];
  unchanged: number;
}

/**
 * Compares a fresh list with the cached versions of the same scope.
 * A row is unchanged when its uid and non-empty resourceVersion match; without a
 * resourceVersion (either side), it is unchanged only if its JSON is identical, which
 * `cachedJson` is asked for (so objects without one cost a read, not a phantom update).
 */
export function planSlice(
  rows: ObjectRow[],
  cached: Map<string, CachedVersion>,
  cachedJson: (namespace: string, name: string) => string | undefined,
): SlicePlan {
  const latest = new Map<string, ObjectRow>();
  for (const row of rows) {
    const key = rowKey(row.namespace, row.name);
    // Delete first so a repeated key keeps the position of its last occurrence.
    latest.delete(key);
    latest.set(key, row);
  }
  const upsert: ObjectRow[] = [];
  let unchanged = 0;
  for (const [key, row] of latest) {
    const was = cached.get(key);
    if (was !== undefined && sameVersion(row, was, cachedJson)) unchanged++;
    else upsert.push(row);
  }
  const deleted: [string, string][] = [];
  for (const key of cached.keys()) {
    if (latest.has(key)) continue;
    const cut = key.indexOf('\u0000');
    deleted.push([key.slice(0, cut), key.slice(cut + 1)]);
  }
  return { upsert, delete: deleted, unchanged };
}

function sameVersion(row: ObjectRow, was: CachedVersion, cachedJson: (namespace: string, name: string) => string | undefined): boolean {
  if (row.uid !== was.uid) return false;
  if (row.resourceVersion !== '' && was.resourceVersion !== '') return row.resourceVersion === was.resourceVersion;
  if (row.resourceVersion !== was.resourceVersion) return false;
  return cachedJson(row.namespace, row.name) === JSON.stringify(row.object);
}
