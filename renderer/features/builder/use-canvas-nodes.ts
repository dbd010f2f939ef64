// SPDX-License-Identifier: Apache-2.0
/**
 * React Flow's nodes and edges for the builder, derived from the graph, its problems, the layout
 * and the selection, with what React Flow tells us added on top: each node's measured size (kept
 * so its handles stay known across re-derives) and where a node is while it is being dragged. The
 * change handlers turn a finished drag into a layout move and clicks into the store's selection.
 */
import type { EdgeChange, NodeChange } from '@xyflow/react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useBuilder, useGraph } from './builder.store';
import { flowEdges, flowNodes, type CanvasEdge, type CanvasNode } from '../../components/pipeline-graph/flow-model';
import { useGraphProblems } from './use-graph-problems';
import { useLayout } from '../../components/pipeline-graph/use-layout';

type Size = { width: number; height: number };

/** The canvas's nodes, edges, problems and handlers. */
export function useCanvasNodes() {
  const graph = useGraph();
  const selection = useBuilder((s) => s.selection);
  const selectedEdges = useBuilder((s) => s.selectedEdges);
  const select = useBuilder((s) => s.select);
  const problems = useGraphProblems();
  const { layout, moveTo, relayout, error, laidOutKey } = useLayout(graph);
  const [measured, setMeasured] = useState<Record<string, Size>>({});
  const [dragging, setDragging] = useState<Record<string, { x: number; y: number }>>({});
  const nodes = useMemo(
    () =>
      flowNodes(graph, problems, layout, new Set(selection)).map((n): CanvasNode => {
        const m = measured[n.id];
        const d = dragging[n.id];
        return m || d ? { ...n, ...(m ? { measured: m } : {}), ...(d ? { position: d, dragging: true } : {}) } : n;
      }),
    [graph, problems, layout, selection, measured, dragging],
  );
  const edges = useMemo(() => {
    const sel = new Set(selectedEdges);
    return flowEdges(graph, problems).map((e) => (sel.has(e.id) ? { ...e, selected: true } : e));
  }, [graph, problems, selectedEdges]);
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const edgesRef = useRef(edges);
  edgesRef.current = edges;

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const sizes: Record<string, Size> = {};
      const moving: Record<string, { x: number; y: number } | undefined> = {};
      let selected: Set<string> | undefined;
      for (const c of changes) {
        if (c.type === 'dimensions' && c.dimensions) sizes[c.id] = c.dimensions;
        else if (c.type === 'position' && c.position) {
          if (c.dragging) moving[c.id] = c.position;
          else {
            moving[c.id] = undefined;
            moveTo(c.id, c.position.x, c.position.y);
          }
        } else if (c.type === 'select') {
          selected ??= new Set(nodesRef.current.filter((n) => n.selected).map((n) => n.id));
          if (c.selected) selected.add(c.id);
          else selected.delete(c.id);
        }
      }
      if (Object.keys(sizes).length > 0) setMeasured((m) => ({ ...m, ...sizes }));
      if (Object.keys(moving).length > 0)
        setDragging((d) => {
          const next = { ...d };
          for (const [id, p] of Object.entries(moving)) {
            if (p) next[id] = p;
            else delete next[id];
          }
          return next;
        });
      if (selected)
        select(
          [...selected].filter((id) => id !== '@params'),
          edgesRef.current.filter((e) => e.selected).map((e) => e.id),
        );
    },
    [moveTo, select],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<CanvasEdge>[]) => {
      let selected: Set<string> | undefined;
      for (const c of changes)
        if (c.type === 'select') {
          selected ??= new Set(edgesRef.current.filter((e) => e.selected).map((e) => e.id));
          if (c.selected) selected.add(c.id);
          else selected.delete(c.id);
        }
      if (selected)
        select(
          nodesRef.current.filter((n) => n.selected && n.type !== 'params').map((n) => n.id),
          [...selected],
        );
    },
    [select],
  );
  return { graph, problems, nodes, edges, onNodesChange, onEdgesChange, relayout, layoutError: error, laidOutKey };
}
