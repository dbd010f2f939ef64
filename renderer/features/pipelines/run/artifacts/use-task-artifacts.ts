// SPDX-License-Identifier: Apache-2.0
/** A task's artifacts and one artifact's content, as the drawer reads them (again when the task's state changes). */
import { runArtifactsContract, type ArtifactIo } from '../../../../../shared/features/pipelines/run-artifacts.contract';
import type { RunState } from '../../../../../shared/features/pipelines/run-details.contract';
import { api } from '../../../../lib/api/api-context';
import { useCall } from '../../../../lib/use-call';

/** Where a task is. */
export interface TaskRef {
  clusterId: string;
  runId: string;
  graphId: string;
  iterations: readonly number[];
}

const keyOf = (t: TaskRef) => `${t.clusterId}|${t.runId}|${t.graphId}|${t.iterations.join(',')}`;

/** The task's artifacts, read again when `state` changes (outputs appear when it ends). */
export function useTaskArtifacts(t: TaskRef, state: RunState | undefined) {
  return useCall(`${keyOf(t)}|${state ?? ''}`, () => api().call(runArtifactsContract.list, { ...t, iterations: [...t.iterations] }));
}

/** One artifact's content for its preview. */
export function useArtifactContent(t: TaskRef, io: ArtifactIo, name: string, version: string) {
  return useCall(`${keyOf(t)}|${io}|${name}|${version}`, () => api().call(runArtifactsContract.read, { ...t, iterations: [...t.iterations], io, name }));
}
