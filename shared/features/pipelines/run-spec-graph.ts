// SPDX-License-Identifier: Apache-2.0
/** The pipeline graph (shared/kfp) of the spec a run ran, or why there is none; for the run page on both sides. */
import type { PipelineGraph } from '../../kfp/graph-types';
import { findGroup, findNode } from '../../kfp/graph-util';
import { subPipelineGraph } from '../../kfp/graph-view';
import { parseIrValue, requireIr } from '../../kfp/ir-parse';
import { buildGraph } from '../../kfp/pipeline-graph';

/** The graph of a run's spec (IR as KFP returns it), or the problem in words. */
export function runSpecGraph(spec: unknown): { graph: PipelineGraph; problem?: undefined } | { graph?: undefined; problem: string } {
  if (spec === null || spec === undefined) return { problem: 'KFP gave no pipeline spec for this run, so its graph cannot be drawn.' };
  try {
    return { graph: buildGraph(requireIr(parseIrValue(spec))) };
  } catch (e) {
    return { problem: `The run's pipeline spec cannot be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * The graph a run item's id is in, descending into sub-pipelines (`group-2/step-1` is `step-1` of
 * the sub-pipeline task `group-2`), with the item's id in that graph.
 */
export function graphOfItem(graph: PipelineGraph, id: string): { graph: PipelineGraph; id: string } {
  if (findNode(graph, id) || findGroup(graph, id)) return { graph, id };
  for (const n of graph.nodes) {
    if (n.kind !== 'pipeline' || !id.startsWith(`${n.id}/`)) continue;
    return graphOfItem(subPipelineGraph(graph, n.id), id.slice(n.id.length + 1));
  }
  return { graph, id };
}
