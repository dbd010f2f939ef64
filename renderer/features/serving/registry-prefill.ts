// SPDX-License-Identifier: Apache-2.0
/**
 * What the deploy form takes from a registry model version (helper's one link to the registry
 * feature: its contract only): storageUri, model format and the name/version recorded on the
 * InferenceService. A version whose artifacts cannot be mapped to a storageUri comes with the
 * registry's reason, so the user types the location instead.
 */
import { registryContract } from '../../../shared/features/registry/registry.contract';
import { api } from '../../lib/api/api-context';

/** The prefill of one version. */
export interface VersionPrefill {
  model: string;
  version: string;
  storageUri: string | undefined;
  /** Why there is no storageUri. */
  storageUriReason: string | undefined;
  format: string | undefined;
  /** Where the version's files are, as the registry has them. */
  source: string;
  status: string;
  aliases: string[];
}

/** Reads a version from the cluster's registry. */
export async function loadVersionPrefill(clusterId: string, model: string, version: string): Promise<VersionPrefill> {
  const v = await api().call(registryContract.version, { clusterId, name: model, version });
  return {
    model: v.name,
    version: v.version,
    storageUri: v.storageUri,
    storageUriReason: v.storageUriReason,
    format: v.modelFormat,
    source: v.source,
    status: v.status,
    aliases: v.aliases,
  };
}
