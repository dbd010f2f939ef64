// SPDX-License-Identifier: Apache-2.0
/**
 * Reads pipeline IR: YAML text of one or two documents (the `PipelineSpec`, then optionally the
 * `PlatformSpec`), or the JSON the KFP API returns as a version's `pipeline_spec` (which wraps both
 * as `{pipeline_spec, platform_spec}` when there is a platform spec). Malformed input is an
 * `AppError('validation')` whose message says what is wrong and whose detail says where (document,
 * line and column, path). A KFP v1 Argo Workflow is recognised and returned as such, so the UI can
 * show it read-only.
 */
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../errors';
import type { IrDocument } from './ir-types';
import { referenceProblems, type IrProblem } from './ir-references';
import { pipelineSpecSchema, platformSpecSchema } from './ir-schema';

/** What a pipeline file turned out to be. */
export type IrParseResult =
  | { kind: 'ir'; doc: IrDocument }
  /** A KFP v1 pipeline compiled to an Argo Workflow: readable, not editable as IR. */
  | { kind: 'argo-v1'; name: string; sdkVersion?: string; workflow: Record<string, unknown> };

/** Inputs larger than this are refused before parsing. */
export const maxIrBytes = 32 * 1024 * 1024;

type Path = (string | number)[];
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(top)';
}

/** Where a path points in a YAML document: the deepest node that exists on it. */
function locate(doc: Document | undefined, lines: LineCounter | undefined, path: Path): string {
  if (!doc || !lines) return '';
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const pos = lines.linePos(node.range[0]);
      return ` (line ${pos.line}, column ${pos.col})`;
    }
  }
  return '';
}

function fail(what: string, docIndex: number, problem: IrProblem, doc?: Document, lines?: LineCounter): never {
  throw new AppError(
    'validation',
    `Not a valid KFP pipeline spec: ${problem.message} at ${pathText(problem.path)}`,
    `${what} ${docIndex + 1}${locate(doc, lines, problem.path)}: ${pathText(problem.path)}`,
  );
}

function firstIssue(error: z.ZodError): IrProblem {
  // a refine on a loose object reports at the object; a union reports its own path: take the first issue
  const issue = error.issues[0];
  if (!issue) return { path: [], message: 'invalid' };
  return { path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'), message: issue.message };
}

/** Recognises a KFP v1 Argo Workflow (as `kfp` 1.x compiled them). */
function asArgoV1(value: unknown): IrParseResult | undefined {
  if (!isObj(value)) return undefined;
  const api = value.apiVersion;
  if (typeof api !== 'string' || !api.startsWith('argoproj.io/') || value.kind !== 'Workflow') return undefined;
  const meta = isObj(value.metadata) ? value.metadata : {};
  const annotations = isObj(meta.annotations) ? meta.annotations : {};
  const name = typeof meta.generateName === 'string' ? meta.generateName.replace(/-$/, '') : typeof meta.name === 'string' ? meta.name : 'workflow';
  const sdk = annotations['pipelines.kubeflow.org/kfp_sdk_version'];
  return { kind: 'argo-v1', name, ...(typeof sdk === 'string' ? { sdkVersion: sdk } : {}), workflow: value };
}

interface Located {
  value: unknown;
  doc?: Document;
  lines?: LineCounter;
}

function checkDocuments(docs: Located[], what: string): IrDocument {
  const [first, second, ...rest] = docs;
  if (!first || !isObj(first.value)) throw new AppError('validation', 'Not a KFP pipeline spec: the file is empty or not a mapping', `${what} 1`);
  if (rest.length)
    throw new AppError(
      'validation',
      `Not a KFP pipeline spec: expected at most 2 documents (the pipeline spec and its platform spec), found ${docs.length}`,
      `${what} 3`,
    );
  if (!('root' in first.value) || !('pipelineInfo' in first.value))
    throw new AppError('validation', 'Not a KFP v2 pipeline spec: it has no pipelineInfo and root', `${what} 1${locate(first.doc, first.lines, [])}`);
  const spec = pipelineSpecSchema.safeParse(first.value);
  if (!spec.success) fail(what, 0, firstIssue(spec.error), first.doc, first.lines);
  const [broken] = referenceProblems(spec.data);
  if (broken) fail(what, 0, broken, first.doc, first.lines);
  const out: IrDocument = { spec: spec.data };
  if (second && second.value !== null && second.value !== undefined) {
    const platform = platformSpecSchema.safeParse(second.value);
    if (!platform.success) fail(what, 1, firstIssue(platform.error), second.doc, second.lines);
    out.platform = platform.data;
    const executors = spec.data.deploymentSpec?.executors ?? {};
    for (const exec of Object.keys(platform.data.platforms.kubernetes?.deploymentSpec?.executors ?? {}))
      if (!(exec in executors))
        fail(
          what,
          1,
          { path: ['platforms', 'kubernetes', 'deploymentSpec', 'executors', exec], message: `executor "${exec}" is not in the pipeline spec` },
          second.doc,
          second.lines,
        );
  }
  return out;
}

/**
 * Parses IR YAML (or JSON) text: one document (the pipeline spec) or two (then the platform spec).
 * @throws AppError('validation') with the line and path of the first problem
 */
export function parseIrYaml(text: string): IrParseResult {
  if (text.length > maxIrBytes) throw new AppError('validation', `The pipeline file is larger than ${maxIrBytes / 1024 / 1024} MiB`);
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(docs)) throw new AppError('validation', 'Not a KFP pipeline spec: the file is empty');
  for (const [i, doc] of docs.entries()) {
    const err = doc.errors[0];
    if (err) {
      const pos = lines.linePos(err.pos[0]);
      throw new AppError(
        'validation',
        `The pipeline file is not valid YAML: ${err.message.split('\n')[0] ?? err.code}`,
        `document ${i + 1} (line ${pos.line}, column ${pos.col})`,
      );
    }
  }
  const located: Located[] = docs.map((doc) => ({ value: doc.toJS({ maxAliasCount: 100 }) as unknown, doc, lines }));
  // a trailing `---` leaves an empty document
  while (located.length > 1 && (located[located.length - 1]?.value ?? null) === null) located.pop();
  const argo = asArgoV1(located[0]?.value);
  if (argo) return argo;
  return { kind: 'ir', doc: checkDocuments(located, 'document') };
}

/**
 * Checks an already parsed value: a pipeline spec object, the API's `{pipeline_spec, platform_spec}`
 * wrapper, or a v1 Argo Workflow.
 * @throws AppError('validation') with the path of the first problem
 */
export function parseIrValue(value: unknown, platform?: unknown): IrParseResult {
  const argo = asArgoV1(value);
  if (argo) return argo;
  if (isObj(value) && 'pipeline_spec' in value && !('root' in value)) return parseIrValue(value.pipeline_spec, value.platform_spec ?? platform);
  const docs: Located[] = [{ value }];
  if (platform !== undefined && platform !== null) docs.push({ value: platform });
  return { kind: 'ir', doc: checkDocuments(docs, 'part') };
}

/** The IR of a result, or a validation error that says the file is a v1 pipeline (read-only). */
export function requireIr(result: IrParseResult): IrDocument {
  if (result.kind === 'ir') return result.doc;
  throw new AppError(
    'validation',
    `"${result.name}" is a KFP v1 pipeline (an Argo Workflow${result.sdkVersion ? `, kfp ${result.sdkVersion}` : ''}): it can be shown, not edited as a v2 pipeline`,
  );
}
