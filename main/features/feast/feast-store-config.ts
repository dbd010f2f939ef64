// SPDX-License-Identifier: Apache-2.0
/**
 * The registry file a Feast `feature_store.yaml` names, as a ConfigMap holds it: `registry:` as
 * a path, or as a mapping whose `registry_type` is `file` (or absent) and whose `path` is an
 * `s3://` object — the registries MLDeck reads from object storage. Other registries (`sql`,
 * `remote`, `snowflake.registry`, a local path) are left to the servers found as Services. Pure.
 */
import { parse } from 'yaml';

/** What a ConfigMap says of its registry. */
export interface StoreConfigRegistry {
  /** The data key holding the `feature_store.yaml`. */
  key: string;
  /** The registry file, `s3://bucket/key`. */
  uri: string;
}

const s3Path = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,62}\/\S+$/;

/** The `s3://` registry file of one `feature_store.yaml`'s text, if it names one. */
export function registryFileOf(yamlText: string): string | undefined {
  let doc: unknown;
  try {
    doc = parse(yamlText);
  } catch {
    return undefined; // not YAML: not a feature_store.yaml MLDeck can follow
  }
  if (!doc || typeof doc !== 'object') return undefined;
  const registry = (doc as { registry?: unknown }).registry;
  let path: unknown = registry;
  if (registry && typeof registry === 'object') {
    const r = registry as { path?: unknown; registry_type?: unknown };
    if (r.registry_type !== undefined && r.registry_type !== 'file') return undefined;
    path = r.path;
  }
  return typeof path === 'string' && s3Path.test(path.trim()) ? path.trim() : undefined;
}

/** The registry file a ConfigMap's `feature_store.yaml` (any key ending so) names, if any. */
export function storeConfigRegistry(data: Record<string, string>): StoreConfigRegistry | undefined {
  for (const key of Object.keys(data).sort()) {
    if (!/(^|[._-])feature_store\.ya?ml$/.test(key)) continue;
    const uri = registryFileOf(data[key] ?? '');
    if (uri) return { key, uri };
  }
  return undefined;
}
