// SPDX-License-Identifier: Apache-2.0
/**
 * The bookkeeping the KFP driver keeps in its store, rebuilt by the lab's Workflow player on
 * every pass: one execution per DAG driver (a DAG's resolved inputs, its child executions by
 * task name, ParallelFor items) and one per container driver (resolved inputs, the container,
 * its deterministic outputs). An execution is done when the Argo task consuming its driver's
 * outputs succeeded; a DAG's outputs are then read from its tasks, a ParallelFor's collected.
 */
import { dagOutputs, type ArtifactRef, type ComponentSpec, type ContainerSpec, type DagExec, type ExecResult, type TaskSpec } from './ir.ts';

/** An execution of the current pass. */
export interface Execution {
  id: number;
  kind: 'dag' | 'container';
  /** The task name in the parent DAG (`task-name`), e.g. `train` or `for-loop-1`. */
  taskName: string;
  parent?: Execution;
  component: ComponentSpec;
  task?: TaskSpec;
  /** Resolved inputs. */
  inputs: ExecResult;
  /** ParallelFor: -1 for the loop itself, the item index for an iteration. */
  iterationIndex: number;
  /** The loop's items (ParallelFor loop executions). */
  items?: unknown[];
  /** Child executions by task name (iterations under the loop's own task name). */
  children: Map<string, Execution[]>;
  done: boolean;
  /** Container executions: what runs and what it produces. */
  container?: ContainerSpec;
  componentName?: string;
  outputs?: ExecResult;
  files?: { uri: string; body: string; contentType: string }[];
  fingerprint?: string;
  cached?: boolean;
  /** Where the execution's artifacts go. */
  outputBase?: string;
  /**
   * Driver outputs kept out of the node's status (the pod spec patch carries the component's
   * source: 300 of them would take a Workflow past etcd's request limit), offered to `{{tasks…}}`.
   */
  unrecordedOutputs?: Record<string, string>;
}

/** The result a finished execution offers its parent DAG, or undefined while it is not available. */
export function resultOf(e: Execution): ExecResult | undefined {
  if (!e.done) return undefined;
  if (e.kind === 'container') return e.outputs;
  if (e.items !== undefined && e.iterationIndex < 0) {
    // a ParallelFor: each output collected over the iterations, in item order
    const its = [...(e.children.get(e.taskName) ?? [])].filter((c) => c.iterationIndex >= 0).sort((a, b) => a.iterationIndex - b.iterationIndex);
    const out: ExecResult = { params: {}, artifacts: {} };
    for (const it of its) {
      const r = resultOf(it);
      if (!r) continue;
      for (const [k, v] of Object.entries(r.params)) ((out.params[k] ??= []) as unknown[]).push(v);
      for (const [k, v] of Object.entries(r.artifacts)) (out.artifacts[k] ??= []).push(...v);
    }
    return out;
  }
  return dagOutputs(asDag(e));
}

/** A DAG execution as ir.ts reads it (inputs, and task results looked up through children). */
export function asDag(e: Execution): DagExec {
  return {
    id: e.id,
    params: e.inputs.params,
    artifacts: e.inputs.artifacts as Record<string, ArtifactRef[]>,
    component: e.component,
    tasks: {
      get(name: string): ExecResult | undefined {
        const kids = e.children.get(name);
        if (!kids?.length) return undefined;
        // a ParallelFor loop registers itself and its iterations under one name; the loop answers
        const loop = kids.find((k) => k.items !== undefined && k.iterationIndex < 0);
        return resultOf(loop ?? (kids[0] as Execution));
      },
    },
  };
}

/** Registers a child execution with its parent. */
export function adopt(parent: Execution | undefined, child: Execution): void {
  if (!parent) return;
  const list = parent.children.get(child.taskName);
  if (list) list.push(child);
  else parent.children.set(child.taskName, [child]);
}
