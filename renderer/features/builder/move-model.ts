// SPDX-License-Identifier: Apache-2.0
/**
 * What "Move into…" offers and what a drop on a frame means, pure: the frames the selection can go
 * into (each described as the canvas titles it: If / Elif / Else with its condition, ParallelFor,
 * exit handler) plus the top level, and the frame a dragged box was dropped in (the innermost
 * frame holding it that is not where it already is). The move itself is shared/kfp's moveItems.
 */
import type { GroupNode, ItemId, PipelineGraph } from '../../../shared/kfp/graph-types';
import { ancestors, findGroup, findNode } from '../../../shared/kfp/graph-util';
import { branchKind, conditionText, loopItemsText } from '../../../shared/kfp/graph-view';

/** A place to move to; `id` null is the top level of the pipeline. */
export interface MoveTarget {
  id: ItemId | null;
  label: string;
}

/** The frame in words: `If fit.Output > 0.5 (condition-2)`. */
export function frameTitle(graph: PipelineGraph, g: GroupNode): string {
  if (g.kind === 'condition') {
    const b = branchKind(graph, g);
    const text = b === 'else' ? undefined : conditionText(graph, g);
    return `${b === 'elif' ? 'Elif' : b === 'else' ? 'Else' : 'If'}${text ? ` ${text}` : ''} (${g.label})`;
  }
  if (g.kind === 'loop') return `ParallelFor${loopItemsText(graph, g) ? ` over ${loopItemsText(graph, g)}` : ''} (${g.label})`;
  if (g.kind === 'exit-handler') return `Exit handler (${g.label})`;
  return g.label;
}

const parentOfItem = (graph: PipelineGraph, id: ItemId) => (findNode(graph, id) ?? findGroup(graph, id))?.parent;

/** Where the selection can be moved: the top level and every frame but its own, those inside it and If/Elif/Else chains. */
export function moveTargets(graph: PipelineGraph, selection: ItemId[]): MoveTarget[] {
  if (selection.length === 0) return [];
  const here = parentOfItem(graph, selection[0]!);
  const out: MoveTarget[] = here === null ? [] : [{ id: null, label: 'The top level of the pipeline' }];
  for (const g of graph.groups) {
    if (g.id === here || g.kind === 'condition-branches') continue;
    if (selection.some((s) => g.id === s || ancestors(graph, g.id).includes(s))) continue;
    out.push({ id: g.id, label: frameTitle(graph, g) });
  }
  return out;
}

/**
 * The frame a dragged item was dropped in: of the frames holding the box whole, the innermost one,
 * or undefined when that is where the item already is (or there is none).
 */
export function dropTarget(graph: PipelineGraph, item: ItemId, holding: ItemId[]): ItemId | undefined {
  const frames = holding.filter((id) => id !== item && !ancestors(graph, id).includes(item) && findGroup(graph, id) !== undefined);
  if (frames.length === 0) return undefined;
  const inner = frames.reduce((a, b) => (ancestors(graph, b).length > ancestors(graph, a).length ? b : a));
  const g = findGroup(graph, inner);
  if (!g || inner === parentOfItem(graph, item) || g.kind === 'condition-branches') return undefined;
  return inner;
}
