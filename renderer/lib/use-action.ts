// SPDX-License-Identifier: Apache-2.0
/**
 * A user's action that calls main (submit a form, press a button): whether it is running and the
 * error it ended with, kept for the page to show. `run` never throws: an error is kept as an
 * AppError (a thrown non-AppError becomes `internal`, its text kept) and `run` resolves `false`;
 * success resolves `true`, so the caller can clear its form.
 */
import { useCallback, useState } from 'react';
import { asAppError, type AppError } from '../../shared/errors';

/** What {@link useAction} gives. */
export interface ActionState {
  busy: boolean;
  error: AppError | undefined;
  /** Runs the action; `true` when it succeeded. */
  run(action: () => Promise<unknown>): Promise<boolean>;
  clearError(): void;
}

/** One action's busy flag and error. */
export function useAction(): ActionState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (e) {
      setError(asAppError(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(undefined), []);
  return { busy, error, run, clearError };
}
