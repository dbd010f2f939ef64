// SPDX-License-Identifier: Apache-2.0
/**
 * The ELK graph shape the canvases (the builder's, the run graph's) write for a layered layout
 * (boxes nested as compound nodes, edges in the box holding both ends) and the boxes read back
 * relative to their parent frame, as React Flow's sub-flows have them. Pure; the worker that
 * lays them out is elk-worker-layout.ts.
 */

/** A box on a canvas, relative to its parent frame. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Boxes by item id. */
export type Layout = Record<string, Box>;

/** An ELK node (the part of elkjs' ElkNode the canvases write and read). */
export interface ElkBox {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  layoutOptions?: Record<string, string>;
  children?: ElkBox[];
  edges?: { id: string; sources: string[]; targets: string[] }[];
}

/** ELK's answer as boxes by id. */
export function layoutFromElk(root: ElkBox): Layout {
  const out: Layout = {};
  const walk = (b: ElkBox) => {
    for (const c of b.children ?? []) {
      out[c.id] = { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 };
      walk(c);
    }
  };
  walk(root);
  return out;
}
