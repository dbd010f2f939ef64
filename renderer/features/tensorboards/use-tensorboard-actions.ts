// SPDX-License-Identifier: Apache-2.0
/**
 * What the TensorBoard page does: create one from a log directory, delete one, and open one
 * (a tunnel whose link, with its token, the page shows for the user's browser).
 */
import { useCallback, useState } from 'react';
import { tensorboardsContract, type CreateRequest, type TensorboardRequest } from '../../../shared/features/tensorboards/tensorboards.contract';
import type { TunnelInfo } from '../../../shared/features/tunnels/tunnels.contract';
import { api } from '../../lib/api/api-context';
import { notify, notifyError } from '../../lib/notify';

/** The actions and the links of opened TensorBoards (by row key). */
export function useTensorboardActions() {
  const [links, setLinks] = useState<Record<string, TunnelInfo>>({});
  const [opening, setOpening] = useState<string>();
  const create = useCallback(async (req: CreateRequest) => {
    await api().call(tensorboardsContract.create, req);
    notify('info', `TensorBoard ${req.name} created`, 'It is ready once its pod runs.');
  }, []);
  const remove = useCallback(async (req: TensorboardRequest) => {
    try {
      await api().call(tensorboardsContract.delete, req);
    } catch (e) {
      notifyError(e);
    }
  }, []);
  const open = useCallback(async (key: string, req: TensorboardRequest) => {
    setOpening(key);
    try {
      const t = await api().call(tensorboardsContract.open, req);
      setLinks((l) => ({ ...l, [key]: t }));
    } catch (e) {
      notifyError(e);
    } finally {
      setOpening(undefined);
    }
  }, []);
  return { links, opening, create, remove, open };
}
