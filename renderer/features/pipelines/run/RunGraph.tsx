// SPDX-License-Identifier: Apache-2.0
/**
 * The run graph: React Flow with the run's tasks and groups in their states, laid out by ELK in
 * its worker (a grid until it answers), zoom, pan and a minimap; a click on a task chooses it for
 * the drawer, a group's button collapses or expands it. Built to stay smooth at 300+ tasks: the
 * nodes are rebuilt only when the view, its layout or the chosen task change (never per frame);
 * all boxes stay mounted up to {@link mountAll} (boxes coming into view would otherwise be mounted
 * mid-move), only those in view past it; the minimap, which repaints on every frame, is drawn up
 * to {@link minimapBoxes} boxes (B11: with 310 boxes it took most of a pan frame); edges are plain
 * lines, there is no background grid, and zoomed far out the boxes drop their text
 * (RunGraphFarZoom.tsx).
 */
import { Controls, MiniMap, Panel, ReactFlow, useReactFlow, type Edge, type NodeMouseHandler } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { RunGraphView } from './run-graph-model';
import { groupCounts, runFlowEdges, runFlowNodes } from './run-graph-flow';
import { runNodeTypes, type RunFlowNode } from './RunGraphNodes';
import { FarZoomMark } from './RunGraphFarZoom';
import { useRunLayout } from './use-run-layout';
import './run-graph.css';

const fitOptions = { maxZoom: 1, padding: 0.05 } as const;
/** Up to this many boxes all are mounted; past it only those in view. */
export const mountAll = 1000;
/** Up to this many boxes the minimap is drawn. */
export const minimapBoxes = 100;
const minimapStyle = { width: 130, height: 90 };
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
  const nodes = useMemo<RunFlowNode[]>(() => runFlowNodes(view, layout, chosen, toggle), [view, layout, chosen, toggle]);
  const edges = useMemo<Edge[]>(() => runFlowEdges(view), [view]);
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
        edges={edges}
        nodeTypes={runNodeTypes}
        onNodeClick={onNodeClick}
        onlyRenderVisibleElements={nodes.length > mountAll}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        elementsSelectable
        fitView
        fitViewOptions={fitOptions}
        minZoom={0.05}
        proOptions={proOptions}
      >
        {nodes.length <= minimapBoxes && <MiniMap pannable zoomable style={minimapStyle} />}
        <Controls fitViewOptions={fitOptions} showInteractive={false} />
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
