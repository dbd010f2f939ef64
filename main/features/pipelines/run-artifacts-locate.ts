// SPDX-License-Identifier: Apache-2.0
/**
 * Where a run task's artifacts are, as pure rules (unit-tested): the artifacts its component
 * declares (outputs) and those wired into it (inputs, each from its producer's output), and each
 * found in a listing of its producer's folder in the run's pipeline root (the folder rules, shared
 * with Compare, are platform/object-store/kfp-run-outputs.ts). KFP keeps which execution wrote
 * which in ML Metadata, which its REST API does not serve: a task run several times (loop
 * iterations) shows its newest copy, said so; a task served from KFP's cache shows the copy of the
 * earlier run that made it (platform/object-store/kfp-cached-outputs.ts), said so.
 */
import type { ArtifactIo, RunArtifact } from '../../../shared/features/pipelines/run-artifacts.contract';
import { graphOfItem, runSpecGraph } from '../../../shared/features/pipelines/run-spec-graph';
import { findNode, sourceText } from '../../../shared/kfp/graph-util';
import { newestOutput, type FoundOutput, type RunRoot } from '../../platform/object-store/kfp-run-outputs';
import type { ObjectEntry } from '../../platform/object-store/object-reads';

/** An artifact as the spec declares and wires it. */
export interface DeclaredArtifact {
  io: ArtifactIo;
  name: string;
  schemaTitle: string;
  /** For an input: its producer in words. */
  from: string;
  /** The task whose folder holds it and its output key there; undefined when it is not a task's output. */
  producer: { taskName: string; key: string } | undefined;
  /** Why it cannot be looked up ('' when it can). */
  note: string;
}

/**
 * The artifacts of a graph item of the run's spec.
 * @throws Error with the reason when the item is not a task of the spec
 */
export function declaredArtifacts(spec: unknown, graphId: string): DeclaredArtifact[] {
  const built = runSpecGraph(spec);
  if (!built.graph) throw new Error(built.problem);
  const at = graphOfItem(built.graph, graphId);
  const node = findNode(at.graph, at.id);
  if (!node) throw new Error(`${graphId} is a group, not a task: it has no artifacts of its own.`);
  const out: DeclaredArtifact[] = [];
  for (const p of node.inputs.filter((x) => x.io === 'artifact')) {
    const edge = at.graph.edges.find((e) => e.kind === 'data' && e.to.node === at.id && e.to.port === p.name);
    const base = { io: 'input' as const, name: p.name, schemaTitle: p.schemaTitle ?? '' };
    if (!edge || edge.kind !== 'data') {
      out.push({ ...base, from: '', producer: undefined, note: 'Not wired in the spec.' });
      continue;
    }
    const from = sourceText(at.graph, edge.from);
    const producer = edge.from.kind === 'output' ? findNode(at.graph, edge.from.item) : undefined;
    if (edge.from.kind === 'output' && producer && producer.kind !== 'pipeline')
      out.push({ ...base, from, producer: { taskName: producer.name, key: edge.from.key }, note: '' });
    else
      out.push({
        ...base,
        from,
        producer: undefined,
        note: `It comes from ${from}, not from a task's own output: where it is stored is kept by KFP in ML Metadata.`,
      });
  }
  for (const p of node.outputs.filter((x) => x.io === 'artifact'))
    out.push({ io: 'output', name: p.name, schemaTitle: p.schemaTitle ?? '', from: '', producer: { taskName: node.name, key: p.name }, note: '' });
  return out;
}

/**
 * A declared artifact found in its producer's folder listing (every key below the task's prefix).
 * @param listed - the objects under {@link taskPrefix} of the producer; undefined when it was not listed
 */
export function locate(root: RunRoot, a: DeclaredArtifact, listed: readonly ObjectEntry[] | undefined): RunArtifact {
  const base: RunArtifact = {
    io: a.io,
    name: a.name,
    schemaTitle: a.schemaTitle,
    from: a.from,
    uri: '',
    size: undefined,
    lastModified: undefined,
    folder: false,
    note: a.note,
  };
  if (!a.producer || !listed) return base;
  const found = newestOutput(root, a.producer.taskName, a.producer.key, listed);
  if (!found) {
    return {
      ...base,
      note:
        a.io === 'input'
          ? `Not found in ${root.uri}/${a.producer.taskName}/: its producer may have been skipped, not run yet, or reused a cached execution's outputs (an earlier run's folder).`
          : `Not found in ${root.uri}/${a.producer.taskName}/: the task may not have finished, or it reused a cached execution's outputs (an earlier run's folder).`,
    };
  }
  return foundArtifact(base, a.producer, found);
}

/**
 * A declared artifact found: where, how big, and a note when several executions wrote it.
 * @param cachedFrom - the earlier run whose execution KFP's cache served, when it was found there
 */
export function foundArtifact(
  base: RunArtifact,
  producer: { taskName: string; key: string },
  f: FoundOutput,
  cachedFrom?: { runId: string; displayName: string },
): RunArtifact {
  const notes = [
    cachedFrom
      ? `KFP served ${producer.taskName} from its cache: this is the output of its execution in the earlier run ${cachedFrom.displayName || cachedFrom.runId} (${cachedFrom.runId}).`
      : '',
    f.copies > 1
      ? `${f.copies} executions of ${producer.taskName} wrote ${producer.key} (loop iterations or retries); KFP keeps which is which in ML Metadata, so this is the newest.`
      : '',
  ];
  return {
    ...base,
    uri: f.uri,
    size: f.size,
    lastModified: f.lastModified,
    folder: f.folder,
    note: notes.filter(Boolean).join(' '),
    ...(cachedFrom ? { cachedFrom: { runId: cachedFrom.runId, displayName: cachedFrom.displayName } } : {}),
  };
}
