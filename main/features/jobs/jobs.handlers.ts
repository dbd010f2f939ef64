// SPDX-License-Identifier: Apache-2.0
/** Handlers of the jobs contract. */
import type { jobsContract } from '../../../shared/features/jobs/jobs.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { JobsService } from './jobs.service';

/** The jobs contract served by the service. */
export function jobsHandlers(svc: JobsService): HandlerMap<typeof jobsContract> {
  return {
    schema: (req) => svc.schema(req),
    validate: ({ clusterId, object }) => svc.validate(clusterId, object),
    submit: (req) => svc.submit(req),
    setSuspended: (req) => svc.setSuspended(req),
    delete: (req) => svc.delete(req),
    permissions: (req) => svc.permissions(req),
  };
}
