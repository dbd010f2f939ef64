// SPDX-License-Identifier: Apache-2.0
/** The kinds each cluster serves (discovery), so navigation shows only what works. */
import { create } from 'zustand';
import { type AppError, asAppError } from '../../../shared/errors';
import { resourcesContract, type ApiResourceInfo } from '../../../shared/features/resources/resources.contract';
import { api } from '../api/api-context';
import { kindKey } from './kind-catalog';

interface KindsState {
  byCluster: Record<string, { keys: Set<string>; infos: ApiResourceInfo[] } | { error: AppError }>;
  load(clusterId: string): Promise<void>;
}

/** The kinds store. */
export const useKinds = create<KindsState>((set, get) => ({
  byCluster: {},
  async load(clusterId) {
    try {
      const infos = await api().call(resourcesContract.kinds, { clusterId });
      set({ byCluster: { ...get().byCluster, [clusterId]: { keys: new Set(infos.map(kindKey)), infos } } });
    } catch (e) {
      set({ byCluster: { ...get().byCluster, [clusterId]: { error: asAppError(e) } } });
    }
  },
}));
