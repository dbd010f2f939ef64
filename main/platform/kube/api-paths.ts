// SPDX-License-Identifier: Apache-2.0
/** API paths of resource collections, for the features that read and write objects by type. */
import { collectionPath as sourcePath } from '../sync/sync-types';

/** A resource type: group (empty for core), version and plural resource. */
export interface ResourceTypeRef {
  group: string;
  version: string;
  resource: string;
}

/** The API path of a resource collection (namespaced when a namespace is given). */
export function collectionPath(t: ResourceTypeRef, namespace?: string): string {
  return sourcePath({ cluster: '', group: t.group, version: t.version, resource: t.resource, namespace: namespace ?? '' });
}
