// SPDX-License-Identifier: Apache-2.0
/** Every feature's contract, collected once. Main's dispatcher and the preload read it. */
import { appContract } from '../features/app/app.contract';
import { clustersContract } from '../features/clusters/clusters.contract';
import { gpusContract } from '../features/gpus/gpus.contract';
import { jobsContract } from '../features/jobs/jobs.contract';
import { notebookServersContract } from '../features/notebook-servers/notebook-servers.contract';
import { notebooksContract } from '../features/notebooks/notebooks.contract';
import { overviewContract } from '../features/overview/overview.contract';
import { logsContract } from '../features/logs/logs.contract';
import { resourcesContract } from '../features/resources/resources.contract';
import { servingContract } from '../features/serving/serving.contract';
import { registryContract } from '../features/registry/registry.contract';
import { pipelinesContract } from '../features/pipelines/pipelines.contract';
import { snapshotsContract } from '../features/snapshots/snapshots.contract';
import { syncContract } from '../features/sync/sync.contract';
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
  serving: servingContract,
  notebookServers: notebookServersContract,
  notebooks: notebooksContract,
  registry: registryContract,
  pipelines: pipelinesContract,
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
