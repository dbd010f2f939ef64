// SPDX-License-Identifier: Apache-2.0
/**
 * A cluster's notebook gateway settings, as a hook: read on mount, saved (the gateway URL, a
 * token or its removal) through main, which keeps the token; the renderer only learns whether
 * one is kept.
 */
import { useCallback, useEffect, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { notebooksContract, type NotebookSettings } from '../../../shared/features/notebooks/notebooks.contract';
import { api } from '../../lib/api/api-context';
import { notify } from '../../lib/notify';

/** A change of the gateway settings (null removes). */
export interface GatewayChange {
  gatewayUrl?: string | null;
  gatewayToken?: string | null;
}

/** What the hook gives the form. */
export interface GatewaySettingsData {
  /** undefined until read. */
  settings: NotebookSettings | undefined;
  error: AppError | undefined;
  busy: boolean;
  /** Saves a change; resolves with the new settings, or undefined when it failed (see error). */
  save(change: GatewayChange): Promise<NotebookSettings | undefined>;
}

/**
 * @param clusterId - the cluster
 * @param onSaved - called after each save (to reconnect with the new route)
 */
export function useGatewaySettings(clusterId: string, onSaved: () => void): GatewaySettingsData {
  const [settings, setSettings] = useState<NotebookSettings | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api()
      .call(notebooksContract.getSettings, { clusterId })
      .then(setSettings, (e: unknown) => setError(asAppError(e)));
  }, [clusterId]);

  const save = useCallback(
    async (change: GatewayChange) => {
      setBusy(true);
      setError(undefined);
      try {
        const s = await api().call(notebooksContract.setSettings, { clusterId, ...change });
        setSettings(s);
        notify('success', s.gatewayUrl ? `Notebook servers are reached through ${s.gatewayUrl}` : 'Notebook servers are reached through a port-forward');
        onSaved();
        return s;
      } catch (e) {
        setError(asAppError(e));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [clusterId, onSaved],
  );

  return { settings, error, busy, save };
}
