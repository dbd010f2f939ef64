// SPDX-License-Identifier: Apache-2.0
/**
 * Loads allocation and metrics of each cluster in scope, and again every 30 s while the page is
 * open. The last good data stays on screen while a refresh runs; each cluster and each part
 * (allocation, metrics) fails on its own.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../shared/errors';
import { gpusContract, type GpuAllocation, type GpuMetrics } from '../../../shared/features/gpus/gpus.contract';
import { api } from '../../lib/api/api-context';

/** One cluster's data. */
export interface ClusterGpuData {
  clusterId: string;
  allocation: GpuAllocation | undefined;
  allocationError: AppError | undefined;
  metrics: GpuMetrics | undefined;
  metricsError: AppError | undefined;
}

/** How often the page refreshes. */
export const refreshMs = 30_000;

/** The hook: data per cluster id, a reload function and whether a load runs. */
export function useGpuData(clusterIds: string[], minutes: number): { data: Map<string, ClusterGpuData>; reload: () => void; loading: boolean } {
  const [data, setData] = useState<Map<string, ClusterGpuData>>(new Map());
  const [loading, setLoading] = useState(false);
  const key = clusterIds.join('\n');
  const generation = useRef(0);

  const reload = useCallback(() => {
    const gen = ++generation.current;
    const ids = key === '' ? [] : key.split('\n');
    setLoading(true);
    const update = (id: string, patch: Partial<ClusterGpuData>) => {
      if (gen !== generation.current) return;
      setData((prev) => {
        const next = new Map(prev);
        const cur = next.get(id) ?? { clusterId: id, allocation: undefined, allocationError: undefined, metrics: undefined, metricsError: undefined };
        next.set(id, { ...cur, ...patch });
        return next;
      });
    };
    const jobs = ids.flatMap((clusterId) => [
      api()
        .call(gpusContract.allocation, { clusterId })
        .then(
          (allocation) => update(clusterId, { allocation, allocationError: undefined }),
          (e: unknown) => update(clusterId, { allocationError: e as AppError }),
        ),
      api()
        .call(gpusContract.metrics, { clusterId, minutes })
        .then(
          (metrics) => update(clusterId, { metrics, metricsError: undefined }),
          (e: unknown) => update(clusterId, { metricsError: e as AppError }),
        ),
    ]);
    void Promise.all(jobs).then(() => {
      if (gen === generation.current) setLoading(false);
    });
  }, [key, minutes]);

  useEffect(() => {
    setData((prev) => new Map([...prev].filter(([id]) => key.split('\n').includes(id))));
    reload();
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [reload, key]);

  return { data, reload, loading };
}
