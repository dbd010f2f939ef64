// SPDX-License-Identifier: Apache-2.0
/**
 * A user's action that calls main (submit a form, press a button, add a server, delete a
 * pipeline): whether it is running and the error it ended with, kept for the page to show until
 * the next try. `run` never throws: an error is kept as an AppError (a thrown non-AppError becomes
 * `internal`, its text kept) and `run` resolves undefined; success resolves the action's value
 * wrapped (`{ value }`, a void action's too), so the caller can clear its form or use the answer.
 */
import { useCallback, useState } from 'react';
import { asAppError, type AppError } from '../../shared/errors';

/** What {@link useAction} gives. */
export interface ActionState {
  busy: boolean;
  error: AppError | undefined;
  /** Runs the action: its value wrapped, or undefined when it failed (then `error` says why). */
  run<T>(action: () => Promise<T>): Promise<{ value: T } | undefined>;
  clearError(): void;
}

/** One action's busy flag and error. */
export function useAction(): ActionState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<{ value: T } | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return { value: await action() };
    } catch (e) {
      setError(asAppError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(undefined), []);
  return { busy, error, run, clearError };
}
