// SPDX-License-Identifier: Apache-2.0
/**
 * The data behind the exec plugin approval prompt: main's description of exactly what would run,
 * and the approve call that sends back that description's fingerprint (main refuses if the
 * invocation changed since, and in Electron asks once more in a native dialog).
 */
import { useCallback, useEffect, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { clustersContract } from '../../../shared/features/clusters/clusters.contract';
import type { ExecApprovalPrompt } from '../../../shared/features/clusters/exec-invocation';
import { api } from '../../lib/api/api-context';
import { useClusters } from '../../lib/clusters.store';

/** State and actions of one approval prompt. */
export interface ExecApprovalState {
  prompt: ExecApprovalPrompt | undefined;
  error: AppError | undefined;
  busy: boolean;
  /** Approves what is shown. @returns true when approved */
  approve(): Promise<boolean>;
  /** Asks main again (after a `conflict`). */
  reload(): void;
}

/** Loads the prompt of one cluster's plugin. */
export function useExecApproval(clusterId: string): ExecApprovalState {
  const [prompt, setPrompt] = useState<ExecApprovalPrompt | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setPrompt(undefined);
    api()
      .call(clustersContract.describeExec, { clusterId })
      .then(
        (p) => {
          if (!live) return;
          setPrompt(p);
          setError(undefined);
        },
        (e: AppError) => live && setError(e),
      );
    return () => {
      live = false;
    };
  }, [clusterId, attempt]);

  const approve = useCallback(async () => {
    if (!prompt) return false;
    setBusy(true);
    try {
      useClusters.getState().apply(await api().call(clustersContract.approveExec, { clusterId, fingerprint: prompt.invocation.fingerprint }));
      return true;
    } catch (e) {
      setError(asAppError(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, [clusterId, prompt]);

  return { prompt, error, busy, approve, reload: useCallback(() => setAttempt((n) => n + 1), []) };
}
