// SPDX-License-Identifier: Apache-2.0
/** A call's answer for a page (registry, pipelines, …): value, error, loading and reload; a late answer for older arguments is dropped. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type AppError, asAppError } from '../../shared/errors';

/** What {@link useCall} gives. */
export interface CallState<T> {
  value: T | undefined;
  error: AppError | undefined;
  loading: boolean;
  reload(): void;
  /** Replaces the value (an action returned the fresh state). */
  set(v: T): void;
}

/**
 * Runs `fn` when `key` changes and on reload.
 * @param key - identifies the arguments (a change reloads)
 */
export function useCall<T>(key: string, fn: () => Promise<T>): CallState<T> {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => {
    let live = true;
    setLoading(true);
    fnRef.current().then(
      (v) => {
        if (!live) return;
        setValue(v);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(asAppError(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { value, error, loading, reload, set: setValue };
}
