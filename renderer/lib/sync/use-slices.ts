// SPDX-License-Identifier: Apache-2.0
/**
 * Many live, cached lists at once (one slice per cluster × kind, say), merged into one row
 * set where each row carries the slice it came from, plus every slice's freshness or error.
 * Same protocol as {@link useSlice}: cached rows at once, deltas per animation frame,
 * resubscribe when the connection to main comes back.
 */
import { useEffect, useRef, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { syncContract, type SliceDelta, type SliceRequest, type SliceStatus } from '../../../shared/features/sync/sync.contract';
import type { KubeObject } from '../../../shared/kube/object';
import { api, apiSocket } from '../api/api-context';
import { applyDeltas, keyOf } from './slice-rows';

/** One slice to follow, with what its rows are tagged with. */
export interface SliceSpec<T> {
  req: SliceRequest;
  tag: T;
}

/** A row and where it came from. */
export interface TaggedRow<T> {
  clusterId: string;
  tag: T;
  object: KubeObject;
}

/** One slice's state. */
export interface SliceInfo<T> {
  req: SliceRequest;
  tag: T;
  /** Undefined until the first answer. */
  status: SliceStatus | undefined;
  error: AppError | undefined;
  loaded: boolean;
}

/** What {@link useSlices} returns. */
export interface SlicesState<T> {
  rows: TaggedRow<T>[];
  slices: SliceInfo<T>[];
}

interface Sub<T> {
  spec: SliceSpec<T>;
  rows: Map<string, KubeObject>;
  subscriptionId: string | undefined;
  status: SliceStatus | undefined;
  error: AppError | undefined;
  loaded: boolean;
  early: SliceDelta[];
}

/** Subscribes to every slice of `specs` while mounted; `specs` is compared by value. */
export function useSlices<T>(specs: SliceSpec<T>[]): SlicesState<T> {
  const key = JSON.stringify(specs);
  const [state, setState] = useState<SlicesState<T>>({ rows: [], slices: [] });
  const current = useRef(specs);
  current.current = specs;

  useEffect(() => {
    const list = current.current;
    let live = true;
    const subs: Sub<T>[] = list.map((spec) => ({
      spec,
      rows: new Map(),
      subscriptionId: undefined,
      status: undefined,
      error: undefined,
      loaded: false,
      early: [],
    }));
    const bySubId = new Map<string, Sub<T>>();
    let pending: SliceDelta[] = [];
    let orphans: SliceDelta[] = [];
    let frame: number | undefined;

    const publish = () =>
      setState({
        rows: subs.flatMap((s) => [...s.rows.values()].map((object) => ({ clusterId: s.spec.req.clusterId, tag: s.spec.tag, object }))),
        slices: subs.map((s) => ({ req: s.spec.req, tag: s.spec.tag, status: s.status, error: s.error, loaded: s.loaded })),
      });
    publish();

    const flush = () => {
      frame = undefined;
      const batch = pending;
      pending = [];
      const per = new Map<Sub<T>, SliceDelta[]>();
      for (const d of batch) {
        const s = bySubId.get(d.subscriptionId);
        if (!s) continue;
        // appended in place: a first sync of thousands of jobs can arrive in one frame
        const ds = per.get(s);
        if (ds) ds.push(d);
        else per.set(s, [d]);
      }
      for (const [s, ds] of per) {
        const status = applyDeltas(s.rows, ds);
        if (status) s.status = status;
      }
      publish();
    };
    const schedule = () => {
      if (frame === undefined) frame = requestAnimationFrame(flush);
    };
    const offDelta = api().on(syncContract.delta, (d) => {
      if (!live) return;
      if (bySubId.has(d.subscriptionId)) {
        pending.push(d);
        schedule();
      } else if (subs.some((s) => s.subscriptionId === undefined)) {
        // deltas can overtake a subscribe answer; keep them until it arrives (bounded)
        orphans.push(d);
        if (orphans.length > 5000) orphans = orphans.slice(-5000);
      }
    });
    const subscribe = (s: Sub<T>) => {
      api()
        .call(syncContract.subscribe, s.spec.req)
        .then(
          (snap) => {
            if (!live) {
              void api()
                .call(syncContract.unsubscribe, { subscriptionId: snap.subscriptionId })
                .catch(() => undefined);
              return;
            }
            s.subscriptionId = snap.subscriptionId;
            bySubId.set(snap.subscriptionId, s);
            s.rows = new Map(snap.items.map((o) => [keyOf(o), o]));
            s.status = snap.status;
            s.error = undefined;
            s.loaded = true;
            const mine = orphans.filter((d) => d.subscriptionId === snap.subscriptionId);
            orphans = orphans.filter((d) => d.subscriptionId !== snap.subscriptionId);
            pending.push(...mine);
            if (pending.length) schedule();
            publish();
          },
          (e: unknown) => {
            if (!live) return;
            s.error = asAppError(e);
            s.loaded = true;
            publish();
          },
        );
    };
    subs.forEach(subscribe);

    // browser mode: main drops a client's subscriptions when its socket closes; subscribe again
    let wasClosed = false;
    const offState = apiSocket()?.onState((st) => {
      if (st === 'closed') wasClosed = true;
      if (st === 'open' && wasClosed) {
        wasClosed = false;
        bySubId.clear();
        for (const s of subs) {
          s.subscriptionId = undefined;
          subscribe(s);
        }
      }
    });
    return () => {
      live = false;
      offDelta();
      offState?.();
      if (frame !== undefined) cancelAnimationFrame(frame);
      for (const s of subs)
        if (s.subscriptionId)
          void api()
            .call(syncContract.unsubscribe, { subscriptionId: s.subscriptionId })
            .catch(() => undefined);
    };
  }, [key]);

  return state;
}
