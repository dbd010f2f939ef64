// SPDX-License-Identifier: Apache-2.0
/**
 * A run for its page: read once, then again with back-off while it runs (`run-refresh.ts`),
 * stopped when it is done or the page closes; a failed refresh keeps what was shown and says why.
 * A run seen before in this window is shown at once from memory (`run-memory.ts`) while it is read.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { AppError } from '../../../../shared/errors';
import { runDetailsContract, type RunDetail } from '../../../../shared/features/pipelines/run-details.contract';
import { api } from '../../../lib/api/api-context';
import { keptRuns, runKey } from './run-memory';
import { nextRefresh } from './run-refresh';

/** What {@link useRun} gives. */
export interface RunState {
  run: RunDetail | undefined;
  error: AppError | undefined;
  loading: boolean;
  /** The run shown is the one kept in memory from an earlier visit: the first read of this visit is under way. */
  fromMemory: boolean;
  /** When the next read is due (ms since epoch), undefined when not refreshing. */
  nextAt: number | undefined;
  reload(): void;
}

/** A fingerprint of what changes while a run runs. */
function stamp(r: RunDetail): string {
  return `${r.state}|${r.tasks.map((t) => `${t.taskId}:${t.state}${t.cached ? ':cached' : ''}`).join(',')}`;
}

/** The run, refreshed while active. */
export function useRun(clusterId: string, runId: string): RunState {
  const key = runKey(clusterId, runId);
  const [shown, setShown] = useState({ key, fromMemory: keptRuns.get(key) !== undefined });
  const [run, setRun] = useState<RunDetail | undefined>(() => keptRuns.get(key));
  // another run: what memory has of it until it is read
  if (shown.key !== key) {
    const kept = keptRuns.get(key);
    setShown({ key, fromMemory: kept !== undefined });
    setRun(kept);
  }
  const [error, setError] = useState<AppError | undefined>();
  const [loading, setLoading] = useState(true);
  const [nextAt, setNextAt] = useState<number | undefined>();
  const [tick, setTick] = useState(0);
  const last = useRef({ stamp: '', waitMs: 0 });
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = () => {
      setLoading(true);
      api()
        .call(runDetailsContract.get, { clusterId, runId })
        .then(
          (r) => {
            if (!live) return;
            const s = stamp(r);
            const changed = s !== last.current.stamp;
            last.current.stamp = s;
            keptRuns.set(runKey(clusterId, runId), r);
            setRun(r);
            setShown((st) => (st.fromMemory ? { ...st, fromMemory: false } : st));
            setError(undefined);
            schedule(changed, r.active && r.origin.kind !== 'cache');
          },
          (e: unknown) => {
            if (!live) return;
            setError(e instanceof AppError ? e : new AppError('internal', String(e)));
            schedule(false, true);
          },
        )
        .finally(() => live && setLoading(false));
    };
    const schedule = (changed: boolean, active: boolean) => {
      const wait = nextRefresh(last.current.waitMs, changed, active);
      last.current.waitMs = wait ?? 0;
      setNextAt(wait === undefined ? undefined : Date.now() + wait);
      if (wait !== undefined) timer = setTimeout(read, wait);
    };
    last.current = { stamp: '', waitMs: 0 };
    read();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [clusterId, runId, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { run, error, loading, fromMemory: shown.fromMemory && shown.key === key, nextAt, reload };
}
