// SPDX-License-Identifier: Apache-2.0
/**
 * The Features pages' data: the registries of one cluster or all with their projects, a project
 * with its objects and lineage, a search across projects and clusters, and a cluster's Feast
 * settings (each a {@link useCall}); saving the settings reports its failure as an error to show.
 */
import { useCallback, useState } from 'react';
import { AppError } from '../../../shared/errors';
import { feastContract, type RegistryId } from '../../../shared/features/feast/feast.contract';
import { api } from '../../lib/api/api-context';
import { useCall } from '../../lib/use-call';

/** Registries of one cluster, or of all when `clusterId` is undefined. */
export function useFeastRegistries(clusterId: string | undefined) {
  return useCall(`registries|${clusterId ?? '*'}`, () => api().call(feastContract.registries, clusterId ? { clusterId } : {}));
}

/** A project with its objects and lineage. */
export function useFeastProject(clusterId: string, registryId: RegistryId, project: string) {
  return useCall(`${clusterId}|${registryId}|${project}`, () => api().call(feastContract.project, { clusterId, registryId, project }));
}

/** A search (none while the query is empty). */
export function useFeastSearch(clusterId: string | undefined, query: string) {
  return useCall(`search|${clusterId ?? '*'}|${query}`, () =>
    query.trim() ? api().call(feastContract.search, clusterId ? { clusterId, query } : { query }) : Promise.resolve(undefined),
  );
}

/** A cluster's settings, and saving them. */
export function useFeastSettings(clusterId: string) {
  const state = useCall(`settings|${clusterId}`, () => api().call(feastContract.getSettings, { clusterId }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const save = useCallback(
    async (url: string, registryFile: string): Promise<boolean> => {
      setBusy(true);
      setError(undefined);
      try {
        state.set(await api().call(feastContract.setSettings, { clusterId, url, registryFile }));
        return true;
      } catch (e) {
        setError(e instanceof AppError ? e : new AppError('internal', String(e)));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [clusterId, state],
  );
  return { ...state, save, busy, saveError: error };
}
