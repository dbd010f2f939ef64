// SPDX-License-Identifier: Apache-2.0
/** Pure words and numbers of the overview page: bar fill, GPU totals, Kubeflow component names, when to show freshness. */
import type { ClusterOverview } from '../../../shared/features/overview/overview.contract';

/** How full a bar is, in percent (0 when there is nothing; at most 100). */
export function barPercent(used: number, total: number): number {
  return total > 0 ? Math.min(100, (used / total) * 100) : 0;
}

/** GPUs requested and allocatable over every model. */
export function gpuTotals(gpuModels: ClusterOverview['gpuModels']): { requested: number; allocatable: number } {
  return {
    requested: gpuModels.reduce((n, g) => n + g.requested, 0),
    allocatable: gpuModels.reduce((n, g) => n + g.allocatable, 0),
  };
}

const componentNames: Record<string, string> = {
  'training-v1': 'Training Operator (v1 jobs)',
  'trainer-v2': 'Trainer v2 (TrainJob)',
  katib: 'Katib',
  kserve: 'KServe',
  notebooks: 'Notebooks',
  profiles: 'Profiles',
  'mpi-v2beta1': 'MPI Operator v2beta1',
  pipelines: 'Pipelines',
};

/** A Kubeflow component's name as people say it (the id when unknown). */
export function componentName(id: string): string {
  return componentNames[id] ?? id;
}

/** The freshness banner shows when the data is not live nor being synced. */
export function showsFreshness(o: ClusterOverview): boolean {
  return o.freshness.freshness !== 'live' && o.freshness.freshness !== 'syncing';
}
