// SPDX-License-Identifier: Apache-2.0
/** Handlers of the MLflow contract. */
import type { mlflowContract } from '../../../shared/features/mlflow/mlflow.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { MlflowService } from './mlflow.service';

export function mlflowHandlers(svc: MlflowService): HandlerMap<typeof mlflowContract> {
  return {
    servers: () => svc.list(),
    experiments: ({ server }) => svc.experiments(server),
    runs: (req) => svc.runs(req),
    run: (req) => svc.run(req),
    history: (req) => svc.history(req),
    artifacts: (req) => svc.artifacts(req),
    modelVersions: (req) => svc.modelVersions(req),
    addServer: (req) => svc.addServer(req),
    removeServer: ({ url }) => svc.removeServer(url),
  };
}
