// SPDX-License-Identifier: Apache-2.0
/**
 * An RBAC answer for a view's buttons: asked when `key` changes; a failed check (cluster
 * unreachable) is kept as the error and, with `retryMs`, asked again after that long so the
 * buttons come back with the cluster.
 */
import { useEffect, useState } from 'react';
import { type AppError, asAppError } from '../../shared/errors';

/** The answer (undefined while asked) or the error. */
export function usePermissionCheck<T>(key: string | undefined, ask: () => Promise<T>, retryMs?: number): { value: T | undefined; error: AppError | undefined } {
  const [value, setValue] = useState<T | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => setAttempt(0), [key]);
  useEffect(() => {
    if (key === undefined) return;
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    if (attempt === 0) {
      setValue(undefined);
      setError(undefined);
    }
    ask().then(
      (p) => {
        if (!live) return;
        setValue(p);
        setError(undefined);
      },
      (e: unknown) => {
        if (!live) return;
        setError(asAppError(e));
        if (retryMs !== undefined) retry = setTimeout(() => setAttempt((a) => a + 1), retryMs);
      },
    );
    return () => {
      live = false;
      if (retry) clearTimeout(retry);
    };
    // `key` names what `ask` asks; `ask` itself is re-made each render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);
  return { value, error };
}
