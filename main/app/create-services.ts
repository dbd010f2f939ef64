// SPDX-License-Identifier: Apache-2.0
/**
 * The one composition root: every service, made once, wired by hand, registered with the
 * dispatcher. Both entries (Electron and browser mode) call it; nothing here imports electron.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { appContract, type AppInfo } from '../../shared/features/app/app.contract';
import { secretStorageNoticeTitle, secretStorageWarning } from '../../shared/features/app/secret-storage';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { overviewContract } from '../../shared/features/overview/overview.contract';
import { resourcesContract } from '../../shared/features/resources/resources.contract';
import { DisposableStore, type Disposable } from '../../shared/lifecycle';
import { appHandlers } from '../features/app/app.handlers';
import { clustersHandlers } from '../features/clusters/clusters.handlers';
import { gpusContract } from '../../shared/features/gpus/gpus.contract';
import { GpuSettingsStore } from '../features/gpus/gpu-settings';
import { gpusHandlers } from '../features/gpus/gpus.handlers';
import { GpusService } from '../features/gpus/gpus.service';
import { registryContract } from '../../shared/features/registry/registry.contract';
import { storageContract } from '../../shared/features/storage/storage.contract';
import { StoreClients } from '../features/storage/store-clients';
import { StoreConnectionsFile } from '../features/storage/store-connections';
import { storageHandlers } from '../features/storage/storage.handlers';
import { StorageService } from '../features/storage/storage.service';
import { StorageTransfers } from '../features/storage/storage-transfers';
import { RegistryCache } from '../features/registry/registry-cache';
import { registryHandlers } from '../features/registry/registry.handlers';
import { RegistryService } from '../features/registry/registry.service';
import { RegistrySettingsStore } from '../features/registry/registry-settings';
import { mlflowContract } from '../../shared/features/mlflow/mlflow.contract';
import { MlflowCache } from '../features/mlflow/mlflow-cache';
import { mlflowHandlers } from '../features/mlflow/mlflow.handlers';
import { MlflowService } from '../features/mlflow/mlflow.service';
import { RunsIndex } from '../features/mlflow/runs-index';
import { pipelinesContract } from '../../shared/features/pipelines/pipelines.contract';
import { PipelinesCache } from '../features/pipelines/pipelines-cache';
import { pipelinesHandlers } from '../features/pipelines/pipelines.handlers';
import { PipelinesService } from '../features/pipelines/pipelines.service';
import { PipelinesSettingsStore } from '../features/pipelines/pipelines-settings';
import { pipelineRunsContract } from '../../shared/features/pipelines/runs.contract';
import { ExperimentsService } from '../features/pipelines/experiments.service';
import { RecurringRunsService } from '../features/pipelines/recurring.service';
import { RunsCache } from '../features/pipelines/runs-cache';
import { RunsKfp } from '../features/pipelines/runs-kfp';
import { pipelineRunsHandlers } from '../features/pipelines/runs.handlers';
import { RunsService } from '../features/pipelines/runs.service';
import { runDetailsContract } from '../../shared/features/pipelines/run-details.contract';
import { RunDetailsCache } from '../features/pipelines/run-details-cache';
import { runDetailsHandlers } from '../features/pipelines/run-details.handlers';
import { RunDetailsService } from '../features/pipelines/run-details.service';
import { runArtifactsContract } from '../../shared/features/pipelines/run-artifacts.contract';
import { RunArtifactsCache } from '../features/pipelines/run-artifacts-cache';
import { runArtifactsHandlers } from '../features/pipelines/run-artifacts.handlers';
import { RunArtifactsService } from '../features/pipelines/run-artifacts.service';
import { KfpArtifactStores } from '../platform/object-store/kfp-artifact-store';
import { earlierRunsFrom } from '../platform/object-store/kfp-cached-outputs';
import { builderDraftsContract } from '../../shared/features/builder/builder-drafts.contract';
import { BuilderDraftStore } from '../features/builder/builder-draft-store';
import { builderDraftsHandlers } from '../features/builder/builder-drafts.handlers';
import { BuilderDraftsService } from '../features/builder/builder-drafts.service';
import { jobsContract } from '../../shared/features/jobs/jobs.contract';
import { katibContract } from '../../shared/features/katib/katib.contract';
import { jobsHandlers } from '../features/jobs/jobs.handlers';
import { JobsService } from '../features/jobs/jobs.service';
import { katibHandlers } from '../features/katib/katib.handlers';
import { KatibService } from '../features/katib/katib.service';
import { compareContract } from '../../shared/features/compare/compare.contract';
import { compareHandlers } from '../features/compare/compare.handlers';
import { CompareService } from '../features/compare/compare.service';
import { CompareStore } from '../features/compare/compare-store';
import { KatibTrialsSource } from '../features/compare/sources/katib-trials';
import { TrainingJobsSource } from '../features/compare/sources/training-jobs';
import { MlflowRunsSource } from '../features/compare/sources/mlflow-runs';
import { KfpRunsSource } from '../features/compare/sources/kfp-runs';
import { TrackingServers } from '../platform/mlflow/tracking-servers';
import { SavedTrackingServersFile } from '../platform/mlflow/saved-tracking-servers';
import { servingContract } from '../../shared/features/serving/serving.contract';
import { PredictorClient } from '../features/serving/predictor-client';
import { InClusterConnector } from '../platform/kube/in-cluster-connector';
import { servingHandlers } from '../features/serving/serving.handlers';
import { ServingService } from '../features/serving/serving.service';
import { notebookServersContract } from '../../shared/features/notebook-servers/notebook-servers.contract';
import { notebookServersHandlers } from '../features/notebook-servers/notebook-servers.handlers';
import { NotebookServersService } from '../features/notebook-servers/notebook-servers.service';
import { NotebookSettingsStore } from '../features/notebook-servers/notebook-settings';
import { notebooksContract } from '../../shared/features/notebooks/notebooks.contract';
import { ConnectionSettingsStore } from '../features/notebooks/connection-settings';
import { Connections } from '../features/notebooks/connections';
import { KernelBridge } from '../features/notebooks/kernel-bridge';
import { notebooksHandlers } from '../features/notebooks/notebooks.handlers';
import { NotebooksService } from '../features/notebooks/notebooks.service';
import { notebookCacheOf } from '../platform/cache/cache-notebooks';
import { ClustersService, type ConfirmExecApproval } from '../features/clusters/clusters.service';
import { OverviewService } from '../features/overview/overview.service';
import { resourcesHandlers } from '../features/resources/resources.handlers';
import { ResourcesService } from '../features/resources/resources.service';
import { Dispatcher, type Publisher } from '../ipc/dispatcher';
import { ClusterRegistry } from '../platform/kube/cluster-registry';
import { FileExecApprovals, legacyApprovalsMessage } from '../platform/kube/exec-approvals';
import { withPluginDirs } from '../platform/kube/exec-command';
import { ExecCredentialRunner } from '../platform/kube/exec-credential';
import { logsContract } from '../../shared/features/logs/logs.contract';
import { snapshotsContract } from '../../shared/features/snapshots/snapshots.contract';
import { syncContract } from '../../shared/features/sync/sync.contract';
import { volumesContract } from '../../shared/features/volumes/volumes.contract';
import { tunnelsContract } from '../../shared/features/tunnels/tunnels.contract';
import { tunnelsHandlers } from '../features/tunnels/tunnels.handlers';
import { TunnelsService } from '../features/tunnels/tunnels.service';
import { tensorboardsContract } from '../../shared/features/tensorboards/tensorboards.contract';
import { tensorboardsHandlers } from '../features/tensorboards/tensorboards.handlers';
import { TensorboardsService } from '../features/tensorboards/tensorboards.service';
import { feastContract } from '../../shared/features/feast/feast.contract';
import { FeastCache } from '../features/feast/feast-cache';
import { feastHandlers } from '../features/feast/feast.handlers';
import { FeastService } from '../features/feast/feast.service';
import { FeastSettingsStore } from '../features/feast/feast-settings';
import { volumesHandlers } from '../features/volumes/volumes.handlers';
import { VolumeSessions } from '../features/volumes/volume-sessions';
import { logsHandlers } from '../features/logs/logs.handlers';
import { LogTails } from '../features/logs/log-tails';
import { SnapshotRegistry, isSnapshotId } from '../platform/snapshots/snapshot-registry';
import { snapshotsHandlers } from '../features/snapshots/snapshots.handlers';
import { SnapshotsService } from '../features/snapshots/snapshots.service';
import { SliceReader } from '../platform/sync/slice-reader';
import { syncHandlers } from '../features/sync/sync.handlers';
import { SyncService } from '../features/sync/sync.service';
import { acquireCacheLock } from '../platform/cache/cache-lock';
import { openCache } from '../platform/cache/sqlite-cache';
import { LogCapture } from '../platform/logs/log-capture';
import { tellingOnce, type SecretBox } from '../platform/secret-box';
import { SyncEngine } from '../platform/sync/sync-engine';

/** What the host gives the services. */
export interface ServiceOptions {
  dataDir: string;
  host: AppInfo['host'];
  version: string;
  /** The app's folder; a source checkout's lab kubeconfig is picked up from `.lab/` there. */
  appRoot?: string;
  publisher: Publisher;
  openExternal(url: string): Promise<boolean>;
  /** Seals secrets at rest (Electron safeStorage, see main/platform/secret-box.ts); undefined: plain 0600 files (browser mode). */
  secretBox: SecretBox | undefined;
  /** The sample workspace snapshot shipped with the app. */
  sampleSnapshot?: string;
  /** The host's final confirmation of an exec plugin approval (Electron: a native dialog); none in browser mode. */
  confirmExec?: ConfirmExecApproval;
  /** The environment kubeconfig discovery reads (KUBECONFIG); default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** The services and the dispatcher that serves them. */
export interface Services extends Disposable {
  dispatcher: Dispatcher;
  /** The one way to in-cluster servers (tests read how many forwards are open). */
  connector: InClusterConnector;
}

/** Builds every service. */
export async function createServices(opts: ServiceOptions): Promise<Services> {
  const store = new DisposableStore();
  const secretStorage = opts.secretBox?.storage ?? 'plain-file';
  const secretBox = tellingOnce(opts.secretBox, (storage) =>
    opts.publisher.publish(appContract.notice, { level: 'warning', title: secretStorageNoticeTitle, message: secretStorageWarning(storage) ?? '' }),
  );
  const approvals = new FileExecApprovals(join(opts.dataDir, 'exec-approvals.json'), {
    onLegacyDropped: (n) =>
      opts.publisher.publish(appContract.notice, { level: 'warning', title: 'Credential plugin approvals reset', message: legacyApprovalsMessage(n) }),
  });
  const execRunner = new ExecCredentialRunner({
    approvals,
    env: withPluginDirs(process.env, process.platform, homedir()),
    timeoutMs: 5 * 60_000,
    onEvent: (e) => {
      if (e.type === 'stderr') opts.publisher.publish(appContract.notice, { level: 'info', title: `Sign-in: ${e.command}`, message: e.text.slice(0, 2000) });
      if (e.type === 'finished' && !e.ok)
        opts.publisher.publish(appContract.notice, { level: 'error', title: 'Sign-in failed', message: `${e.command} did not return credentials.` });
    },
  });
  const registry = store.add(
    new ClusterRegistry({
      dataDir: opts.dataDir,
      execRunner,
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.appRoot ? { labKubeconfig: join(opts.appRoot, '.lab', 'kubeconfig') } : {}),
    }),
  );
  await registry.reload();
  // one process per cache: a second MLDeck on the same data directory is refused here
  store.add(await acquireCacheLock(opts.dataDir));
  const cache = store.add(
    await openCache({
      file: join(opts.dataDir, 'cache', 'mldeck-cache.sqlite'),
      onEvent: (e) =>
        opts.publisher.publish(appContract.notice, {
          level: 'warning',
          title: 'The offline cache was damaged',
          message:
            e.type === 'recovered'
              ? `It was moved aside to ${e.movedTo} and is being rebuilt from your clusters (${e.reason}).`
              : `It will be rebuilt at the next start (${e.reason}).`,
        }),
    }),
  );
  const snapshots = store.add(new SnapshotRegistry(opts.dataDir));
  await snapshots.restore();
  const engine = store.add(new SyncEngine(registry, cache));
  const reader = new SliceReader(engine, cache, snapshots);
  const clusters = store.add(
    new ClustersService(registry, approvals, (list) => opts.publisher.publish(clustersContract.changed, list), snapshots, cache, opts.confirmExec),
  );
  const resources = new ResourcesService(registry, reader);
  const overview = new OverviewService(clusters, reader);
  const sync = store.add(new SyncService(engine, opts.publisher, { isSnapshot: isSnapshotId, read: (source) => reader.read(source) }));
  const logs = store.add(new LogCapture(registry, cache));
  const tails = store.add(new LogTails(logs, registry, opts.publisher, snapshots));
  // every in-cluster server (Prometheus, MLflow, predictors, Jupyter) is reached through this one connector
  const connector = store.add(new InClusterConnector(registry, { env: opts.env ?? process.env }));
  const gpus = store.add(new GpusService(registry, reader, cache, new GpuSettingsStore(join(opts.dataDir, 'gpu-settings.json')), connector));
  const snapshotService = new SnapshotsService(cache, reader, clusters, registry, snapshots, opts.dataDir, opts.sampleSnapshot);

  const dispatcher = new Dispatcher();
  dispatcher.register(
    appContract,
    appHandlers({ version: opts.version, host: opts.host, dataDir: opts.dataDir, platform: process.platform, secretStorage }, opts.openExternal),
  );
  dispatcher.register(clustersContract, clustersHandlers(clusters));
  dispatcher.register(resourcesContract, resourcesHandlers(resources, clusters));
  dispatcher.register(jobsContract, jobsHandlers(new JobsService(registry)));
  dispatcher.register(katibContract, katibHandlers(new KatibService(registry, logs, engine)));
  dispatcher.register(gpusContract, gpusHandlers(gpus));
  const registryCache = store.add(new RegistryCache(join(opts.dataDir, 'cache', 'registry-cache.sqlite')));
  const models = store.add(
    new RegistryService(registry, new RegistrySettingsStore(join(opts.dataDir, 'mlflow-settings.json'), secretBox), registryCache, connector),
  );
  dispatcher.register(registryContract, registryHandlers(models));
  // MLflow experiments and runs of every tracking server MLDeck knows; runs kept in a local index
  const savedTrackingServers = new SavedTrackingServersFile(join(opts.dataDir, 'mlflow-servers.json'), secretBox);
  const mlflowServers = store.add(
    new TrackingServers(registry, new RegistrySettingsStore(join(opts.dataDir, 'mlflow-settings.json'), secretBox), connector, savedTrackingServers),
  );
  const mlflowRunsIndex = store.add(new RunsIndex(join(opts.dataDir, 'cache', 'mlflow-runs.sqlite')));
  const mlflowCache = store.add(new MlflowCache(join(opts.dataDir, 'cache', 'mlflow-cache.sqlite')));
  dispatcher.register(mlflowContract, mlflowHandlers(store.add(new MlflowService(mlflowServers, mlflowRunsIndex, mlflowCache))));
  dispatcher.register(servingContract, servingHandlers(new ServingService(registry), new PredictorClient(registry, connector)));
  dispatcher.register(
    notebookServersContract,
    notebookServersHandlers(new NotebookServersService(registry, new NotebookSettingsStore(join(opts.dataDir, 'notebook-settings.json')))),
  );
  const notebookConnectionSettings = new ConnectionSettingsStore(join(opts.dataDir, 'notebook-connections.json'), secretBox);
  const notebookConnections = store.add(new Connections(registry, notebookConnectionSettings, opts.publisher, connector));
  const notebookFiles = new NotebooksService(notebookConnections, notebookCacheOf(cache));
  const notebookKernels = store.add(new KernelBridge(notebookConnections, opts.publisher, (conn, path) => notebookFiles.keptKernelName(conn.ref, path)));
  dispatcher.register(notebooksContract, notebooksHandlers(notebookConnections, notebookFiles, notebookKernels, notebookConnectionSettings));
  store.add({ dispose: dispatcher.onClientGone((id) => notebookKernels.clientGone(id)) });
  store.add({ dispose: dispatcher.onClientGone((id) => notebookConnections.clientGone(id)) });
  // KFP through the cluster's Kubeflow gateway (the notebooks' per-cluster setting) or a port-forward
  const pipelinesCache = store.add(new PipelinesCache(join(opts.dataDir, 'cache', 'pipelines-cache.sqlite')));
  const pipelinesSettings = new PipelinesSettingsStore(join(opts.dataDir, 'kfp-settings.json'));
  const pipelines = store.add(new PipelinesService(registry, pipelinesSettings, pipelinesCache, connector, notebookConnectionSettings));
  dispatcher.register(pipelinesContract, pipelinesHandlers(pipelines));
  // KFP runs, experiments and recurring runs: the same connection rules, their own kept rows
  const runsCache = store.add(new RunsCache(join(opts.dataDir, 'cache', 'pipeline-run-lists-cache.sqlite')));
  const runsKfp = store.add(new RunsKfp(registry, pipelinesSettings, runsCache, connector, notebookConnectionSettings));
  const runsService = new RunsService(runsKfp);
  dispatcher.register(pipelineRunsContract, pipelineRunsHandlers(runsService, new ExperimentsService(runsKfp), new RecurringRunsService(runsKfp)));
  // a pipeline's earlier runs: where a task KFP served from its cache took its outputs from
  const earlierRuns = earlierRunsFrom((req) => runsService.list(req));
  // a run's page: its tasks on the graph, a task's drawer and artifacts, kept for offline use
  const runDetailsCache = store.add(new RunDetailsCache(join(opts.dataDir, 'cache', 'pipeline-runs-cache.sqlite')));
  const runDetails = store.add(new RunDetailsService(registry, pipelinesSettings, runDetailsCache, connector, notebookConnectionSettings, logs));
  dispatcher.register(runDetailsContract, runDetailsHandlers(runDetails));
  // a task's artifacts, read from KFP's artifact store of the run's namespace and kept with their date
  const runArtifactsCache = store.add(new RunArtifactsCache(join(opts.dataDir, 'cache', 'pipeline-artifacts-cache.sqlite')));
  const kfpStores = store.add(new KfpArtifactStores(registry, connector));
  dispatcher.register(runArtifactsContract, runArtifactsHandlers(new RunArtifactsService(runDetails, kfpStores, runArtifactsCache, earlierRuns)));
  // the builder's drafts: user work, beside (not in) the caches
  const builderDrafts = store.add(new BuilderDraftStore(join(opts.dataDir, 'builder-drafts.sqlite')));
  dispatcher.register(builderDraftsContract, builderDraftsHandlers(new BuilderDraftsService(builderDrafts)));
  // object storage: stores found in clusters, saved connections (sealed), the browser's calls and transfers
  const storageConnections = new StoreConnectionsFile(join(opts.dataDir, 'storage-connections.json'), secretBox);
  const storageClients = store.add(new StoreClients(registry, connector, storageConnections, opts.env ?? process.env));
  const storageTransfers = store.add(new StorageTransfers(opts.publisher));
  dispatcher.register(
    storageContract,
    storageHandlers(new StorageService(registry, storageConnections, storageClients, opts.env ?? process.env), storageClients, storageTransfers),
  );
  store.add({ dispose: dispatcher.onClientGone((id) => storageTransfers.clientGone(id)) });
  dispatcher.register(overviewContract, { get: ({ clusterId }) => overview.get(clusterId) });
  dispatcher.register(syncContract, syncHandlers(sync));
  const volumeSessions = store.add(new VolumeSessions(registry, { stateFile: join(opts.dataDir, 'volume-sessions.json'), connector }));
  // browser pods a quit or crash left behind are deleted once their cluster answers
  void volumeSessions.removeLeftovers();
  dispatcher.register(volumesContract, volumesHandlers(volumeSessions));
  const tunnels = store.add(new TunnelsService(registry, connector, opts.dataDir));
  dispatcher.register(tunnelsContract, tunnelsHandlers(tunnels));
  dispatcher.register(tensorboardsContract, tensorboardsHandlers(new TensorboardsService(registry, tunnels)));
  const feastCache = store.add(new FeastCache(join(opts.dataDir, 'cache', 'feast-cache.sqlite')));
  const feastSettings = new FeastSettingsStore(join(opts.dataDir, 'feast-settings.json'));
  dispatcher.register(feastContract, feastHandlers(store.add(new FeastService(registry, feastSettings, feastCache, connector, { stores: kfpStores }))));
  dispatcher.register(snapshotsContract, snapshotsHandlers(snapshotService));
  dispatcher.register(logsContract, logsHandlers(logs, snapshots, tails));
  store.add({ dispose: dispatcher.onClientGone((id) => tails.clientGone(id)) });
  store.add({ dispose: dispatcher.onClientGone((id) => sync.clientGone(id)) });
  // comparing runs from every source; saved comparisons and the runs as last read beside the caches
  const compareStore = store.add(new CompareStore(join(opts.dataDir, 'comparisons.sqlite')));
  dispatcher.register(
    compareContract,
    compareHandlers(
      new CompareService(compareStore, {
        katib: new KatibTrialsSource(registry, new KatibService(registry, logs, engine)),
        job: new TrainingJobsSource(registry, logs),
        kfp: new KfpRunsSource(registry, runDetails, kfpStores, earlierRuns),
        // its own connections to every cluster's MLflow, as the registry's settings say, and to the saved servers
        mlflow: new MlflowRunsSource(
          store.add(
            new TrackingServers(registry, new RegistrySettingsStore(join(opts.dataDir, 'mlflow-settings.json'), secretBox), connector, savedTrackingServers),
          ),
        ),
      }),
    ),
  );
  return { dispatcher, connector, dispose: () => store.dispose() };
}
