// SPDX-License-Identifier: Apache-2.0
/**
 * The canvas: React Flow with the builder's node types, zoom, pan, a minimap and controls;
 * connections made by dragging from a handle to a handle (refused with the check's reason on drop), Delete removes the selection, a palette component dropped on it becomes a task,
 * a task dropped inside a frame moves into it. By keyboard: Tab to a box, Enter selects it (arrows
 * move it, Delete removes it and focus stays on the canvas), Enter again edits it in the side
 * panel (canvas-focus.ts). Its data comes from use-canvas-nodes.ts and the builder store.
 */
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection as FlowConnection,
  type Node as FlowNode,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import { moveItems } from '../../../shared/kfp/graph-edit-move';
import { useBuilder } from './builder.store';
import { keepFocusOnCanvas } from './canvas-focus';
import { tryConnect } from './canvas-edits';
import { paramsNodeId } from '../../components/pipeline-graph/canvas-layout';
import { nodeTypes } from '../../components/pipeline-graph/CanvasNodes';
import { dropTarget } from './move-model';
import { useCanvasNodes } from './use-canvas-nodes';

/** The MIME type a palette entry is dragged with (its key in the palette). */
export const paletteDragType = 'application/x-mldeck-palette';

/** How the view fits the graph: clear of the layout button (top left) and the minimap (right). */
const fitOptions = { maxZoom: 1, padding: { top: '44px', right: '150px', bottom: '16px', left: '16px' } } as const;

/** Fits the view to the graph each time ELK lays it out anew. */
function FitOnLayout({ layoutKey }: { layoutKey: string }) {
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (!layoutKey) return;
    const t = setTimeout(() => void fitView(fitOptions), 150);
    return () => clearTimeout(t);
  }, [layoutKey, fitView]);
  return null;
}

interface CanvasProps {
  onDropComponent(key: string): void;
  /** Enter on a task that is already selected (or on the parameters box): edit it in the side panel. */
  onOpenSettings(id: string): void;
}

export function BuilderCanvas(props: CanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

function Canvas({ onDropComponent, onOpenSettings }: CanvasProps) {
  const ref = useRef<HTMLDivElement>(null);
  const { graph, nodes, edges, onNodesChange, onEdgesChange, relayout, layoutError, laidOutKey } = useCanvasNodes();
  const { getIntersectingNodes } = useReactFlow();
  const edit = useBuilder((s) => s.edit);
  const select = useBuilder((s) => s.select);
  const refuse = useBuilder((s) => s.refuse);
  const deleteSelection = useBuilder((s) => s.deleteSelection);
  const onConnect = useCallback(
    (c: FlowConnection) => {
      const v = tryConnect(graph, c);
      if (v.ok) edit(() => v.graph);
      else refuse(v.reason);
    },
    [graph, edit, refuse],
  );
  // a box dropped whole inside another frame moves into it (moving out is "Move into…": a box cannot leave its frame)
  const onNodeDragStop = useCallback(
    (_: unknown, node: FlowNode) => {
      const target = dropTarget(
        graph,
        node.id,
        getIntersectingNodes(node, false).map((n) => n.id),
      );
      if (target === undefined) return;
      let ids: string[] = [];
      if (
        edit((g) => {
          const r = moveItems(g, [node.id], target);
          ids = r.ids;
          return r.graph;
        })
      )
        select(ids);
    },
    [graph, getIntersectingNodes, edit, select],
  );
  // React Flow's Enter selects the focused box; on a task already selected it opens its settings
  const onKeyDownCapture = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      const box = e.target instanceof HTMLElement && e.target.matches('.react-flow__node') ? e.target.dataset.id : undefined;
      if (e.key !== 'Enter' || !box || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
      const { selection } = useBuilder.getState();
      const task = selection.length === 1 && selection[0] === box && graph.nodes.some((n) => n.id === box);
      if (box !== paramsNodeId && !task) return;
      e.preventDefault();
      e.stopPropagation();
      onOpenSettings(box);
    },
    [graph, onOpenSettings],
  );
  const onDelete = useCallback(() => {
    const refocus = ref.current ? keepFocusOnCanvas(ref.current) : undefined;
    deleteSelection();
    refocus?.();
  }, [deleteSelection]);
  return (
    <div
      ref={ref}
      className="builder-canvas"
      data-testid="builder-canvas"
      role="region"
      aria-label="Pipeline canvas"
      tabIndex={-1}
      onKeyDownCapture={onKeyDownCapture}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(paletteDragType)) e.preventDefault();
      }}
      onDrop={(e) => {
        const key = e.dataTransfer.getData(paletteDragType);
        if (key) {
          e.preventDefault();
          onDropComponent(key);
        }
      }}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeDragStop={onNodeDragStop}
        onDelete={onDelete}
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        fitView
        fitViewOptions={fitOptions}
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} />
        <MiniMap pannable zoomable style={{ width: 130, height: 90 }} />
        <Controls fitViewOptions={fitOptions} />
        <FitOnLayout layoutKey={laidOutKey} />
      </ReactFlow>
      <div className="builder-canvas-bar">
        <button className="btn ghost" onClick={relayout} title="Lay the graph out again">
          Auto-layout
        </button>
        {layoutError && <span className="note error small">{layoutError}</span>}
      </div>
    </div>
  );
}
