// SPDX-License-Identifier: Apache-2.0
/**
 * The in-cluster services a settings form offers to pin (MLflow, Prometheus): asked once per
 * cluster, and again on demand. Asking sends nothing to the services themselves.
 */
import { useCallback, useEffect, useState } from 'react';
import { type AppError, asAppError } from '../../shared/errors';
import type { ServiceCandidate } from '../../shared/kube/service-pin';

/** What the form shows. */
export interface ServiceCandidates {
  candidates: ServiceCandidate[] | undefined;
  error: AppError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * @param load - asks main for the candidates (e.g. `registry:candidates`)
 * @param key - when it changes (another cluster), the list is asked again
 */
export function useServiceCandidates(load: () => Promise<ServiceCandidate[]>, key: string): ServiceCandidates {
  const [state, setState] = useState<{ candidates?: ServiceCandidate[]; error?: AppError; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  // `load` is a new closure each render; the key says when the question changes
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const ask = useCallback(load, [key]);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    ask().then(
      (candidates) => live && setState({ candidates, loading: false }),
      (e: unknown) => live && setState({ error: asAppError(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [ask, round]);
  return { candidates: state.candidates, error: state.error, loading: state.loading, reload: () => setRound((r) => r + 1) };
}
