// SPDX-License-Identifier: Apache-2.0
/** Every feature's contract, collected once. Main's dispatcher and the preload read it. */
import { appContract } from '../features/app/app.contract';
import { clustersContract } from '../features/clusters/clusters.contract';
import { compareContract } from '../features/compare/compare.contract';
import { gpusContract } from '../features/gpus/gpus.contract';
import { jobsContract } from '../features/jobs/jobs.contract';
import { katibContract } from '../features/katib/katib.contract';
import { notebookServersContract } from '../features/notebook-servers/notebook-servers.contract';
import { notebooksContract } from '../features/notebooks/notebooks.contract';
import { overviewContract } from '../features/overview/overview.contract';
import { logsContract } from '../features/logs/logs.contract';
import { resourcesContract } from '../features/resources/resources.contract';
import { servingContract } from '../features/serving/serving.contract';
import { registryContract } from '../features/registry/registry.contract';
import { mlflowContract } from '../features/mlflow/mlflow.contract';
import { pipelinesContract } from '../features/pipelines/pipelines.contract';
import { pipelineRunsContract } from '../features/pipelines/runs.contract';
import { runDetailsContract } from '../features/pipelines/run-details.contract';
import { runArtifactsContract } from '../features/pipelines/run-artifacts.contract';
import { builderDraftsContract } from '../features/builder/builder-drafts.contract';
import { snapshotsContract } from '../features/snapshots/snapshots.contract';
import { storageContract } from '../features/storage/storage.contract';
import { syncContract } from '../features/sync/sync.contract';
import { tensorboardsContract } from '../features/tensorboards/tensorboards.contract';
import { tunnelsContract } from '../features/tunnels/tunnels.contract';
import { feastContract } from '../features/feast/feast.contract';
import { volumesContract } from '../features/volumes/volumes.contract';
import type { Rpc, Topic } from './define';

export const contract = {
  app: appContract,
  clusters: clustersContract,
  resources: resourcesContract,
  overview: overviewContract,
  sync: syncContract,
  snapshots: snapshotsContract,
  logs: logsContract,
  gpus: gpusContract,
  jobs: jobsContract,
  katib: katibContract,
  serving: servingContract,
  notebookServers: notebookServersContract,
  notebooks: notebooksContract,
  registry: registryContract,
  mlflow: mlflowContract,
  pipelines: pipelinesContract,
  pipelineRuns: pipelineRunsContract,
  pipelineRun: runDetailsContract,
  pipelineRunArtifacts: runArtifactsContract,
  builderDrafts: builderDraftsContract,
  volumes: volumesContract,
  tunnels: tunnelsContract,
  tensorboards: tensorboardsContract,
  storage: storageContract,
  feast: feastContract,
  compare: compareContract,
} as const;

type Entry = Rpc<never, unknown> | Topic<unknown>;

/** Every entry of the contract. */
export function allEntries(): Entry[] {
  return Object.values(contract).flatMap((feature) => Object.values(feature) as Entry[]);
}

/** Every call id. */
export function allRpcIds(): string[] {
  return allEntries()
    .filter((e) => e.kind === 'rpc')
    .map((e) => e.id);
}

/** Every topic id. */
export function allTopicIds(): string[] {
  return allEntries()
    .filter((e) => e.kind === 'topic')
    .map((e) => e.id);
}
