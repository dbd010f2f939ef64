// SPDX-License-Identifier: Apache-2.0
/** Handlers of the serving contract. */
import type { servingContract } from '../../../shared/features/serving/serving.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { PredictorClient } from './predictor-client';
import type { ServingService } from './serving.service';

/** The serving contract served by the service and the predictor client. */
export function servingHandlers(svc: ServingService, predictor: PredictorClient): HandlerMap<typeof servingContract> {
  return {
    submit: (req) => svc.submit(req),
    canary: (req) => svc.canary(req),
    setTraffic: (req) => svc.setTraffic(req),
    promote: (req) => svc.promote(req),
    rollback: (req) => svc.rollback(req),
    restore: (req) => svc.restore(req),
    serviceAccounts: ({ clusterId, namespace }) => svc.serviceAccounts(clusterId, namespace),
    createS3Access: (req) => svc.createS3Access(req),
    permissions: ({ clusterId, namespace }) => svc.permissions(clusterId, namespace),
    predict: (req) => predictor.predict(req),
  };
}
