// SPDX-License-Identifier: Apache-2.0
/**
 * React Flow's nodes and edges for the builder: derived from the graph, its problems, the layout
 * and the selection, kept in local state so React Flow's measurements survive a re-derive, and
 * the change handlers that turn drags into layout moves and clicks into the store's selection.
 */
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useGraphProblems } from './use-graph-problems';
import { useBuilder, useGraph } from './builder.store';
import { flowEdges, flowNodes, type CanvasEdge, type CanvasNode } from './flow-model';
import { useLayout } from './use-layout';

/** The canvas's nodes, edges, problems and handlers. */
export function useCanvasNodes() {
  const graph = useGraph();
  const selection = useBuilder((s) => s.selection);
  const selectedEdges = useBuilder((s) => s.selectedEdges);
  const select = useBuilder((s) => s.select);
  const problems = useGraphProblems();
  const { layout, moveTo, relayout, error, ready } = useLayout(graph);
  const derivedNodes = useMemo(() => flowNodes(graph, problems, layout, new Set(selection)), [graph, problems, layout, selection]);
  const derivedEdges = useMemo(() => {
    const sel = new Set(selectedEdges);
    return flowEdges(graph, problems).map((e) => (sel.has(e.id) ? { ...e, selected: true } : e));
  }, [graph, problems, selectedEdges]);
  const [nodes, setNodes] = useState<CanvasNode[]>(derivedNodes);
  const [edges, setEdges] = useState<CanvasEdge[]>(derivedEdges);
  const nodesRef = useRef(nodes);
  const edgesRef = useRef(edges);
  useEffect(() => {
    setNodes((prev) => {
      const measured = new Map(prev.map((n) => [n.id, n.measured]));
      const next = derivedNodes.map((n) => {
        const m = measured.get(n.id);
        return m ? { ...n, measured: m } : n;
      });
      nodesRef.current = next;
      return next;
    });
  }, [derivedNodes]);
  useEffect(() => {
    edgesRef.current = derivedEdges;
    setEdges(derivedEdges);
  }, [derivedEdges]);

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const kept = changes.filter((c) => c.type !== 'remove');
      const next = applyNodeChanges(kept, nodesRef.current);
      nodesRef.current = next;
      setNodes(next);
      for (const c of kept) if (c.type === 'position' && c.position && c.dragging === false) moveTo(c.id, c.position.x, c.position.y);
      if (kept.some((c) => c.type === 'select'))
        select(
          next.filter((n) => n.selected && n.type !== 'params').map((n) => n.id),
          edgesRef.current.filter((e) => e.selected).map((e) => e.id),
        );
    },
    [moveTo, select],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<CanvasEdge>[]) => {
      const kept = changes.filter((c) => c.type !== 'remove');
      const next = applyEdgeChanges(kept, edgesRef.current);
      edgesRef.current = next;
      setEdges(next);
      if (kept.some((c) => c.type === 'select'))
        select(
          nodesRef.current.filter((n) => n.selected && n.type !== 'params').map((n) => n.id),
          next.filter((e) => e.selected).map((e) => e.id),
        );
    },
    [select],
  );
  return { graph, problems, nodes, edges, onNodesChange, onEdgesChange, relayout, layoutError: error, laidOut: ready };
}
