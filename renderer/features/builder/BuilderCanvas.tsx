// SPDX-License-Identifier: Apache-2.0
/**
 * The canvas: React Flow with the builder's node types, zoom, pan, a minimap and controls;
 * connections made by dragging from a handle (checked while dragging, refused with the reason on
 * drop), Delete removes the selection, a palette component dropped on it becomes a task. Its data
 * comes from use-canvas-nodes.ts and the builder store.
 */
import { Background, Controls, MiniMap, ReactFlow, type Connection as FlowConnection, type IsValidConnection } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback } from 'react';
import { useBuilder } from './builder.store';
import { tryConnect } from './canvas-edits';
import { nodeTypes } from './CanvasNodes';
import type { CanvasEdge } from './flow-model';
import { useCanvasNodes } from './use-canvas-nodes';

/** The MIME type a palette entry is dragged with (its key in the palette). */
export const paletteDragType = 'application/x-mldeck-palette';

export function BuilderCanvas({ onDropComponent }: { onDropComponent(key: string): void }) {
  const { graph, nodes, edges, onNodesChange, onEdgesChange, relayout, layoutError } = useCanvasNodes();
  const edit = useBuilder((s) => s.edit);
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
  const isValid: IsValidConnection<CanvasEdge> = useCallback(
    (c) => tryConnect(graph, { source: c.source, sourceHandle: c.sourceHandle ?? null, target: c.target, targetHandle: c.targetHandle ?? null }).ok,
    [graph],
  );
  return (
    <div
      className="builder-canvas"
      data-testid="builder-canvas"
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
        onConnectEnd={(_, state) => {
          if (!state.isValid && state.toHandle && state.fromHandle) {
            const from = state.fromHandle.type === 'source' ? state.fromHandle : state.toHandle;
            const to = state.fromHandle.type === 'source' ? state.toHandle : state.fromHandle;
            const v = tryConnect(graph, { source: from.nodeId, sourceHandle: from.id ?? null, target: to.nodeId, targetHandle: to.id ?? null });
            if (!v.ok) refuse(v.reason);
          }
        }}
        isValidConnection={isValid}
        onDelete={() => deleteSelection()}
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        fitView
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} />
        <MiniMap pannable zoomable />
        <Controls />
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
