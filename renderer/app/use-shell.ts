// SPDX-License-Identifier: Apache-2.0
/**
 * The shell's own data: the cluster list loaded on start and kept current from main's pushes,
 * main's notices shown as notifications, and the state of the socket to main (browser mode only).
 */
import { useEffect, useState } from 'react';
import { appContract } from '../../shared/features/app/app.contract';
import { followClusterChanges, useClusters } from '../lib/clusters.store';
import { api, apiSocket } from '../lib/api/api-context';
import type { SocketState } from '../lib/api/ws-transport';
import { notify } from '../lib/notify';

/** Loads the clusters, follows their changes and main's notices while the shell is mounted. */
export function useShellEvents(): void {
  const load = useClusters((s) => s.load);
  useEffect(() => {
    void load();
    const off = followClusterChanges();
    const offNotice = api().on(appContract.notice, (n) => notify(n.level, n.title, n.message));
    return () => {
      off();
      offNotice();
    };
  }, [load]);
}

/** The socket to main's state; undefined in Electron (no socket). */
export function useSocketState(): SocketState | undefined {
  const [socket, setSocket] = useState<SocketState | undefined>(apiSocket()?.state());
  useEffect(() => {
    const sock = apiSocket();
    if (!sock) return;
    setSocket(sock.state());
    return sock.onState(setSocket);
  }, []);
  return socket;
}
