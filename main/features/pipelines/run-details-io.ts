// SPDX-License-Identifier: Apache-2.0
/**
 * A run task's inputs and outputs from the pipeline spec (shared/kfp's graph): each input
 * parameter with its value (a constant, the run's parameter or its default) or where it comes from
 * (another task's output, the loop item), input artifacts with their producer, and the outputs the
 * component declares, artifacts with their type. KFP 2.17 keeps the produced values in ML Metadata,
 * which its REST API does not serve; artifact URIs are found in the pipeline root (run-details-artifacts.ts). Pure.
 */
import type { RunParameter, TaskArtifact, TaskParameter } from '../../../shared/features/pipelines/run-details.contract';
import type { PipelineGraph } from '../../../shared/kfp/graph-types';
import { findNode, sourceText } from '../../../shared/kfp/graph-util';

/** A task's inputs and outputs as declared and wired. */
export interface TaskIo {
  inputs: { parameters: TaskParameter[]; artifacts: TaskArtifact[] };
  outputs: { parameters: TaskParameter[]; artifacts: TaskArtifact[] };
  /** The component's (or, for a sub-pipeline, the task's) name. */
  taskName: string;
}

/**
 * The inputs and outputs of a graph item.
 * @param params - the run's parameters (JSON texts)
 * @returns undefined when the item is not a task of the graph
 */
export function taskIo(graph: PipelineGraph, id: string, params: readonly RunParameter[]): TaskIo | undefined {
  const node = findNode(graph, id);
  if (!node) return undefined;
  const runValue = new Map(params.map((p) => [p.name, p.value]));
  const wired = new Map<string, string>();
  for (const e of graph.edges) {
    if (e.kind !== 'data' || e.to.node !== id) continue;
    if (e.from.kind === 'param') {
      const def = graph.params.find((p) => p.name === (e.from as { name: string }).name)?.defaultValue;
      const v = runValue.get(e.from.name) ?? (def !== undefined ? JSON.stringify(def) : undefined);
      wired.set(e.to.port, v !== undefined ? `${v} (pipeline parameter ${e.from.name})` : `pipeline parameter ${e.from.name}`);
    } else wired.set(e.to.port, `from ${sourceText(graph, e.from)}${e.selector ? ` (${e.selector})` : ''}`);
  }
  const value = (name: string, def: unknown): string => {
    const c = node.constants[name];
    if (c?.constant !== undefined) return JSON.stringify(c.constant);
    if (c?.runtimeParameter) return `pipeline parameter ${c.runtimeParameter}`;
    return wired.get(name) ?? (def !== undefined ? `${JSON.stringify(def)} (default)` : '(not set)');
  };
  return {
    taskName: node.name,
    inputs: {
      parameters: node.inputs.filter((p) => p.io === 'parameter').map((p) => ({ name: p.name, value: value(p.name, p.defaultValue) })),
      artifacts: node.inputs
        .filter((p) => p.io === 'artifact')
        .map((p) => ({ name: p.name, schemaTitle: p.schemaTitle ?? '', uri: '', from: wired.get(p.name) ?? '' })),
    },
    outputs: {
      parameters: node.outputs.filter((p) => p.io === 'parameter').map((p) => ({ name: p.name, value: '' })),
      artifacts: node.outputs.filter((p) => p.io === 'artifact').map((p) => ({ name: p.name, schemaTitle: p.schemaTitle ?? '', uri: '', from: '' })),
    },
  };
}
