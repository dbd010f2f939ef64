// SPDX-License-Identifier: Apache-2.0
/**
 * Where a run task's artifacts are, as pure rules (unit-tested): the artifacts its component
 * declares (outputs) and those wired into it (inputs, each from its producer's output), the run's
 * folder in the pipeline root (`<root>/<pipelineInfo.name>/<run id>`, as KFP's driver makes it), and
 * the artifacts found in a listing of a task's folder: KFP 2.17's driver writes an output to
 * `<run folder>/<task name>/<salt>/<output name>` (one salt per execution; a folder artifact has
 * files below that name). KFP keeps which execution wrote which in ML Metadata, which its REST API
 * does not serve: a task run several times (loop iterations) shows its newest copy, said so.
 */
import type { ArtifactIo, RunArtifact } from '../../../shared/features/pipelines/run-artifacts.contract';
import { graphOfItem, runSpecGraph } from '../../../shared/features/pipelines/run-spec-graph';
import { findNode, sourceText } from '../../../shared/kfp/graph-util';
import type { ObjectEntry } from '../../platform/object-store/object-reads';

/** KFP's default pipeline root (the `mlpipeline` bucket of its object store). */
export const defaultPipelineRoot = 'minio://mlpipeline/v2/artifacts';

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

/** The run's folder in the pipeline root. */
export interface RunRoot {
  /** `<scheme>://<bucket>/<key prefix>` as KFP writes URIs. */
  uri: string;
  scheme: string;
  bucket: string;
  /** The key prefix, without a trailing `/`. */
  prefix: string;
}

const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** The IR object of a run's spec (KFP gives the IR, or `{ pipeline_spec, platform_spec }`). */
function irOf(spec: unknown): Record<string, unknown> | undefined {
  const s = asRecord(spec);
  return asRecord(s?.pipeline_spec) ?? s;
}

/**
 * The run's folder: the spec's `defaultPipelineRoot`, else the `kfp-launcher` ConfigMap's, else
 * KFP's default; then the pipeline's name and the run id.
 * @throws Error when the root is not an object-store URI or the spec has no pipeline name
 */
export function runRoot(spec: unknown, launcherRoot: string | undefined, runId: string): RunRoot {
  const ir = irOf(spec);
  const specRoot = typeof ir?.defaultPipelineRoot === 'string' ? ir.defaultPipelineRoot : undefined;
  const root = (specRoot || launcherRoot || defaultPipelineRoot).trim();
  const m = /^(minio|s3|s3a):\/\/([^/\s]+)\/?(\S*?)\/*$/.exec(root);
  if (!m) throw new Error(`The pipeline root ${root} is not in an S3-compatible store (gs:// and other stores are not read by MLDeck).`);
  const name = asRecord(ir?.pipelineInfo)?.name;
  if (typeof name !== 'string' || !name) throw new Error('The run’s pipeline spec has no pipelineInfo.name, so its folder in the pipeline root is not known.');
  const prefix = [m[3], name, runId].filter(Boolean).join('/');
  return { uri: `${m[1]}://${m[2]}/${prefix}`, scheme: m[1] ?? 's3', bucket: m[2] ?? '', prefix };
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

/** The prefix a task's outputs are under (with its trailing `/`). */
export const taskPrefix = (root: RunRoot, taskName: string) => `${root.prefix}/${taskName}/`;

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
  const prefix = taskPrefix(root, a.producer.taskName);
  const key = a.producer.key;
  // <salt>/<key> (one object) or <salt>/<key>/… (a folder artifact)
  const copies = new Map<string, { entries: ObjectEntry[]; folder: boolean }>();
  for (const o of listed) {
    if (!o.key.startsWith(prefix)) continue;
    const rest = o.key.slice(prefix.length).split('/');
    if (rest.length < 2 || rest[1] !== key) continue;
    const salt = rest[0] ?? '';
    const c = copies.get(salt) ?? { entries: [], folder: false };
    c.entries.push(o);
    if (rest.length > 2) c.folder = true;
    copies.set(salt, c);
  }
  const newest = (c: { entries: ObjectEntry[] }) => c.entries.reduce((m, o) => (o.lastModified && o.lastModified > m ? o.lastModified : m), '');
  const sorted = [...copies.entries()].sort((x, y) => newest(y[1]).localeCompare(newest(x[1])) || x[0].localeCompare(y[0]));
  const [first] = sorted;
  if (!first) {
    return {
      ...base,
      note:
        a.io === 'input'
          ? `Not found in ${root.uri}/${a.producer.taskName}/: its producer may have been skipped, not run yet, or reused a cached execution's outputs (an earlier run's folder).`
          : `Not found in ${root.uri}/${a.producer.taskName}/: the task may not have finished, or it reused a cached execution's outputs (an earlier run's folder).`,
    };
  }
  const [salt, c] = first;
  return {
    ...base,
    uri: `${root.scheme}://${root.bucket}/${prefix}${salt}/${key}`,
    size: c.entries.reduce((s, o) => s + o.size, 0),
    lastModified: newest(c) || undefined,
    folder: c.folder,
    note:
      sorted.length > 1
        ? `${sorted.length} executions of ${a.producer.taskName} wrote ${key} (loop iterations or retries); KFP keeps which is which in ML Metadata, so this is the newest.`
        : '',
  };
}
