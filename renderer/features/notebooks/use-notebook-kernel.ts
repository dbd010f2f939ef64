// SPDX-License-Identifier: Apache-2.0
/**
 * The kernel of an open notebook, as a hook: starts one when the notebook is live (its
 * kernelspec, else the server's default), follows `notebooks:kernel` events into the model, runs
 * cells (a kernel handle that is gone is replaced once and the cell retried), interrupts and
 * restarts. Gives the editor its kernel controls while live.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type MutableRefObject } from 'react';
import { AppError, asAppError } from '../../../shared/errors';
import {
  notebooksContract,
  type ConnectionState,
  type KernelHandle,
  type KernelStatus,
  type ServerRef,
} from '../../../shared/features/notebooks/notebooks.contract';
import { api } from '../../lib/api/api-context';
import { notify } from '../../lib/notify';
import type { KernelControls } from './editor/NotebookEditor';
import type { NotebookModel } from './editor/notebook-model';
import { applyKernelEvent } from './kernel-events';
import { kernelStartRequest, shownKernelStatus } from './notebook-page-model';
import { notifyFailed } from './notify-failed';

/** What the hook gives the page. */
export interface NotebookKernel {
  /** Why the last start failed. */
  kernelError: AppError | undefined;
  /** Starts a kernel (again); resolves with it, or undefined when it failed (see kernelError). */
  startKernel(): Promise<KernelHandle | undefined>;
  /** The editor's controls; undefined while the notebook is not live. */
  controls: KernelControls | undefined;
}

/**
 * @param server - the notebook server
 * @param path - the notebook's path on it
 * @param modelRef - the model being edited (read when events arrive and cells run)
 * @param live - the notebook is open from the server (not a kept copy) and the server is connected
 * @param state - the connection's state (for the words when there is no kernel)
 */
export function useNotebookKernel(
  server: ServerRef,
  path: string,
  modelRef: MutableRefObject<NotebookModel | undefined>,
  live: boolean,
  state: ConnectionState | undefined,
): NotebookKernel {
  const [kernel, setKernel] = useState<KernelHandle | undefined>();
  const [kernelStatus, setKernelStatus] = useState<KernelStatus>('unknown');
  const [kernelError, setKernelError] = useState<AppError | undefined>();
  const kernelRef = useRef<KernelHandle | undefined>(undefined);
  kernelRef.current = kernel;

  const startKernel = useCallback(async () => {
    setKernelError(undefined);
    try {
      const k = await api().call(notebooksContract.startKernel, kernelStartRequest(server, path, modelRef.current?.metadata));
      setKernel(k);
      setKernelStatus(k.status);
      return k;
    } catch (e) {
      setKernelError(asAppError(e));
      return undefined;
    }
  }, [server, path, modelRef]);

  useEffect(() => {
    if (live && !kernel && !kernelError) void startKernel();
  }, [live, kernel, kernelError, startKernel]);

  useEffect(
    () =>
      api().on(notebooksContract.kernel, (ev) => {
        if (ev.handle !== kernelRef.current?.handle) return;
        if (ev.type === 'status') {
          setKernelStatus(ev.status);
          if (ev.status === 'dead' && ev.reason) notify('warning', 'The kernel died', ev.reason);
          return;
        }
        const m = modelRef.current;
        if (m) applyKernelEvent(m, ev);
      }),
    [modelRef],
  );

  const run = useCallback(
    async (cellIds: string[]) => {
      const m = modelRef.current;
      if (!m) return;
      const code = cellIds.filter((id) => m.cell(id)?.type === 'code');
      if (code.length === 0) return;
      let k = kernelRef.current;
      if (!k) {
        notify(
          'warning',
          'No kernel',
          state === 'connected' ? 'The kernel is still starting.' : 'The notebook server cannot be reached; your edits are kept as a draft.',
        );
        return;
      }
      for (const id of code) {
        m.clearOutputs(id);
        m.setRunState(id, 'queued');
      }
      for (let i = 0; i < code.length; i++) {
        const id = code[i] as string;
        const cell = m.cell(id);
        if (!cell) continue;
        try {
          await api().call(notebooksContract.execute, { handle: k.handle, cellId: id, code: cell.source });
        } catch (first) {
          let e = first;
          // the kernel handle is gone (main restarted, kernel culled): start one and retry once
          const again = first instanceof AppError && first.code === 'not-found' ? await startKernel() : undefined;
          if (again) {
            k = again;
            try {
              await api().call(notebooksContract.execute, { handle: k.handle, cellId: id, code: cell.source });
              continue;
            } catch (e2) {
              e = e2;
            }
          }
          for (const rest of code.slice(i)) m.setRunState(rest, undefined);
          notifyFailed('Could not run the cell', e);
          return;
        }
      }
    },
    [state, startKernel, modelRef],
  );

  const controls: KernelControls | undefined = useMemo(
    () =>
      live
        ? {
            status: shownKernelStatus(kernel, kernelStatus, kernelError),
            run: (ids: string[]) => void run(ids),
            interrupt: () => {
              const k = kernelRef.current;
              if (k)
                api()
                  .call(notebooksContract.interrupt, { handle: k.handle })
                  .catch((e: unknown) => notifyFailed('Could not interrupt the kernel', e));
            },
            restart: () => {
              const k = kernelRef.current;
              if (!k) {
                void startKernel();
                return;
              }
              api()
                .call(notebooksContract.restart, { handle: k.handle })
                .then(() => {
                  const m = modelRef.current;
                  if (m) for (const c of m.cells) if (c.runState) m.setRunState(c.id, undefined);
                })
                .catch((e: unknown) => notifyFailed('Could not restart the kernel', e));
            },
          }
        : undefined,
    [live, kernel, kernelStatus, kernelError, run, startKernel, modelRef],
  );

  return { kernelError, startKernel, controls };
}
