// SPDX-License-Identifier: Apache-2.0
/**
 * What the registry pages read from MLflow through main, one hook per thing (each a
 * {@link useCall}: value, error, loading, reload; a late answer for older arguments is
 * dropped): the model list, one model, one version, several versions to compare, a metric's
 * history, an artifact folder and an artifact's preview.
 */
import { registryContract, type ArtifactContent } from '../../../shared/features/registry/registry.contract';
import { api } from '../../lib/api/api-context';
import { useCall } from '../../lib/use-call';

/** A model version. */
export interface VersionRef {
  clusterId: string;
  name: string;
  version: string;
}

/** Registered models matching `search` ('' lists all). */
export function useModels(clusterId: string, search: string) {
  return useCall(`${clusterId}|${search}`, () => api().call(registryContract.models, { clusterId, search }));
}

/** One model with its versions. */
export function useModel(clusterId: string, name: string) {
  return useCall(`${clusterId}|${name}`, () => api().call(registryContract.model, { clusterId, name }));
}

/** One version with its run. */
export function useModelVersion(ref: VersionRef) {
  return useCall(`${ref.clusterId}|${ref.name}|${ref.version}`, () =>
    api().call(registryContract.version, { clusterId: ref.clusterId, name: ref.name, version: ref.version }),
  );
}

/** Several versions of a model, in the order given. */
export function useModelVersions(clusterId: string, name: string, versions: readonly string[]) {
  return useCall(`${clusterId}|${name}|${versions.join(',')}`, () =>
    Promise.all(versions.map((version) => api().call(registryContract.version, { clusterId, name, version }))),
  );
}

/** Every logged value of a run's metric. */
export function useMetricHistory(clusterId: string, runId: string, key: string) {
  return useCall(`${clusterId}|${runId}|${key}`, () => api().call(registryContract.metricHistory, { clusterId, runId, key }));
}

/** One folder of a version's artifacts ('' is the root). */
export function useArtifactListing(ref: VersionRef, path: string) {
  return useCall(`${ref.clusterId}|${ref.name}|${ref.version}|${path}`, () =>
    api().call(registryContract.artifacts, { clusterId: ref.clusterId, name: ref.name, version: ref.version, path }),
  );
}

/** The preview of one artifact file (text, image or a size). */
export function useArtifactPreview(ref: VersionRef, path: string) {
  return useCall<ArtifactContent>(`${ref.clusterId}|${ref.name}|${ref.version}|${path}`, () =>
    api().call(registryContract.artifact, { clusterId: ref.clusterId, name: ref.name, version: ref.version, path, purpose: 'preview' }),
  );
}
