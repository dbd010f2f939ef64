// SPDX-License-Identifier: Apache-2.0
/**
 * What the sync engine keeps of an object it receives: everything except
 * `metadata.managedFields`. That is the API server's server-side-apply bookkeeping, often a
 * third to a half of an object's JSON; no view shows it (kubectl hides it too, and object
 * YAML is shown without it), so it is dropped once, where objects arrive (list pages and watch
 * events), and is never serialised, stored, pushed to a view or held in its memory.
 */
import type { KubeObject } from '../../../shared/kube/object';

/**
 * Removes `metadata.managedFields` from an object just decoded from the wire (owned by the
 * caller, so it is changed in place, which costs nothing for objects without it).
 * @returns the same object
 */
export function trimObject<T extends KubeObject>(object: T): T {
  const meta = object.metadata as (KubeObject['metadata'] & { managedFields?: unknown }) | undefined;
  if (meta !== undefined && meta !== null && 'managedFields' in meta) delete meta.managedFields;
  return object;
}
