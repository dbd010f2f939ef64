// SPDX-License-Identifier: Apache-2.0
/**
 * A pipeline drawn read-only with the builder's canvas: the same task boxes with typed ports,
 * parameters box, group frames and edges, laid out by ELK in its worker (a grid until it answers);
 * zoom, pan, a minimap and controls; nothing can be moved, connected or deleted.
 */
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo } from 'react';
import type { PipelineGraph } from '../../../shared/kfp/graph-types';
import { nodeTypes } from './CanvasNodes';
import { flowEdges, flowNodes } from './flow-model';
import { useLayout } from './use-layout';

const fitOptions = { maxZoom: 1, padding: { top: '16px', right: '150px', bottom: '16px', left: '16px' } } as const;

function FitOnLayout({ layoutKey }: { layoutKey: string }) {
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (!layoutKey) return;
    const t = setTimeout(() => void fitView(fitOptions), 100);
    return () => clearTimeout(t);
  }, [layoutKey, fitView]);
  return null;
}

function Graph({ graph }: { graph: PipelineGraph }) {
  const { layout, error, laidOutKey } = useLayout(graph);
  const nodes = useMemo(() => flowNodes(graph, [], layout).map((n) => ({ ...n, draggable: false, deletable: false })), [graph, layout]);
  const edges = useMemo(() => flowEdges(graph, []).map((e) => ({ ...e, deletable: false })), [graph]);
  return (
    <>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        deleteKeyCode={null}
        fitView
        fitViewOptions={fitOptions}
        minZoom={0.05}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} />
        <MiniMap pannable zoomable style={{ width: 130, height: 90 }} />
        <Controls fitViewOptions={fitOptions} showInteractive={false} />
        <FitOnLayout layoutKey={laidOutKey} />
      </ReactFlow>
      {error && <span className="note error small">{error}</span>}
    </>
  );
}

/** The read-only graph of a pipeline. */
export function PipelineGraphView({ graph, testId = 'pipeline-graph' }: { graph: PipelineGraph; testId?: string }) {
  return (
    <div className="pipeline-graph" data-testid={testId}>
      <ReactFlowProvider>
        <Graph graph={graph} />
      </ReactFlowProvider>
    </div>
  );
}
