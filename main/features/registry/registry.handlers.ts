// SPDX-License-Identifier: Apache-2.0
/** Handlers of the registry contract. */
import type { registryContract } from '../../../shared/features/registry/registry.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { RegistryService } from './registry.service';

export function registryHandlers(svc: RegistryService): HandlerMap<typeof registryContract> {
  return {
    getSettings: ({ clusterId }) => svc.getSettings(clusterId),
    setSettings: (s) => svc.setSettings(s),
    testConnection: ({ clusterId }) => svc.testConnection(clusterId),
    candidates: ({ clusterId }) => svc.candidates(clusterId),
    models: (req) => svc.models(req),
    model: (req) => svc.model(req),
    version: (req) => svc.version(req),
    metricHistory: (req) => svc.metricHistory(req),
    artifacts: (req) => svc.artifacts(req),
    artifact: (req) => svc.artifact(req),
    setAlias: (req) => svc.setAlias(req),
    deleteAlias: (req) => svc.deleteAlias(req),
    setTag: (req) => svc.setTag(req),
    deleteTag: (req) => svc.deleteTag(req),
    setDescription: (req) => svc.setDescription(req),
  };
}
