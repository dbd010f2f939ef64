// SPDX-License-Identifier: Apache-2.0
/**
 * The run graph's layout: ELK's layered layout (in its worker) of the structure, kept in memory
 * per structure (`run-memory.ts`: a run opened again, or a group collapsed again, is laid out at
 * once); a grid until ELK answers; laid out again only when the structure changes, never when
 * only states do. The run page starts ELK's worker while it waits for the run (useWarmLayout), so
 * a first open does not wait for the worker to load after the run has come.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Layout } from '../../../lib/elk-layout';
import { elkLayout } from '../../../lib/elk-worker-layout';
import { runElkGraph, runGridLayout, runLayoutKey } from './run-graph-layout';
import type { RunGraphView } from './run-graph-model';
import { laidOut } from './run-memory';

/** The layout of the view, the structure ELK laid out ('' while the grid is shown), and ELK's error. */
export function useRunLayout(view: RunGraphView | undefined): { layout: Layout; laidOut: string; error: string | undefined } {
  const key = useMemo(() => (view ? runLayoutKey(view) : ''), [view]);
  const [state, setState] = useState<{ key: string; layout: Layout; error?: string }>({ key: '', layout: {} });
  const kept = key && state.key !== key ? laidOut.get(key) : undefined;
  useEffect(() => {
    if (!view || !key || laidOut.get(key)) return;
    let live = true;
    elkLayout(runElkGraph(view)).then(
      (layout) => {
        laidOut.set(key, layout);
        if (live) setState({ key, layout });
      },
      (e: unknown) => live && setState({ key, layout: runGridLayout(view), error: `Auto-layout failed: ${e instanceof Error ? e.message : String(e)}` }),
    );
    return () => {
      live = false;
    };
    // laid out when the structure (key) changes, not when states do
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the grid of this structure (key), until ELK answers
  const grid = useMemo(() => (view && state.key !== key && !kept ? runGridLayout(view) : undefined), [key, state.key, kept]);
  if (kept) return { layout: kept, laidOut: key, error: undefined };
  return { layout: grid ?? state.layout, laidOut: state.key === key ? key : '', error: state.error };
}

/**
 * Starts ELK's worker (an empty layout) when the browser is next idle: loading and compiling it
 * takes a moment on a first open, better spent while the run is being read. Nothing leaves the
 * app. A worker that cannot start is said by the graph's own layout, with its error.
 */
export function useWarmLayout(): void {
  useEffect(() => {
    const id = requestIdleCallback(() => void elkLayout({ id: 'warm-up', children: [] }).catch(() => undefined), { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }, []);
}
