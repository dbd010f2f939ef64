// SPDX-License-Identifier: Apache-2.0
/**
 * Loads a list and keeps it fresh while the page is visible (a re-list every few seconds).
 * The sync engine (watch + cache) replaces the polling without changing this hook's shape.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../shared/errors';
import { resourcesContract, type ListRequest, type ListResponse } from '../../../shared/features/resources/resources.contract';
import { api } from '../../lib/api/api-context';

/** What a list view shows. */
export interface ListState {
  data: ListResponse | undefined;
  error: AppError | undefined;
  loading: boolean;
  refresh(): void;
}

/** Lists `req` now and every `intervalMs` while the document is visible. */
export function useResourceList(req: ListRequest | undefined, intervalMs = 5000): ListState {
  const [data, setData] = useState<ListResponse | undefined>(undefined);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const key = JSON.stringify(req ?? null);
  const inFlight = useRef(false);
  const gen = useRef(0);

  const load = useCallback(() => {
    if (!req || inFlight.current) return;
    inFlight.current = true;
    const mine = gen.current;
    setLoading(true);
    api()
      .call(resourcesContract.list, req)
      .then(
        (r) => {
          if (mine !== gen.current) return;
          setData(r);
          setError(undefined);
        },
        (e: unknown) => {
          if (mine !== gen.current) return;
          setError(e as AppError);
        },
      )
      .finally(() => {
        inFlight.current = false;
        if (mine === gen.current) setLoading(false);
      });
    // key covers req
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  useEffect(() => {
    gen.current++;
    inFlight.current = false;
    setData(undefined);
    setError(undefined);
    load();
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') load();
    }, intervalMs);
    return () => clearInterval(t);
  }, [key, load, intervalMs]);

  return { data, error, loading, refresh: load };
}
