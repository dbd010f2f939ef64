// SPDX-License-Identifier: Apache-2.0
/**
 * The data of the create-run dialog: the run a clone starts from, the version's runtime
 * parameters (its root `inputDefinitions`, through shared/kfp), the cluster's experiments, and
 * the shared create flow wired to `pipeline-runs:create` / `create-recurring` (main's checks as
 * the dry run, then the real create). The dialog only renders what this returns.
 */
import { useEffect, useMemo, useState } from 'react';
import { AppError, asAppError } from '../../../../shared/errors';
import { pipelinesContract } from '../../../../shared/features/pipelines/pipelines.contract';
import {
  pipelineRunsContract,
  type ExperimentSummary,
  type RecurringRunSummary,
  type RunDetail,
  type RunFieldProblem,
  type RunSummary,
} from '../../../../shared/features/pipelines/runs.contract';
import { parseIrValue, requireIr } from '../../../../shared/kfp/ir-parse';
import { rootArtifactInputs, runParameters, type RunParameterSpec } from '../../../../shared/kfp/run-parameters';
import { draftKey } from '../../../components/create/draft-store';
import { useCreateFlow } from '../../../components/create/use-create-flow';
import { api } from '../../../lib/api/api-context';
import { notify } from '../../../lib/notify';
import { freshRunForm, requestOf, runChecks, runCodec, runDraft, runPlacement, type RunBody, type RunForm } from './create-run-model';

/** Where the dialog starts: a version, or a run to clone. */
export type CreateRunStart = { clusterId: string; mode: RunForm['mode'] } & (
  { pipelineId: string; versionId: string; cloneOf?: undefined } | { cloneOf: string; pipelineId?: undefined; versionId?: undefined }
);

/** What was made. */
export type Made = { kind: 'run'; run: RunSummary } | { kind: 'recurring'; recurring: RecurringRunSummary };

/** The version's parameters and the clone's run, loaded once. */
function useStart(start: CreateRunStart) {
  const [clone, setClone] = useState<RunDetail | undefined>();
  const [specs, setSpecs] = useState<RunParameterSpec[] | undefined>();
  const [artifacts, setArtifacts] = useState<string[]>([]);
  const [versionName, setVersionName] = useState('');
  const [error, setError] = useState<AppError | undefined>();
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const from = start.cloneOf ? await api().call(pipelineRunsContract.run, { clusterId: start.clusterId, runId: start.cloneOf }) : undefined;
        const pipelineId = from?.pipelineId ?? start.pipelineId ?? '';
        const versionId = from?.pipelineVersionId ?? start.versionId ?? '';
        if (!pipelineId || !versionId) throw new AppError('validation', 'This run was not made from a pipeline version, so MLDeck cannot clone it.');
        const v = await api().call(pipelinesContract.version, { clusterId: start.clusterId, pipelineId, versionId });
        const doc = requireIr(parseIrValue(v.spec));
        if (!live) return;
        setClone(from);
        setVersionName(v.displayName);
        setSpecs(runParameters(doc.spec));
        setArtifacts(rootArtifactInputs(doc.spec));
      } catch (e) {
        if (live) setError(asAppError(e));
      }
    })();
    return () => {
      live = false;
    };
  }, [start.clusterId, start.cloneOf, start.pipelineId, start.versionId]);
  const target = clone
    ? { pipelineId: clone.pipelineId, versionId: clone.pipelineVersionId }
    : { pipelineId: start.pipelineId ?? '', versionId: start.versionId ?? '' };
  return { clone, specs, artifacts, versionName, error, target };
}

/** The cluster's experiments that take runs (not archived). */
function useExperimentChoices(clusterId: string) {
  const [list, setList] = useState<{ experiments: ExperimentSummary[]; multiUser: boolean } | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  useEffect(() => {
    let live = true;
    api()
      .call(pipelineRunsContract.experiments, { clusterId })
      .then(
        (r) => {
          const one = r.clusters[0];
          if (!live) return;
          if (!one?.ok) setError(one ? AppError.fromData(one.error) : new AppError('not-found', 'No such cluster.'));
          else setList({ experiments: one.experiments.filter((e) => e.storageState === 'AVAILABLE'), multiUser: one.multiUser });
        },
        (e: unknown) => live && setError(asAppError(e)),
      );
    return () => {
      live = false;
    };
  }, [clusterId]);
  return { list, error };
}

/** Everything the create-run dialog shows. */
export function useCreateRun(start: CreateRunStart, onMade: (m: Made) => void) {
  const { clusterId } = start;
  const s = useStart(start);
  const experiments = useExperimentChoices(clusterId);
  const specs = s.specs;
  const codec = useMemo(() => runCodec(specs ?? []), [specs]);
  const fresh = useMemo(
    () => {
      if (!specs || !experiments.list) return undefined;
      const f = freshRunForm(s.target, specs, start.mode, s.clone);
      // a multi-user KFP has no default experiment: the first of the user's
      if (!f.experimentId && experiments.list.multiUser) f.experimentId = experiments.list.experiments[0]?.experimentId ?? '';
      return f;
    },
    // the target follows the clone and the start
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [specs, experiments.list, s.clone, start.mode],
  );
  const source = start.cloneOf ? `clone:${start.cloneOf}` : `${start.mode}:${start.versionId}`;
  const send = async (body: RunBody, dryRun: boolean) => {
    const req = requestOf(clusterId, body, dryRun);
    const r = 'run' in req ? await api().call(pipelineRunsContract.create, req.run) : await api().call(pipelineRunsContract.createRecurring, req.recurring);
    if (r.problems) return { rejected: { problems: r.problems, message: r.message } };
    return { done: 'run' in req ? ({ kind: 'run', run: r.made } as Made) : ({ kind: 'recurring', recurring: r.made } as Made) };
  };
  const flow = useCreateFlow<RunForm, RunBody, RunFieldProblem, Made, Record<never, never>>({
    ...codec,
    ...runPlacement,
    draft: runDraft,
    draftKey: draftKey(runDraft.prefix, clusterId, source),
    fresh,
    freshExtra: {},
    checks: (form) => runChecks(specs ?? [], form),
    dryRun: (body) => send(body, true),
    create: (body) => send(body, false),
    created: (made, form) => {
      notify('success', made.kind === 'run' ? `Run ${form.displayName} started` : `Recurring run ${form.displayName} made`, s.versionName);
      onMade(made);
    },
    acceptedNoun: start.mode === 'run' ? 'this run' : 'this recurring run',
  });
  const experimentOptions = [
    ...(experiments.list?.multiUser ? [] : [{ value: '', label: 'Default experiment' }]),
    ...(experiments.list?.experiments ?? []).map((e) => ({ value: e.experimentId, label: e.namespace ? `${e.displayName} (${e.namespace})` : e.displayName })),
  ];
  return { flow, specs, artifacts: s.artifacts, versionName: s.versionName, error: s.error ?? experiments.error, experimentOptions };
}
