// SPDX-License-Identifier: Apache-2.0
/** Test-only: helpers for the cache tests: temporary directories and small Kubernetes objects. */
import type { KubeObject } from '../../../../shared/kube/object';
import { tempDir as freshDir } from '../../testing/temp-dir';
import type { SourceKey } from '../cache-db';

/** A fresh temporary directory, removed when the current test finishes. */
export function tempDir(prefix = 'mldeck-cache-'): string {
  return freshDir(prefix);
}

/** A pod-like object. */
export function pod(namespace: string | undefined, name: string, resourceVersion?: string, extra: Record<string, unknown> = {}): KubeObject {
  const metadata: KubeObject['metadata'] = { name, uid: `uid-${namespace ?? ''}-${name}` };
  if (namespace !== undefined) metadata.namespace = namespace;
  if (resourceVersion !== undefined) metadata.resourceVersion = resourceVersion;
  return { apiVersion: 'v1', kind: 'Pod', metadata, ...extra };
}

/** The pods source of cluster `c` in one namespace, or all (`''`). */
export function podsIn(namespace: string, cluster = 'c'): SourceKey {
  return { cluster, group: '', version: 'v1', resource: 'pods', namespace };
}

/** The pods kind. */
export const pods = { group: '', version: 'v1', resource: 'pods' } as const;

/** Names of objects, as `namespace/name`. */
export function names(objects: KubeObject[]): string[] {
  return objects.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`);
}
