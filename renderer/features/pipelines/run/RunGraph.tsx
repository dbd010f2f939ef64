// SPDX-License-Identifier: Apache-2.0
/**
 * The run graph: React Flow with the run's tasks and groups in their states, laid out by ELK in
 * its worker (a grid until it answers), zoom, pan and a minimap; a click on a task chooses it for
 * the drawer, a group's button collapses or expands it. Built to stay smooth at 300+ tasks: the
 * nodes are rebuilt only when the view, its layout or the chosen task change (never per frame);
 * all boxes stay mounted up to {@link mountAll} (boxes coming into view would otherwise be mounted
 * mid-move), only those in view past it; the minimap is the run graph's own (RunGraphMiniMap.tsx:
 * its boxes drawn once per view, its view rectangle moved per frame without a render); the edges
 * are one SVG path under the boxes (run-graph-flow.ts: React Flow's own edges cost every pan/zoom
 * frame a store selector each, and the boxes' handles with them); there is no background grid,
 * and zoomed far out the boxes drop their text (RunGraphFarZoom.tsx).
 */
import { Controls, EdgeLabelRenderer, Panel, ReactFlow, useReactFlow, type NodeMouseHandler } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import type { RunGraphView } from './run-graph-model';
import { groupCounts, runEdgePath, runFlowNodes, runMinimap } from './run-graph-flow';
import { runNodeTypes, type RunFlowNode } from './RunGraphNodes';
import { FarZoomMark } from './RunGraphFarZoom';
import { RunGraphMiniMap } from './RunGraphMiniMap';
import { useRunLayout } from './use-run-layout';
import './run-graph.css';

const fitOptions = { maxZoom: 1, padding: 0.05 } as const;
/** Up to this many boxes all are mounted; past it only those in view. */
export const mountAll = 1000;
const proOptions = { hideAttribution: true };

function FitOnLayout({ laidOut }: { laidOut: string }) {
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (!laidOut) return;
    const t = setTimeout(() => void fitView(fitOptions), 50);
    return () => clearTimeout(t);
  }, [laidOut, fitView]);
  return null;
}

/** The edges: one path in the flow's coordinates, under the boxes (in React Flow's layer for edge labels), drawn again only when the view or its layout change. */
const RunEdges = memo(function RunEdges({ d }: { d: string }) {
  return (
    <EdgeLabelRenderer>
      <svg className="run-graph-edges" aria-hidden data-testid="run-edges">
        <path className="react-flow__edge-path" d={d} />
      </svg>
    </EdgeLabelRenderer>
  );
});

/** The graph. */
export function RunGraph(props: {
  view: RunGraphView;
  chosen: string | undefined;
  choose(id: string): void;
  toggle(id: string): void;
  /** Opens every group, or collapses the outermost ones. */
  openAll(open: boolean): void;
}) {
  const { view, chosen, choose, toggle, openAll } = props;
  const groups = useMemo(() => groupCounts(view), [view]);
  const { layout, laidOut, error } = useRunLayout(view);
  const box = useRef<HTMLDivElement>(null);
  const boxes = useMemo<RunFlowNode[]>(() => runFlowNodes(view, layout, undefined, toggle), [view, layout, toggle]);
  // choosing a task changes its node only (the others keep their objects: React Flow renders none of them again)
  const nodes = useMemo(() => (chosen ? boxes.map((n) => (n.id === chosen ? { ...n, data: { ...n.data, chosen: true } } : n)) : boxes), [boxes, chosen]);
  const edgePath = useMemo(() => runEdgePath(view, layout), [view, layout]);
  const minimap = useMemo(() => runMinimap(view, layout), [view, layout]);
  const onNodeClick = useCallback<NodeMouseHandler<RunFlowNode>>(
    (_, n) => {
      if (n.type === 'runTask' && n.data.item.kind === 'task') choose(n.id);
    },
    [choose],
  );
  return (
    <div className="run-graph" data-testid="run-graph" data-laid-out={laidOut ? 'yes' : 'no'} ref={box}>
      <ReactFlow<RunFlowNode>
        nodes={nodes}
        nodeTypes={runNodeTypes}
        onNodeClick={onNodeClick}
        onlyRenderVisibleElements={nodes.length > mountAll}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        fitView
        fitViewOptions={fitOptions}
        minZoom={0.05}
        proOptions={proOptions}
      >
        <RunGraphMiniMap map={minimap} />
        <Controls fitViewOptions={fitOptions} showInteractive={false} />
        <RunEdges d={edgePath} />
        <FitOnLayout laidOut={laidOut} />
        <FarZoomMark target={box} />
        {groups.any && (
          <Panel position="top-right" className="run-graph-groups">
            {groups.collapsed > 0 && (
              <button className="btn small" data-testid="run-expand-all" onClick={() => openAll(true)}>
                Expand all groups
              </button>
            )}
            {groups.open > 0 && (
              <button className="btn small" data-testid="run-collapse-all" onClick={() => openAll(false)}>
                Collapse groups
              </button>
            )}
          </Panel>
        )}
      </ReactFlow>
      {error && <p className="note error small">{error}</p>}
    </div>
  );
}
