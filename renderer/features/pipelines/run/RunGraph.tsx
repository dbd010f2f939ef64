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
 * and zoomed far out or while the view moves the graph is drawn on a canvas instead of the DOM
 * (RunGraphCanvas.tsx), where a click on a task chooses it as on its box.
 */
import {
  ControlButton,
  Controls,
  EdgeLabelRenderer,
  Panel,
  ReactFlow,
  getViewportForBounds,
  useReactFlow,
  useStoreApi,
  type NodeMouseHandler,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useCallback, useEffect, useMemo, useRef, type RefObject } from 'react';
import type { RunGraphView } from './run-graph-model';
import { groupCounts, runEdgePath, runFlowNodes, runMinimap, type RunMinimap } from './run-graph-flow';
import { runNodeTypes, type RunFlowNode } from './RunGraphNodes';
import { boxAt, runCanvasScene, type RunCanvasScene } from './run-graph-canvas';
import { RunGraphCanvas } from './RunGraphCanvas';
import { RunGraphMiniMap } from './RunGraphMiniMap';
import { useRunLayout } from './use-run-layout';
import './run-graph.css';

const fitOptions = { maxZoom: 1, padding: 0.05 } as const;
/** Up to this many boxes all are mounted; past it only those in view. */
export const mountAll = 1000;
const proOptions = { hideAttribution: true };

/**
 * Fits the view to the graph's laid-out bounds (not React Flow's fitView, which fits the boxes it
 * has measured: far out the boxes are not rendered, so boxes shown there, by an expanded group,
 * are not measured until the view comes near).
 */
function useFitToLayout(bounds: RunMinimap['bounds']): () => void {
  const store = useStoreApi<RunFlowNode>();
  const { setViewport } = useReactFlow<RunFlowNode>();
  return useCallback(() => {
    const { width, height, minZoom } = store.getState();
    if (!width || !height || !bounds.width) return;
    void setViewport(getViewportForBounds(bounds, width, height, minZoom, fitOptions.maxZoom, fitOptions.padding));
  }, [store, setViewport, bounds]);
}

/** Fits the view once a layout arrived; a button of the controls fits it again. */
function FitToLayout({ laidOut, bounds }: { laidOut: string; bounds: RunMinimap['bounds'] }) {
  const fit = useFitToLayout(bounds);
  const fitted = useRef(fit);
  fitted.current = fit;
  useEffect(() => {
    if (!laidOut) return;
    const t = setTimeout(() => fitted.current(), 50);
    return () => clearTimeout(t);
  }, [laidOut]);
  return (
    <ControlButton className="react-flow__controls-fitview" onClick={fit} title="Fit View" aria-label="Fit View">
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 30" aria-hidden>
        <path d={fitIcon} />
      </svg>
    </ControlButton>
  );
}

/** React Flow's fit-view icon. */
const fitIcon =
  'M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631zM27.354 0h-5.2v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0027.354 0zm.954 24.83c0 .532-.4.94-.939.94h-5.215v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707v-5.139h-3.692v5.139zm-23.677.94c-.531 0-.939-.4-.939-.94v-5.138H0v5.139c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z';

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

/** While the canvas draws the graph, a click on the pane chooses the task drawn under it, and hovering a box names it in the pane's title. */
function CanvasPointer({ scene, choose, target }: { scene: RunCanvasScene; choose(id: string): void; target: RefObject<HTMLDivElement | null> }) {
  const { screenToFlowPosition } = useReactFlow<RunFlowNode>();
  useEffect(() => {
    const host = target.current;
    if (!host) return;
    const under = (e: MouseEvent) => {
      if (!host.dataset.canvas || !(e.target instanceof Element) || !e.target.closest('.react-flow__pane')) return undefined;
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      return boxAt(scene, p.x, p.y);
    };
    const click = (e: MouseEvent) => {
      const b = under(e);
      if (b?.task) choose(b.id);
    };
    let titled: string | undefined;
    const move = (e: MouseEvent) => {
      const b = e.buttons ? undefined : under(e);
      const title = b?.title;
      if (title === titled) return;
      titled = title;
      if (title) {
        host.title = title;
        host.dataset.overBox = b?.task ? 'task' : 'group';
      } else {
        host.removeAttribute('title');
        delete host.dataset.overBox;
      }
    };
    const leave = () => move(new MouseEvent('mousemove'));
    host.addEventListener('click', click);
    host.addEventListener('mousemove', move);
    host.addEventListener('mouseleave', leave);
    return () => {
      host.removeEventListener('click', click);
      host.removeEventListener('mousemove', move);
      host.removeEventListener('mouseleave', leave);
    };
  }, [scene, choose, target, screenToFlowPosition]);
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
  const boxes = useMemo<RunFlowNode[]>(() => runFlowNodes(view, layout, undefined, toggle), [view, layout, toggle]);
  // choosing a task changes its node only (the others keep their objects: React Flow renders none of them again)
  const nodes = useMemo(() => (chosen ? boxes.map((n) => (n.id === chosen ? { ...n, data: { ...n.data, chosen: true } } : n)) : boxes), [boxes, chosen]);
  const edgePath = useMemo(() => runEdgePath(view, layout), [view, layout]);
  const minimap = useMemo(() => runMinimap(view, layout), [view, layout]);
  const scene = useMemo(() => runCanvasScene(view, layout, edgePath), [view, layout, edgePath]);
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
        <Controls showFitView={false} showInteractive={false}>
          <FitToLayout laidOut={laidOut} bounds={minimap.bounds} />
        </Controls>
        <RunEdges d={edgePath} />
        <RunGraphCanvas scene={scene} chosen={chosen} target={box} />
        <CanvasPointer scene={scene} choose={choose} target={box} />
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
