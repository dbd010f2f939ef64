// SPDX-License-Identifier: Apache-2.0
/** Handlers of the pipeline-runs contract: runs, experiments and recurring runs. */
import type { pipelineRunsContract } from '../../../shared/features/pipelines/runs.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { ExperimentsService } from './experiments.service';
import type { RecurringRunsService } from './recurring.service';
import type { RunsService } from './runs.service';

/** The pipeline-runs contract served by its three services. */
export function pipelineRunsHandlers(
  runs: RunsService,
  experiments: ExperimentsService,
  recurring: RecurringRunsService,
): HandlerMap<typeof pipelineRunsContract> {
  return {
    list: (req) => runs.list(req),
    run: (req) => runs.run(req),
    create: (req) => runs.create(req),
    action: (req) => runs.action(req),
    experiments: (req) => experiments.list(req),
    createExperiment: (req) => experiments.create(req),
    experimentAction: (req) => experiments.action(req),
    recurringRuns: (req) => recurring.list(req),
    createRecurring: (req) => recurring.create(req),
    recurringAction: (req) => recurring.action(req),
  };
}
