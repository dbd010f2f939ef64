// SPDX-License-Identifier: Apache-2.0
/**
 * A cluster's overview, as a hook: read through main (`overview:get`, which falls back to the
 * cache when the cluster cannot be reached) when the cluster changes and on reload.
 */
import { useCallback, useEffect, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { overviewContract, type ClusterOverview } from '../../../shared/features/overview/overview.contract';
import { api } from '../../lib/api/api-context';

/** The overview, why it could not be read, and a reload. */
export function useOverview(clusterId: string): { data: ClusterOverview | undefined; error: AppError | undefined; load: () => void } {
  const [data, setData] = useState<ClusterOverview | undefined>(undefined);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const load = useCallback(() => {
    setError(undefined);
    api()
      .call(overviewContract.get, { clusterId })
      .then(setData, (e: unknown) => setError(asAppError(e)));
  }, [clusterId]);
  useEffect(() => {
    setData(undefined);
    load();
  }, [load]);
  return { data, error, load };
}
