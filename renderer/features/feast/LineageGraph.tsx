// SPDX-License-Identifier: Apache-2.0
/**
 * A project's lineage as a graph: the boxes and edges of `lineageGraph` laid out by ELK (the
 * shared layered layout in its worker, left to right) and drawn as SVG; a feature view's box opens
 * its page. Until ELK answers the boxes wait in a column.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Layout } from '../../lib/elk-layout';
import { elkLayout } from '../../lib/elk-worker-layout';
import { lineageGraph, type LineageEdge, type LineageNode } from './feast-model';
import type { FeastProjectDetail } from '../../../shared/features/feast/feast.contract';

const W = 200;
const H = 46;

function edgePath(a: { x: number; y: number }, b: { x: number; y: number }): string {
  const x1 = a.x + W;
  const y1 = a.y + H / 2;
  const x2 = b.x;
  const y2 = b.y + H / 2;
  const mid = (x1 + x2) / 2;
  return `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
}

/** The graph. */
export function LineageGraph({ detail, onOpenView }: { detail: FeastProjectDetail; onOpenView(name: string): void }) {
  const { nodes, edges } = useMemo(() => lineageGraph(detail), [detail]);
  const [layout, setLayout] = useState<Layout | undefined>(undefined);
  const [failed, setFailed] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    elkLayout({
      id: 'root',
      layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.layered.spacing.nodeNodeBetweenLayers': '60', 'elk.spacing.nodeNode': '16' },
      children: nodes.map((n) => ({ id: n.id, width: W, height: H })),
      edges: edges.map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] })),
    }).then(
      (l) => live && setLayout(l),
      (e: unknown) => live && setFailed(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [nodes, edges]);
  const at = (id: string, i: number) => layout?.[id] ?? { x: 0, y: i * (H + 16), width: W, height: H };
  const pos = new Map(nodes.map((n, i) => [n.id, at(n.id, i)]));
  const width = Math.max(W, ...[...pos.values()].map((b) => b.x + W)) + 8;
  const height = Math.max(H, ...[...pos.values()].map((b) => b.y + H)) + 8;
  if (nodes.length === 0) return <p className="muted">This project has no objects.</p>;
  return (
    <div className="feast-lineage" data-testid="feast-lineage" data-laid-out={layout ? 'true' : 'false'}>
      {failed && <p className="note warn small">The graph could not be laid out ({failed}); boxes are shown in a column.</p>}
      <svg width={width} height={height} role="group" aria-label={`Lineage: ${nodes.length} objects, ${edges.length} links`}>
        <defs>
          <marker id="feast-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="feast-arrow" />
          </marker>
        </defs>
        {edges.map((e: LineageEdge) => {
          const a = pos.get(e.from);
          const b = pos.get(e.to);
          return a && b ? (
            <path
              key={e.id}
              d={edgePath(a, b)}
              className={`feast-edge${e.derived ? ' derived' : ''}`}
              markerEnd="url(#feast-arrow)"
              data-testid="feast-edge"
              data-edge={e.id}
            />
          ) : null;
        })}
        {nodes.map((n: LineageNode) => {
          const b = pos.get(n.id) ?? { x: 0, y: 0 };
          const opens = n.type === 'featureView';
          return (
            <g
              key={n.id}
              transform={`translate(${b.x},${b.y})`}
              className={`feast-node feast-node-${n.type}${opens ? ' clickable' : ''}`}
              data-testid="feast-node"
              data-node={n.id}
              {...(opens
                ? {
                    // named by its visible text ("Feature view <name>", the full name from its title), as WCAG 2.5.3 asks
                    role: 'link',
                    tabIndex: 0,
                    onClick: () => onOpenView(n.name),
                    onKeyDown: (ev: React.KeyboardEvent) => {
                      if (ev.key === 'Enter' || ev.key === ' ') onOpenView(n.name);
                    },
                  }
                : {})}
            >
              <rect width={W} height={H} rx={6} />
              <text x={10} y={18} className="feast-node-kind">
                {n.kindLabel}
              </text>
              <text x={10} y={36} className="feast-node-name">
                {n.name.length > 26 ? `${n.name.slice(0, 25)}…` : n.name}
                <title>{n.name}</title>
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
