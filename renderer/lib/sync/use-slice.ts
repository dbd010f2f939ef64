// SPDX-License-Identifier: Apache-2.0
/**
 * A live, cached list: the rows main has cached come at once, then deltas as the sync engine
 * applies watch events, coalesced per animation frame. Resubscribes after the connection to
 * main comes back.
 */
import { useEffect, useRef, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { syncContract, type SliceDelta, type SliceRequest, type SliceStatus } from '../../../shared/features/sync/sync.contract';
import type { KubeObject } from '../../../shared/kube/object';
import { api, apiSocket } from '../api/api-context';
import { applyDeltas, keyOf } from './slice-rows';

/** What a live list view shows. */
export interface SliceState {
  items: KubeObject[] | undefined;
  status: SliceStatus | undefined;
  error: AppError | undefined;
}

/** Subscribes to a slice while mounted. */
export function useSlice(req: SliceRequest | undefined): SliceState {
  const [state, setState] = useState<SliceState>({ items: undefined, status: undefined, error: undefined });
  const key = JSON.stringify(req ?? null);
  const rows = useRef(new Map<string, KubeObject>());

  useEffect(() => {
    if (!req) return;
    let live = true;
    let subscriptionId: string | undefined;
    let pending: SliceDelta[] = [];
    let frame: number | undefined;
    setState({ items: undefined, status: undefined, error: undefined });

    const flush = () => {
      frame = undefined;
      const batch = pending;
      pending = [];
      const status = applyDeltas(rows.current, batch);
      setState((s) => ({ items: [...rows.current.values()], status: status ?? s.status, error: undefined }));
    };
    // deltas can overtake the subscribe answer; keep unknown ones until it arrives
    let early: SliceDelta[] = [];
    const schedule = () => {
      if (frame === undefined) frame = requestAnimationFrame(flush);
    };
    const offDelta = api().on(syncContract.delta, (d) => {
      if (!live) return;
      if (d.subscriptionId === subscriptionId) {
        pending.push(d);
        schedule();
      } else if (subscriptionId === undefined) early.push(d);
    });
    const subscribe = () => {
      api()
        .call(syncContract.subscribe, req)
        .then(
          (snap) => {
            if (!live) {
              void api().call(syncContract.unsubscribe, { subscriptionId: snap.subscriptionId });
              return;
            }
            subscriptionId = snap.subscriptionId;
            rows.current = new Map(snap.items.map((o) => [keyOf(o), o]));
            setState({ items: snap.items, status: snap.status, error: undefined });
            pending.push(...early.filter((d) => d.subscriptionId === snap.subscriptionId));
            early = [];
            if (pending.length) schedule();
          },
          (e: unknown) => live && setState({ items: undefined, status: undefined, error: asAppError(e) }),
        );
    };
    subscribe();
    // browser mode: main drops a client's subscriptions when its socket closes; subscribe again
    let wasClosed = false;
    const offState = apiSocket()?.onState((s) => {
      if (s === 'closed') wasClosed = true;
      if (s === 'open' && wasClosed) {
        wasClosed = false;
        subscriptionId = undefined;
        subscribe();
      }
    });
    return () => {
      live = false;
      offDelta();
      offState?.();
      if (frame !== undefined) cancelAnimationFrame(frame);
      if (subscriptionId)
        void api()
          .call(syncContract.unsubscribe, { subscriptionId })
          .catch(() => undefined);
    };
    // key covers req
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return state;
}
