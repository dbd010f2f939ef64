// SPDX-License-Identifier: Apache-2.0
/** A task's drawer data: read when the task or iteration changes and again when the run's state of it changes (its pods come and go). */
import { runDetailsContract, type RunState } from '../../../../shared/features/pipelines/run-details.contract';
import { api } from '../../../lib/api/api-context';
import { useCall } from '../../../lib/use-call';

/** The drawer's task, re-read when `state` changes. */
export function useRunTask(clusterId: string, runId: string, graphId: string, iterations: readonly number[], state: RunState | undefined) {
  return useCall(`${clusterId}|${runId}|${graphId}|${iterations.join(',')}|${state ?? ''}`, () =>
    api().call(runDetailsContract.task, { clusterId, runId, graphId, iterations: [...iterations] }),
  );
}
