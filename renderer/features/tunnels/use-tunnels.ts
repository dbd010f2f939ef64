// SPDX-License-Identifier: Apache-2.0
/**
 * The open tunnels, read every 2 s while the page shows them (their bytes and age change), and
 * the actions: open one, close one, open a tunnel's link in the system browser.
 */
import { useCallback, useEffect, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { appContract } from '../../../shared/features/app/app.contract';
import { tunnelsContract, type OpenTunnelRequest, type TunnelInfo } from '../../../shared/features/tunnels/tunnels.contract';
import { api } from '../../lib/api/api-context';
import { notify, notifyError } from '../../lib/notify';

/** What the tunnels page renders from. */
export interface TunnelsData {
  tunnels: TunnelInfo[] | undefined;
  error: AppError | undefined;
  open(req: OpenTunnelRequest): Promise<TunnelInfo>;
  close(t: TunnelInfo): Promise<void>;
  /** Opens the tunnel's link outside the app (the system browser). */
  launch(t: TunnelInfo): Promise<void>;
}

/** The tunnels, refreshed every `everyMs`. */
export function useTunnels(everyMs = 2000): TunnelsData {
  const [tunnels, setTunnels] = useState<TunnelInfo[]>();
  const [error, setError] = useState<AppError>();
  const refresh = useCallback(async () => {
    try {
      setTunnels(await api().call(tunnelsContract.list, {}));
      setError(undefined);
    } catch (e) {
      setError(asAppError(e));
    }
  }, []);
  useEffect(() => {
    void refresh();
    const t = setInterval(() => void refresh(), everyMs);
    return () => clearInterval(t);
  }, [refresh, everyMs]);

  const open = useCallback(
    async (req: OpenTunnelRequest) => {
      const t = await api().call(tunnelsContract.open, req);
      await refresh();
      return t;
    },
    [refresh],
  );
  const close = useCallback(
    async (t: TunnelInfo) => {
      try {
        await api().call(tunnelsContract.close, { id: t.id });
      } catch (e) {
        notifyError(e);
      }
      await refresh();
    },
    [refresh],
  );
  const launch = useCallback(async (t: TunnelInfo) => {
    if (!t.url) return;
    try {
      const r = await api().call(appContract.openExternal, { url: t.url });
      if (!r.opened) notify('warning', 'The browser could not be opened', 'Copy the link and open it in your browser.');
    } catch (e) {
      notifyError(e);
    }
  }, []);
  return { tunnels, error, open, close, launch };
}
