// SPDX-License-Identifier: Apache-2.0
/** A run task for unit tests (the run page's, KFP run outputs'): a graph item in a state, per iteration and role. */
import type { RunTask } from './run-details.contract';

export const task = (
  graphId: string,
  state: RunTask['state'],
  iterations: number[] = [],
  role: RunTask['role'] = 'node',
  extra: Partial<RunTask> = {},
): RunTask => ({
  taskId: `${graphId}${iterations.join()}${role}`,
  displayName: graphId.split('/').pop() ?? '',
  nodeId: '',
  role,
  graphId,
  iterations,
  state,
  startedAt: '',
  finishedAt: '',
  children: [],
  executors: [],
  pods: [],
  message: '',
  ...extra,
});
