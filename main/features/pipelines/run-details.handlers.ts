// SPDX-License-Identifier: Apache-2.0
/** Handlers of the run page's contract. */
import type { runDetailsContract } from '../../../shared/features/pipelines/run-details.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { RunDetailsService } from './run-details.service';

/** The run page's contract served by the service. */
export function runDetailsHandlers(svc: RunDetailsService): HandlerMap<typeof runDetailsContract> {
  return {
    get: (req) => svc.get(req),
    task: (req) => svc.task(req),
  };
}
