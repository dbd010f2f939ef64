// SPDX-License-Identifier: Apache-2.0
/** A pipeline version's spec (as KFP returns it) as the graph to draw, or why it cannot be drawn. */
import type { PipelineGraph } from '../../../shared/kfp/graph-types';
import { parseIrValue } from '../../../shared/kfp/ir-parse';
import { buildGraph } from '../../../shared/kfp/pipeline-graph';

/** The graph of an IR spec; a v1 Argo Workflow or an unreadable spec gives the reason instead. */
export function graphOfSpec(spec: unknown): { graph: PipelineGraph; problem?: undefined } | { graph?: undefined; problem: string } {
  try {
    const parsed = parseIrValue(spec);
    if (parsed.kind !== 'ir') return { problem: 'A KFP v1 pipeline (an Argo Workflow): MLDeck draws KFP v2 pipelines only.' };
    return { graph: buildGraph(parsed.doc) };
  } catch (e) {
    return { problem: `MLDeck could not draw this spec: ${e instanceof Error ? e.message : String(e)}` };
  }
}
