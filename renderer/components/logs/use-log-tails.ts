// SPDX-License-Identifier: Apache-2.0
/**
 * Live tails of one or more containers while mounted: the kept lines come at once, then the lines
 * main pushes on `logs:appended` for these tails, applied once per animation frame and bounded
 * in memory (the oldest go first, counted). Tails again when the connection to main comes back.
 */
import { useEffect, useRef, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { logsContract, type TailAppended, type TailState } from '../../../shared/features/logs/logs.contract';
import { api, apiSocket } from '../../lib/api/api-context';
import { appendBounded, maxViewLines, timeKey, type ViewLine } from './log-lines';

/** One container to tail. */
export interface TailRef {
  clusterId: string;
  namespace: string;
  pod: string;
  container: string;
}

/** What the view knows of one tail. */
export interface TailView {
  ref: TailRef;
  /** The newest lines, oldest first (mutated in place; watch `version`). */
  lines: ViewLine[];
  /** Lines dropped here to stay within the bound. */
  dropped: number;
  /** Lines main did not send while this view was behind (the kept log has them). */
  skipped: number;
  /** Older lines were not kept by MLDeck (bounds) or not asked for. */
  truncated: boolean;
  /** Lines received since the tail started (kept answer included). */
  total: number;
  state: TailState | undefined;
  following: boolean;
  reason: string | undefined;
  error: AppError | undefined;
}

/** Events kept while waiting for tail answers (those of other views are dropped at the next answer). */
const maxEarly = 2000;

const toView = (l: { time: string; text: string }): ViewLine => ({ time: l.time, text: l.text, key: timeKey(l.time) });

/**
 * Tails the containers while mounted.
 * @param max - lines kept per tail in the renderer
 */
export function useLogTails(refs: readonly TailRef[], opts: { limit?: number; max?: number } = {}): { tails: TailView[]; version: number } {
  const key = JSON.stringify(refs);
  const max = opts.max ?? maxViewLines;
  const limit = opts.limit ?? 20_000;
  const tails = useRef<TailView[]>([]);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    const views: TailView[] = refs.map((ref) => ({
      ref,
      lines: [],
      dropped: 0,
      skipped: 0,
      truncated: false,
      total: 0,
      state: undefined,
      following: false,
      reason: undefined,
      error: undefined,
    }));
    tails.current = views;
    setVersion((v) => v + 1);
    const ids: (string | undefined)[] = refs.map(() => undefined);
    let early: TailAppended[] = [];
    let pending: { index: number; ev: TailAppended }[] = [];
    let frame: number | undefined;

    const flush = () => {
      frame = undefined;
      const batch = pending;
      pending = [];
      for (const { index, ev } of batch) {
        const v = views[index] as TailView;
        if (ev.lines.length) {
          v.dropped += appendBounded(v.lines, ev.lines.map(toView), max);
          v.total += ev.lines.length;
        }
        if (ev.skipped) v.skipped += ev.skipped;
        v.state = ev.state;
        v.following = ev.following;
        v.reason = ev.reason;
      }
      setVersion((n) => n + 1);
    };
    const schedule = () => {
      if (frame === undefined) frame = requestAnimationFrame(flush);
    };
    const accept = (ev: TailAppended): boolean => {
      const index = ids.indexOf(ev.subscriptionId);
      if (index < 0) return false;
      pending.push({ index, ev });
      schedule();
      return true;
    };
    // events can overtake the tail's answer: keep unknown ones until the answers arrive
    const off = api().on(logsContract.appended, (ev) => {
      if (!live) return;
      if (!accept(ev) && ids.some((id) => id === undefined)) {
        early.push(ev);
        // a tail whose answer failed never gets an id: other views' events must not pile up here
        if (early.length > maxEarly) early = early.slice(-maxEarly);
      }
    });
    const start = (index: number) => {
      const ref = refs[index] as TailRef;
      api()
        .call(logsContract.tail, { ...ref, limit })
        .then(
          (r) => {
            if (!live) {
              void api()
                .call(logsContract.untail, { subscriptionId: r.subscriptionId })
                .catch(() => undefined);
              return;
            }
            ids[index] = r.subscriptionId;
            const v = views[index] as TailView;
            v.lines = [];
            v.dropped = appendBounded(v.lines, r.lines.map(toView), max);
            v.total = r.lines.length;
            v.skipped = 0;
            v.truncated = r.truncated;
            v.state = r.state;
            v.following = r.following;
            v.reason = r.reason;
            v.error = undefined;
            const mine = early.filter((e) => e.subscriptionId === r.subscriptionId);
            // once every tail has its id, what is left belongs to other views
            early = ids.every((id) => id !== undefined) ? [] : early.filter((e) => e.subscriptionId !== r.subscriptionId);
            for (const e of mine) accept(e);
            setVersion((n) => n + 1);
          },
          (e: unknown) => {
            if (!live) return;
            (views[index] as TailView).error = asAppError(e);
            setVersion((n) => n + 1);
          },
        );
    };
    refs.forEach((_, i) => start(i));
    // browser mode: main drops a client's tails when its socket closes; tail again
    let wasClosed = false;
    const offState = apiSocket()?.onState((s) => {
      if (s === 'closed') wasClosed = true;
      if (s === 'open' && wasClosed) {
        wasClosed = false;
        refs.forEach((_, i) => {
          ids[i] = undefined;
          start(i);
        });
      }
    });
    return () => {
      live = false;
      off();
      offState?.();
      if (frame !== undefined) cancelAnimationFrame(frame);
      for (const id of ids)
        if (id)
          void api()
            .call(logsContract.untail, { subscriptionId: id })
            .catch(() => undefined);
    };
    // key covers refs
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, max, limit]);

  return { tails: tails.current, version };
}
