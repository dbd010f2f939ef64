// SPDX-License-Identifier: Apache-2.0
/** Handlers of the run artifacts' contract. */
import type { runArtifactsContract } from '../../../shared/features/pipelines/run-artifacts.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { RunArtifactsService } from './run-artifacts.service';

/** The run artifacts' contract served by the service. */
export function runArtifactsHandlers(svc: RunArtifactsService): HandlerMap<typeof runArtifactsContract> {
  return {
    list: (req) => svc.list(req),
    read: (req) => svc.read(req),
  };
}
