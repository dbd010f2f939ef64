// SPDX-License-Identifier: Apache-2.0
/**
 * Reading a model and a version from MLflow as MLDeck shows them: a model with all its versions,
 * a version with its source run, where its files are (a logged model's location for
 * `models:/m-…`, the run's for `runs:/`), the storage URI KServe could load and the model format
 * from its MLmodel flavours.
 */
import { isAppError } from '../../../shared/errors';
import type { ModelDetail, ModelVersionDetail, ModelVersionSummary, RunDetail } from '../../../shared/features/registry/registry.contract';
import { modelFormatOf, storageUriFor } from '../../../shared/registry/storage-uri';
import type { Access } from '../../platform/mlflow/mlflow-access';
import { MlflowUnreachable } from '../../platform/mlflow/mlflow-client';
import { flavorsOf, modelSummary, runDetail, versionSummary, type WireModel, type WireRun, type WireVersion } from './mlflow-wire';
import { readArtifact, type MlflowCall } from './registry-artifacts';

/** Whether MLDeck should serve what it kept rather than fail. */
export const reachability = (e: unknown) => isAppError(e) && (e.code === 'unavailable' || e.code === 'timeout');

/** A model and all its versions, newest first. */
export async function fetchModel(call: MlflowCall, clusterId: string, a: Access, name: string): Promise<ModelDetail> {
  const got = await call((c) => c.get<{ registered_model: WireModel }>('registered-models/get', { name }));
  const model = modelSummary(got.registered_model);
  const versions: ModelVersionSummary[] = [];
  let token: string | undefined;
  for (let page = 0; page < 10; page++) {
    const res = await call((c) =>
      c.get<{ model_versions?: WireVersion[]; next_page_token?: string }>('model-versions/search', {
        filter: `name='${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
        max_results: 1000,
        page_token: token,
      }),
    );
    versions.push(...(res.model_versions ?? []).filter((v) => v.name === name).map((v) => versionSummary(v, model.aliases)));
    token = res.next_page_token || undefined;
    if (!token) break;
  }
  versions.sort((x, y) => Number(y.version) - Number(x.version));
  return { clusterId, model, versions, origin: a.origin };
}

/** A version's detail; `full` also reads MLmodel for the flavours. */
export async function fetchVersion(
  call: MlflowCall,
  clusterId: string,
  a: Access,
  name: string,
  version: string,
  full: boolean,
  timeoutMs: number,
): Promise<ModelVersionDetail> {
  const got = await call((c) => c.get<{ model_version: WireVersion }>('model-versions/get', { name, version }));
  const summary = versionSummary(got.model_version);
  let run: RunDetail | undefined;
  let runProblem: string | undefined;
  if (summary.runId) {
    try {
      const r = await call((c) => c.get<{ run: WireRun }>('runs/get', { run_id: summary.runId }));
      run = runDetail(r.run);
    } catch (e) {
      if (reachability(e) || !isAppError(e)) throw e;
      runProblem = e.code === 'not-found' ? `The source run ${summary.runId} is not in MLflow any more.` : `The source run could not be read: ${e.message}`;
    }
  } else runProblem = 'This version was registered without a source run.';
  const { artifactUri, problem } = await resolveArtifactUri(call, summary, run);
  const mapped = problem ? { reason: problem } : storageUriFor(artifactUri, a.settings.artifactStore);
  const detail: ModelVersionDetail = {
    ...summary,
    clusterId,
    run,
    runProblem,
    artifactUri,
    storageUri: mapped.uri,
    storageUriReason: mapped.reason,
    modelFormat: undefined,
    flavors: [],
    origin: a.origin,
  };
  if (full && artifactUri) {
    try {
      const d = await readArtifact(call, a, detail, 'MLmodel', 256 * 1024, timeoutMs);
      detail.flavors = flavorsOf(d.bytes.toString('utf8'));
      detail.modelFormat = modelFormatOf(detail.flavors);
    } catch (e) {
      if (e instanceof MlflowUnreachable) throw e;
      // no MLmodel (not an MLflow model) or not readable: flavours empty, the format unknown (as documented)
    }
  }
  return detail;
}

/** Where a version's files are: a logged model's location for `models:/m-…`, the run's for `runs:/`. */
async function resolveArtifactUri(call: MlflowCall, v: ModelVersionSummary, run: RunDetail | undefined): Promise<{ artifactUri: string; problem?: string }> {
  const logged = /^models:\/(m-[0-9a-zA-Z]+)\/?$/.exec(v.source)?.[1];
  if (logged) {
    try {
      const res = await call((c) => c.get<{ model?: { info?: { artifact_uri?: string } } }>(`logged-models/${encodeURIComponent(logged)}`));
      const uri = res.model?.info?.artifact_uri;
      if (uri) return { artifactUri: uri };
      return { artifactUri: v.source, problem: `MLflow gives no artifact location for the logged model ${logged}.` };
    } catch (e) {
      if (reachability(e) || !isAppError(e)) throw e;
      return { artifactUri: v.source, problem: `The logged model ${logged} could not be read: ${e.message}` };
    }
  }
  const runs = /^runs:\/([^/]+)\/?(.*)$/.exec(v.source);
  if (runs) {
    if (run && run.runId === runs[1] && run.artifactUri)
      return { artifactUri: runs[2] ? `${run.artifactUri.replace(/\/+$/, '')}/${runs[2]}` : run.artifactUri };
    return { artifactUri: v.source, problem: `The run ${runs[1]} behind ${v.source} could not be read.` };
  }
  return { artifactUri: v.source };
}
