// SPDX-License-Identifier: Apache-2.0
/**
 * Loads allocation and metrics of each cluster in scope, and again every 30 s while the page is
 * open (a tick is skipped while the previous load still runs). The last good data stays on
 * screen while a refresh runs; each cluster and each part (allocation, metrics) fails on its
 * own. Answers that arrive after a newer load began, or after the page closed, are dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
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
  /** Bumped by every load and on cleanup; an answer of an older generation is dropped. */
  const generation = useRef(0);
  /** The generation of the load still running, 0 when none. */
  const running = useRef(0);

  const reload = useCallback(() => {
    const gen = ++generation.current;
    running.current = gen;
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
          (e: unknown) => update(clusterId, { allocationError: asAppError(e) }),
        ),
      api()
        .call(gpusContract.metrics, { clusterId, minutes })
        .then(
          (metrics) => update(clusterId, { metrics, metricsError: undefined }),
          (e: unknown) => update(clusterId, { metricsError: asAppError(e) }),
        ),
    ]);
    void Promise.all(jobs).then(() => {
      if (running.current === gen) running.current = 0;
      if (gen === generation.current) setLoading(false);
    });
  }, [key, minutes]);

  useEffect(() => {
    setData((prev) => new Map([...prev].filter(([id]) => key.split('\n').includes(id))));
    reload();
    const timer = setInterval(() => {
      if (running.current === 0) reload(); // the previous load still runs: skip this tick
    }, refreshMs);
    const gen = generation; // the ref itself (not a DOM node): bumping it drops what is in flight
    return () => {
      clearInterval(timer);
      gen.current++; // drop the answers still on their way (unmount, or a new scope)
      running.current = 0;
    };
  }, [reload, key]);

  return { data, reload, loading };
}
