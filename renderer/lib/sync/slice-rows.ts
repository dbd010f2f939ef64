// SPDX-License-Identifier: Apache-2.0
/** Applying sync deltas to a keyed row map (pure, so it is unit-tested). */
import type { SliceDelta, SliceStatus } from '../../../shared/features/sync/sync.contract';
import type { KubeObject } from '../../../shared/kube/object';

/** The key of a row: namespace/name. */
export function keyOf(o: { metadata: { namespace?: string; name: string } } | { namespace: string | undefined; name: string }): string {
  return 'metadata' in o ? `${o.metadata.namespace ?? ''}/${o.metadata.name}` : `${o.namespace ?? ''}/${o.name}`;
}

/**
 * Applies deltas in order to `rows` (mutated); returns the newest status carried, if any.
 * A reset replaces every row; upserts and deletes then apply on top.
 */
export function applyDeltas(rows: Map<string, KubeObject>, deltas: SliceDelta[]): SliceStatus | undefined {
  let status: SliceStatus | undefined;
  for (const d of deltas) {
    if (d.reset) {
      rows.clear();
      for (const o of d.reset) rows.set(keyOf(o), o);
    }
    for (const o of d.upserts) rows.set(keyOf(o), o);
    for (const k of d.deletes) rows.delete(keyOf(k));
    if (d.status) status = d.status;
  }
  return status;
}
