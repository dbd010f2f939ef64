// SPDX-License-Identifier: Apache-2.0
/**
 * The canvas layout: ELK's layered layout computed in a Web Worker (elkjs' prebuilt worker, no
 * eval) whenever the structure changes (items, their sizes, edges; a settings change keeps it),
 * a grid until it answers, and the boxes the user moved by hand kept until the next layout.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { PipelineGraph } from '../../../shared/kfp/graph-types';
import type { Layout } from '../../lib/elk-layout';
import { elkLayout as layoutInWorker } from '../../lib/elk-worker-layout';
import { elkGraph, gridLayout, layoutKey } from './canvas-layout';

function elkLayout(graph: PipelineGraph): Promise<Layout> {
  return layoutInWorker(elkGraph(graph));
}

/** The layout of a graph, `moveTo` for a box dragged by hand, `relayout` to lay it out again, and a layout error. */
export function useLayout(graph: PipelineGraph) {
  const key = useMemo(() => layoutKey(graph), [graph]);
  const [state, setState] = useState<{ key: string; layout: Layout; error?: string; round?: number }>(() => ({ key: '', layout: gridLayout(graph) }));
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    elkLayout(graph).then(
      (layout) => live && setState({ key, layout, round }),
      (e: unknown) => live && setState({ key, layout: gridLayout(graph), error: `Auto-layout failed: ${e instanceof Error ? e.message : String(e)}` }),
    );
    return () => {
      live = false;
    };
    // the graph is read at the time its structure (key) changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, round]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the grid of this structure (key), until ELK answers
  const grid = useMemo(() => (state.key === key ? undefined : mergeGrid(state.layout, gridLayout(graph))), [key, state]);
  const layout = grid ?? state.layout;
  const moveTo = useCallback((id: string, x: number, y: number) => {
    setState((s) => (s.layout[id] ? { ...s, layout: { ...s.layout, [id]: { ...s.layout[id], x, y } } } : s));
  }, []);
  const relayout = useCallback(() => setRound((r) => r + 1), []);
  /** Changes each time ELK answers for a new structure or a relayout ('' before its first answer). */
  const laidOutKey = state.key ? `${state.key}#${state.round ?? 0}` : '';
  return { layout, moveTo, relayout, error: state.error, laidOutKey };
}

/** The old boxes where they still exist, the grid's for new items (until ELK answers). */
function mergeGrid(old: Layout, grid: Layout): Layout {
  const out: Layout = {};
  for (const [id, b] of Object.entries(grid)) out[id] = old[id] && old[id].height === b.height ? old[id] : b;
  return out;
}
