// SPDX-License-Identifier: Apache-2.0
/**
 * The clusters slice: every context, the current one, and each one's last health check and
 * discovery; the changes a user makes to the list (add a kubeconfig, pick up the lab, rename,
 * remove), each applying the list main hands back.
 */
import { create } from 'zustand';
import { type AppError, asAppError } from '../../shared/errors';
import { clustersContract, type ClusterDiscovery, type ClusterHealth, type ClusterList } from '../../shared/features/clusters/clusters.contract';
import { api } from './api/api-context';

interface ClustersState {
  list: ClusterList | undefined;
  loading: boolean;
  error: AppError | undefined;
  health: Record<string, ClusterHealth>;
  discovery: Record<string, ClusterDiscovery>;
  load(): Promise<void>;
  apply(list: ClusterList): void;
  setCurrent(id: string): Promise<void>;
  checkHealth(id: string): Promise<ClusterHealth>;
  discover(id: string): Promise<ClusterDiscovery>;
  /** Adds a kubeconfig file by path; resolves with how many contexts are new. */
  addFile(path: string): Promise<number>;
  /** Adds a pasted kubeconfig (optionally named); resolves with how many contexts are new. */
  addText(text: string, label?: string): Promise<number>;
  /** Picks up the lab's kubeconfig. */
  pickUpLab(): Promise<void>;
  rename(id: string, displayName: string): Promise<void>;
  remove(id: string): Promise<void>;
}

/** The clusters store. */
export const useClusters = create<ClustersState>((set, get) => ({
  list: undefined,
  loading: false,
  error: undefined,
  health: {},
  discovery: {},
  async load() {
    set({ loading: true });
    try {
      get().apply(await api().call(clustersContract.list, {}));
      set({ error: undefined });
    } catch (e) {
      set({ error: asAppError(e) });
    } finally {
      set({ loading: false });
    }
  },
  apply(list) {
    set({ list });
  },
  async setCurrent(id) {
    get().apply(await api().call(clustersContract.setCurrent, { clusterId: id }));
  },
  async checkHealth(id) {
    const h = await api().call(clustersContract.health, { clusterId: id });
    set({ health: { ...get().health, [id]: h } });
    return h;
  },
  async discover(id) {
    const d = await api().call(clustersContract.discover, { clusterId: id });
    set({ discovery: { ...get().discovery, [id]: d } });
    return d;
  },
  async addFile(path) {
    const before = get().list?.clusters.length ?? 0;
    const list = await api().call(clustersContract.addFile, { path });
    get().apply(list);
    return list.clusters.length - before;
  },
  async addText(text, label) {
    const before = get().list?.clusters.length ?? 0;
    const list = await api().call(clustersContract.addText, { text, ...(label ? { label } : {}) });
    get().apply(list);
    return list.clusters.length - before;
  },
  async pickUpLab() {
    get().apply(await api().call(clustersContract.useLab, {}));
  },
  async rename(id, displayName) {
    get().apply(await api().call(clustersContract.rename, { clusterId: id, displayName }));
  },
  async remove(id) {
    get().apply(await api().call(clustersContract.remove, { clusterId: id }));
  },
}));

/** Subscribes the store to main's pushes; returns the unsubscribe. */
export function followClusterChanges(): () => void {
  const offList = api().on(clustersContract.changed, (list) => useClusters.getState().apply(list));
  const offHealth = api().on(clustersContract.healthChanged, (h) => useClusters.setState({ health: { ...useClusters.getState().health, [h.id]: h } }));
  return () => {
    offList();
    offHealth();
  };
}
