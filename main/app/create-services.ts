// SPDX-License-Identifier: Apache-2.0
/**
 * The one composition root: every service, made once, wired by hand, registered with the
 * dispatcher. Both entries (Electron and browser mode) call it; nothing here imports electron.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { appContract, type AppInfo } from '../../shared/features/app/app.contract';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { overviewContract } from '../../shared/features/overview/overview.contract';
import { resourcesContract } from '../../shared/features/resources/resources.contract';
import { DisposableStore, type Disposable } from '../../shared/lifecycle';
import { appHandlers } from '../features/app/app.handlers';
import { clustersHandlers } from '../features/clusters/clusters.handlers';
import { ClustersService } from '../features/clusters/clusters.service';
import { OverviewService } from '../features/overview/overview.service';
import { resourcesHandlers } from '../features/resources/resources.handlers';
import { ResourcesService } from '../features/resources/resources.service';
import { Dispatcher, type Publisher } from '../ipc/dispatcher';
import { ClusterRegistry } from '../platform/kube/cluster-registry';
import { FileExecApprovals } from '../platform/kube/exec-approvals';
import { withPluginDirs } from '../platform/kube/exec-command';
import { ExecCredentialRunner } from '../platform/kube/exec-credential';

/** What the host gives the services. */
export interface ServiceOptions {
  dataDir: string;
  host: AppInfo['host'];
  version: string;
  /** The app's folder; a source checkout's lab kubeconfig is picked up from `.lab/` there. */
  appRoot?: string;
  publisher: Publisher;
  openExternal(url: string): Promise<boolean>;
  /** Seals secrets at rest with the OS keychain (Electron safeStorage); undefined in browser mode. */
  secretBox: { seal(s: string): string; open(s: string): string } | undefined;
  /** The environment kubeconfig discovery reads (KUBECONFIG); default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** The services and the dispatcher that serves them. */
export interface Services extends Disposable {
  dispatcher: Dispatcher;
}

/** Builds every service. */
export async function createServices(opts: ServiceOptions): Promise<Services> {
  const store = new DisposableStore();
  const approvals = new FileExecApprovals(join(opts.dataDir, 'exec-approvals.json'));
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
  const clusters = store.add(new ClustersService(registry, approvals, execRunner, (list) => opts.publisher.publish(clustersContract.changed, list)));
  const resources = new ResourcesService(registry);
  const overview = new OverviewService(clusters, resources);

  const dispatcher = new Dispatcher();
  dispatcher.register(
    appContract,
    appHandlers({ version: opts.version, host: opts.host, dataDir: opts.dataDir, platform: process.platform }, opts.openExternal),
  );
  dispatcher.register(clustersContract, clustersHandlers(clusters));
  dispatcher.register(resourcesContract, resourcesHandlers(resources, clusters));
  dispatcher.register(overviewContract, { get: ({ clusterId }) => overview.get(clusterId) });
  return { dispatcher, dispose: () => store.dispose() };
}
