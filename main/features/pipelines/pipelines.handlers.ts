// SPDX-License-Identifier: Apache-2.0
/** Handlers of the pipelines contract. */
import type { pipelinesContract } from '../../../shared/features/pipelines/pipelines.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { PipelinesService } from './pipelines.service';

/** The pipelines contract served by the service. */
export function pipelinesHandlers(svc: PipelinesService): HandlerMap<typeof pipelinesContract> {
  return {
    getSettings: ({ clusterId }) => svc.getSettings(clusterId),
    setSettings: (req) => svc.setSettings(req),
    connection: ({ clusterId }) => svc.connection(clusterId),
    list: (req) => svc.list(req),
    pipeline: (req) => svc.pipeline(req),
    version: (req) => svc.version(req),
    upload: (req) => svc.upload(req),
    uploadVersion: (req) => svc.uploadVersion(req),
    deleteVersion: (req) => svc.deleteVersion(req),
    deletePipeline: (req) => svc.deletePipeline(req),
  };
}
