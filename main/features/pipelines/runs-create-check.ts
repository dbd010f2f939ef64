// SPDX-License-Identifier: Apache-2.0
/**
 * The checks MLDeck makes before it asks KFP to make a run or a recurring run (KFP has no dry
 * run): the pipeline version exists and is a KFP v2 pipeline; the runtime parameters fit its root
 * `inputDefinitions` (shared/kfp/run-parameters.ts); the experiment exists, is not archived and,
 * on a multi-user KFP, is in one of the user's profile namespaces (there an experiment is needed:
 * runs live in its namespace). Each problem at its field; a refusal KFP sends to the real request
 * is turned into the same shape.
 */
import { asAppError, isAppError } from '../../../shared/errors';
import type { RunFieldProblem } from '../../../shared/features/pipelines/runs.contract';
import { parseIrValue, requireIr } from '../../../shared/kfp/ir-parse';
import { checkParameters, rootArtifactInputs, runParameters } from '../../../shared/kfp/run-parameters';
import type { KfpAccess } from './kfp-access';
import type { WireVersion } from './kfp-wire';
import type { RunsKfp } from './runs-kfp';
import type { WireExperiment } from './runs-wire';

/** What a create names. */
export interface CreateTarget {
  pipelineId: string;
  versionId: string;
  experimentId?: string | undefined;
  parameters: Record<string, unknown>;
}

/** The problems of a create, and the experiment's namespace when it has one. */
export async function checkCreate(kfp: RunsKfp, clusterId: string, a: KfpAccess, t: CreateTarget): Promise<{ problems: RunFieldProblem[]; namespace: string }> {
  const problems: RunFieldProblem[] = [];
  const version = await found(
    kfp.call(clusterId, a, (c) => c.get<WireVersion>(`/pipelines/${encodeURIComponent(t.pipelineId)}/versions/${encodeURIComponent(t.versionId)}`)),
  );
  if ('missing' in version) problems.push({ field: 'versionId', message: `KFP has no such pipeline version: ${version.missing}` });
  else {
    try {
      const doc = requireIr(parseIrValue(version.value.pipeline_spec));
      problems.push(...checkParameters(runParameters(doc.spec), t.parameters));
      const artifacts = rootArtifactInputs(doc.spec);
      if (artifacts.length)
        problems.push({
          field: 'versionId',
          message: `The pipeline takes artifacts as inputs (${artifacts.join(', ')}); a run cannot give them. Compile it with an importer instead.`,
        });
    } catch (e) {
      problems.push({ field: 'versionId', message: isAppError(e) ? e.message : String(e) });
    }
  }
  let namespace = '';
  if (t.experimentId) {
    const exp = await found(kfp.call(clusterId, a, (c) => c.get<WireExperiment>(`/experiments/${encodeURIComponent(t.experimentId ?? '')}`)));
    if ('missing' in exp) problems.push({ field: 'experimentId', message: `KFP has no such experiment: ${exp.missing}` });
    else {
      namespace = exp.value.namespace ?? '';
      if (exp.value.storage_state === 'ARCHIVED')
        problems.push({ field: 'experimentId', message: `The experiment ${exp.value.display_name ?? ''} is archived: restore it first, or choose another.` });
      if (a.multiUser && namespace && !a.namespaces.includes(namespace)) {
        const why = a.refused.find((r) => r.namespace === namespace)?.reason ?? `${namespace} is not one of your profile namespaces.`;
        problems.push({ field: 'experimentId', message: `The experiment is in ${namespace}, where you (${a.userId}) cannot run pipelines: ${why}` });
      }
    }
  } else if (a.multiUser) {
    problems.push({
      field: 'experimentId',
      message: `This KFP is multi-user: choose an experiment in one of your profile namespaces (${a.namespaces.join(', ') || 'you have none'}); the run is made in its namespace.`,
    });
  }
  return { problems, namespace };
}

/** A value, or what KFP said when the object is not there. */
async function found<T>(p: Promise<T>): Promise<{ value: T } | { missing: string }> {
  try {
    return { value: await p };
  } catch (e) {
    if (isAppError(e) && (e.code === 'not-found' || e.code === 'validation')) return { missing: e.message };
    throw e;
  }
}

/** A refusal KFP sent to a create, as the create flow shows problems (other errors are thrown). */
export function refusalAsProblems(e: unknown): { problems: RunFieldProblem[]; message: string } {
  if (isAppError(e) && (e.code === 'validation' || e.code === 'forbidden' || e.code === 'conflict' || e.code === 'not-found'))
    return { problems: [{ message: e.message }], message: e.message };
  throw asAppError(e);
}
