// SPDX-License-Identifier: Apache-2.0
/**
 * KFP's REST answers mapped to what MLDeck shows (pipelines, versions, a version's spec as YAML
 * with its format), and the check of a YAML file before it is uploaded: a KFP v2 pipeline (IR,
 * optionally with its platform spec as a second document) or a KFP v1 Argo Workflow, anything
 * else refused in words (KFP 2.17's upload does not answer a file that is not YAML at all).
 */
import { parseAllDocuments, stringify } from 'yaml';
import { AppError } from '../../../shared/errors';
import type { PipelineSummary, SpecFormat, VersionSummary } from '../../../shared/features/pipelines/pipelines.contract';

/** A pipeline as KFP answers it. */
export interface WirePipeline {
  pipeline_id?: string;
  name?: string;
  display_name?: string;
  description?: string;
  created_at?: string;
  namespace?: string;
}

/** A pipeline version as KFP answers it. */
export interface WireVersion {
  pipeline_id?: string;
  pipeline_version_id?: string;
  name?: string;
  display_name?: string;
  description?: string;
  created_at?: string;
  pipeline_spec?: unknown;
}

/** A pipeline for lists. */
export function pipelineSummary(clusterId: string, p: WirePipeline): PipelineSummary {
  return {
    clusterId,
    pipelineId: p.pipeline_id ?? '',
    name: p.name ?? '',
    displayName: p.display_name || p.name || '',
    description: p.description ?? '',
    createdAt: p.created_at ?? '',
    namespace: p.namespace ?? '',
  };
}

/** A version for lists. */
export function versionSummary(v: WireVersion): VersionSummary {
  return {
    pipelineId: v.pipeline_id ?? '',
    versionId: v.pipeline_version_id ?? '',
    name: v.name ?? '',
    displayName: v.display_name || v.name || '',
    description: v.description ?? '',
    createdAt: v.created_at ?? '',
  };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The note shown with a KFP v1 pipeline. */
export const argoNote =
  'This is a KFP v1 pipeline (an Argo Workflow). KFP accepted it, and MLDeck shows it read-only: its graph and the builder work on KFP v2 pipelines (IR) only.';

/**
 * A version's spec as MLDeck shows it. KFP keeps an IR pipeline as its JSON, or, with a
 * platform spec, as `{pipeline_spec, platform_spec}`; a v1 pipeline is its Argo Workflow.
 */
export function specView(spec: unknown): { format: SpecFormat; specYaml: string; note: string | undefined } {
  if (isObject(spec) && isObject(spec.pipeline_spec)) {
    const docs = [spec.pipeline_spec, ...(isObject(spec.platform_spec) ? [spec.platform_spec] : [])];
    return { format: 'ir', specYaml: docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n'), note: undefined };
  }
  const format = formatOf(spec);
  const specYaml = spec === undefined || spec === null ? '' : stringify(spec, { lineWidth: 0 });
  if (format === 'argo') return { format, specYaml, note: argoNote };
  if (format === 'unknown') return { format, specYaml, note: 'KFP returned a spec that is neither a KFP v2 pipeline nor an Argo Workflow.' };
  return { format, specYaml, note: undefined };
}

function formatOf(doc: unknown): SpecFormat {
  if (!isObject(doc)) return 'unknown';
  if (isObject(doc.pipelineInfo) && (isObject(doc.root) || isObject(doc.components))) return 'ir';
  if (doc.kind === 'Workflow' && typeof doc.apiVersion === 'string' && doc.apiVersion.startsWith('argoproj.io/')) return 'argo';
  return 'unknown';
}

/**
 * Checks a file before it is uploaded.
 * @returns its format (IR or Argo)
 * @throws AppError('validation') naming the line of a YAML error, or saying what the file is instead
 */
export function checkPipelineYaml(text: string, fileName: string): Exclude<SpecFormat, 'unknown'> {
  const docs = parseAllDocuments(text, { prettyErrors: true });
  if (!Array.isArray(docs)) throw new AppError('validation', `${fileName} holds no YAML document.`);
  for (const d of docs) {
    const err = d.errors[0];
    if (err) {
      const line = err.linePos?.[0]?.line;
      throw new AppError('validation', `${fileName} is not valid YAML${line ? ` (line ${line})` : ''}: ${err.message.split('\n')[0]}`);
    }
  }
  const values = docs.map((d) => d.toJS() as unknown).filter((v) => v !== null && v !== undefined);
  const first = values[0];
  if (first === undefined) throw new AppError('validation', `${fileName} is empty.`);
  const format = formatOf(first);
  if (format !== 'unknown') return format;
  if (isObject(first) && (isObject(first.implementation) || typeof first.executorLabel === 'string' || isObject(first.deploymentSpec)))
    throw new AppError('validation', `${fileName} is a component, not a pipeline: compile a pipeline that uses it (kfp.compiler.Compiler().compile).`);
  throw new AppError(
    'validation',
    `${fileName} is not a Kubeflow pipeline: a KFP v2 pipeline has pipelineInfo and root at its top level (as the kfp SDK compiles it), a KFP v1 pipeline is an Argo Workflow.`,
  );
}
