// SPDX-License-Identifier: Apache-2.0
/** Handlers of the Katib contract. */
import type { katibContract } from '../../../shared/features/katib/katib.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { KatibService } from './katib.service';

/** The Katib contract served by the service. */
export function katibHandlers(svc: KatibService): HandlerMap<typeof katibContract> {
  return {
    submit: (req) => svc.submit(req),
    stop: (req) => svc.stop(req),
    resume: (req) => svc.resume(req),
    delete: (req) => svc.delete(req),
    permissions: (req) => svc.permissions(req),
    keepTrialLogs: (req) => svc.keepTrialLogs(req),
    observation: (req) => svc.observation(req),
    listTrials: (req) => svc.listTrials(req),
  };
}
