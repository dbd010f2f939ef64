// SPDX-License-Identifier: Apache-2.0
/**
 * A cluster's stores: those found in it and those saved, the one chosen (remembered per cluster
 * in localStorage: an id, never a key), and saving, using a found one, removing.
 */
import { useCallback, useEffect, useState } from 'react';
import { storageContract, type SaveStoreInput, type SavedStore, type StoreConnections } from '../../../shared/features/storage/storage.contract';
import { api } from '../../lib/api/api-context';
import { notifyError } from '../../lib/notify';
import { useCall, type CallState } from '../../lib/use-call';

const chosenKey = (clusterId: string) => `mldeck.storage.connection.${clusterId}`;

/** What {@link useStoreConnections} gives. */
export interface StoreConnectionsState {
  connections: CallState<StoreConnections>;
  chosen: SavedStore | undefined;
  choose(id: string | undefined): void;
  adopt(foundId: string): Promise<SavedStore | undefined>;
  save(input: Omit<SaveStoreInput, 'clusterId'>): Promise<SavedStore | undefined>;
  remove(id: string): Promise<void>;
}

export function useStoreConnections(clusterId: string): StoreConnectionsState {
  const connections = useCall(`storage:${clusterId}`, () => api().call(storageContract.connections, { clusterId }));
  const [chosenId, setChosenId] = useState<string | undefined>(() => localStorage.getItem(chosenKey(clusterId)) ?? undefined);
  useEffect(() => setChosenId(localStorage.getItem(chosenKey(clusterId)) ?? undefined), [clusterId]);
  const saved = connections.value?.saved ?? [];
  const chosen = saved.find((s) => s.id === chosenId) ?? (saved.length === 1 ? saved[0] : undefined);
  const choose = useCallback(
    (id: string | undefined) => {
      if (id) localStorage.setItem(chosenKey(clusterId), id);
      else localStorage.removeItem(chosenKey(clusterId));
      setChosenId(id);
    },
    [clusterId],
  );
  const { reload } = connections;
  const adopt = useCallback(
    async (foundId: string) => {
      try {
        const s = await api().call(storageContract.adopt, { clusterId, foundId });
        choose(s.id);
        reload();
        return s;
      } catch (e) {
        notifyError(e);
        return undefined;
      }
    },
    [clusterId, choose, reload],
  );
  const save = useCallback(
    async (input: Omit<SaveStoreInput, 'clusterId'>) => {
      try {
        const s = await api().call(storageContract.save, { ...input, clusterId });
        choose(s.id);
        reload();
        return s;
      } catch (e) {
        notifyError(e);
        return undefined;
      }
    },
    [clusterId, choose, reload],
  );
  const remove = useCallback(
    async (id: string) => {
      try {
        await api().call(storageContract.remove, { clusterId, connectionId: id });
        if (id === chosenId) choose(undefined);
        reload();
      } catch (e) {
        notifyError(e);
      }
    },
    [clusterId, chosenId, choose, reload],
  );
  return { connections, chosen, choose, adopt, save, remove };
}
