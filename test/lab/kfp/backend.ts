// SPDX-License-Identifier: Apache-2.0
/**
 * The real Kubeflow Pipelines 2.17.0 backend of one lab cluster, as plain processes (built by
 * `build-go.sh kfp` from the vendored source): the API server (MariaDB, the lab's S3 server,
 * single-user on lab-a, multi-user on lab-b), the persistence agent (reports Workflows back to
 * the API server) and the ScheduledWorkflow controller (recurring runs). How each is run is
 * recorded in ../../shared/vendor/README.md; the lab README's KFP section sums it up.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabCluster } from '../control-plane.ts';
import { bin } from '../paths.ts';
import { peerPorts } from '../ports.ts';
import { isRunning, readPid, startProcess, waitFor } from '../process.ts';
import { errorText, probe } from '../peers/http.ts';
import { S3_ACCESS_KEY, S3_REGION, S3_SECRET_KEY, ensureBucket } from '../peers/s3.ts';
import { kfpDatabase, kfpDbUser } from './mariadb.ts';
import { applyKfpCrds, applyKfpObjects, isMultiUser, kfpSourceDir, serviceAccountToken, userIdHeader } from './manifests.ts';

/** The binaries build-go.sh makes. */
export const kfpBinaries = ['kfp-apiserver', 'kfp-persistence', 'kfp-scheduledworkflow'] as const;

/** The artifact bucket, as a real install names it. */
export const kfpBucket = 'mlpipeline';

/** Process names of one cluster's backend. */
export function kfpProcesses(c: Pick<LabCluster, 'name'>): { apiserver: string; persistence: string; scheduledworkflow: string } {
  return { apiserver: `${c.name}-kfp-apiserver`, persistence: `${c.name}-kfp-persistence`, scheduledworkflow: `${c.name}-kfp-scheduledworkflow` };
}

/** The API server's REST base URL (`/apis/v2beta1/…`). */
export function kfpApiUrl(c: Pick<LabCluster, 'ports'>): string {
  return `http://127.0.0.1:${c.ports.kfpHttp}`;
}

/** The folder of a cluster's KFP files: config, HOME with `.kube/config`, token. */
function kfpDir(c: LabCluster): string {
  return join(c.dir, 'kfp');
}

/** Writes the API server's config.json (from upstream's, without the MLflow plugin block). */
function writeConfig(c: LabCluster): string {
  const dir = join(kfpDir(c), 'config');
  mkdirSync(dir, { recursive: true });
  const config = {
    DBConfig: {
      MySQLConfig: {
        Host: '127.0.0.1',
        Port: String(peerPorts.mariadb),
        User: kfpDbUser.user,
        Password: kfpDbUser.password,
        DBName: kfpDatabase(c.name),
        GroupConcatMaxLen: '4194304',
      },
      ConMaxLifeTime: '120s',
    },
    ObjectStoreConfig: {
      Host: '127.0.0.1',
      Port: String(peerPorts.s3),
      Secure: false,
      Region: S3_REGION,
      AccessKey: S3_ACCESS_KEY,
      SecretAccessKey: S3_SECRET_KEY,
      BucketName: kfpBucket,
      PipelinePath: 'pipelines',
    },
    DBDriverName: 'mysql',
    ARCHIVE_CONFIG_LOG_FILE_NAME: 'main.log',
    ARCHIVE_CONFIG_LOG_PATH_PREFIX: '/artifacts',
    InitConnectionTimeout: '60s',
    // multi-user runs go to profile namespaces, whose Profile controller made `default-editor`
    DEFAULTPIPELINERUNNERSERVICEACCOUNT: isMultiUser(c) ? 'default-editor' : 'pipeline-runner',
    CacheEnabled: 'true',
    CRON_SCHEDULE_TIMEZONE: 'UTC',
    CACHE_IMAGE: 'ghcr.io/containerd/busybox',
    CACHE_NODE_RESTRICTIONS: 'false',
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  return dir;
}

/** A HOME whose `.kube/config` is the cluster's admin kubeconfig (the ScheduledWorkflow client reads only that). */
function writeHome(c: LabCluster): string {
  const home = join(kfpDir(c), 'home');
  mkdirSync(join(home, '.kube'), { recursive: true });
  copyFileSync(c.adminKubeconfig, join(home, '.kube', 'config'));
  return home;
}

async function apiHealth(c: LabCluster): Promise<{ ok: boolean; detail: string; multiUser?: boolean }> {
  const url = `${kfpApiUrl(c)}/apis/v2beta1/healthz`;
  try {
    const res = await probe(url);
    const text = await res.text();
    if (res.status !== 200) return { ok: false, detail: `${url}: HTTP ${res.status} ${text.slice(0, 200)}` };
    const h = JSON.parse(text) as { multi_user?: boolean; pipeline_store?: string };
    return { ok: true, detail: `${url}: ${h.multi_user ? 'multi-user' : 'single-user'}, store ${h.pipeline_store ?? '?'}`, multiUser: h.multi_user };
  } catch (e) {
    return { ok: false, detail: `${url}: ${errorText(e)}` };
  }
}

/** Starts the API server (or reuses a healthy one) and waits for `/apis/v2beta1/healthz`. */
async function startApiServer(c: LabCluster): Promise<void> {
  const name = kfpProcesses(c).apiserver;
  const rec = readPid(name);
  if (rec && isRunning(rec) && (await apiHealth(c)).ok) return;
  const env: NodeJS.ProcessEnv = {
    HOME: writeHome(c),
    POD_NAMESPACE: 'kubeflow',
    ML_PIPELINE_VISUALIZATIONSERVER_SERVICE_HOST: '127.0.0.1',
    ML_PIPELINE_VISUALIZATIONSERVER_SERVICE_PORT: '8888',
    MULTIUSER: String(isMultiUser(c)),
    KUBEFLOW_USERID_HEADER: userIdHeader,
    KUBEFLOW_USERID_PREFIX: '',
    // drivers and launchers are played by the lab's status driver; the images are what a real install names
    V2_DRIVER_IMAGE: 'ghcr.io/kubeflow/kfp-driver:2.17.0',
    V2_LAUNCHER_IMAGE: 'ghcr.io/kubeflow/kfp-launcher:2.17.0',
  };
  startProcess(
    name,
    bin('kfp-apiserver'),
    [
      `-config=${writeConfig(c)}`,
      `-httpPortFlag=127.0.0.1:${c.ports.kfpHttp}`,
      // the gRPC gateway dials "localhost" + this flag, so it must stay a bare ":port"
      `-rpcPortFlag=:${c.ports.kfpGrpc}`,
      `-webhookPortFlag=127.0.0.1:${c.ports.kfpWebhook}`,
      '-logtostderr',
    ],
    { env },
  );
  // the first start creates and migrates the schema
  await waitFor(name, 'GET /apis/v2beta1/healthz', async () => (await apiHealth(c)).ok, 180_000);
}

/**
 * Starts the persistence agent in its own mount namespace, where a tmpfs on /run holds the
 * service-account token at the path the agent hard-codes; the machine's /run is untouched.
 */
function startPersistenceAgent(c: LabCluster): void {
  const name = kfpProcesses(c).persistence;
  const rec = readPid(name);
  if (rec && isRunning(rec)) return;
  const tokenFile = join(kfpDir(c), 'persistenceagent-sa-token');
  writeFileSync(tokenFile, serviceAccountToken(c, 'ml-pipeline-persistenceagent'), { mode: 0o600 });
  const agent = bin('kfp-persistence');
  const args = [
    `-kubeconfig=${c.adminKubeconfig}`,
    '-mlPipelineAPIServerName=127.0.0.1',
    `-mlPipelineServiceHttpPort=${c.ports.kfpHttp}`,
    `-mlPipelineServiceGRPCPort=${c.ports.kfpGrpc}`,
    // multi-user runs live in profile namespaces; single-user runs in kubeflow
    `-namespace=${isMultiUser(c) ? '' : 'kubeflow'}`,
    '-numWorker=4',
    '-logtostderr',
  ];
  const quoted = [agent, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = [
    'set -e',
    'mount -t tmpfs tmpfs /run',
    'mkdir -p /run/secrets/kubeflow/tokens',
    `cp '${tokenFile}' /run/secrets/kubeflow/tokens/persistenceagent-sa-token`,
    `exec ${quoted}`,
  ].join('\n');
  startProcess(name, 'unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
    env: { HOME: writeHome(c), KUBECONFIG: c.adminKubeconfig },
    exec: agent,
  });
}

/** Starts the ScheduledWorkflow controller. */
function startScheduledWorkflow(c: LabCluster): void {
  const name = kfpProcesses(c).scheduledworkflow;
  const rec = readPid(name);
  if (rec && isRunning(rec)) return;
  const args = [
    `-kubeconfig=${c.adminKubeconfig}`,
    `-namespace=${isMultiUser(c) ? '' : 'kubeflow'}`,
    '-mlPipelineAPIServerName=127.0.0.1',
    `-mlPipelineServiceGRPCPort=${c.ports.kfpGrpc}`,
    `-metricsPort=${c.ports.kfpSwfMetrics}`,
    '-logtostderr',
  ];
  if (isMultiUser(c)) args.push(`-userIdentityHeader=${userIdHeader}`, '-userIdentityValue=system:serviceaccount:kubeflow:ml-pipeline-scheduledworkflow');
  startProcess(name, bin('kfp-scheduledworkflow'), args, { env: { HOME: writeHome(c), KUBECONFIG: c.adminKubeconfig } });
}

/** Checks the three binaries exist. */
export function missingKfpBinaries(): string[] {
  // the extracted source is needed too (the KFP CRDs are read from it); build-go.sh kfp restores both
  const source = existsSync(join(kfpSourceDir, 'manifests', 'kustomize', 'base', 'pipeline', 'cluster-scoped', 'viewer-crd.yaml'));
  return kfpBinaries.filter((b) => !source || !existsSync(bin(b)) || !existsSync(join(bin(b), '..', `.${b}.stamp`)));
}

/** Brings up one cluster's backend: bucket, CRDs, objects, API server, persistence agent, controller. */
export async function startKfpBackend(c: LabCluster): Promise<void> {
  await ensureBucket(kfpBucket);
  applyKfpCrds(c);
  applyKfpObjects(c);
  await startApiServer(c);
  startPersistenceAgent(c);
  startScheduledWorkflow(c);
  // both exit within a second or two when misconfigured (no token, API server unreachable)
  const p = kfpProcesses(c);
  for (const name of [p.persistence, p.scheduledworkflow]) {
    await waitFor(name, 'a running process', async () => Date.now() - Date.parse(readPid(name)?.startedAt ?? '') > 3000, 15_000);
  }
}

/** Status lines of one cluster's backend. */
export async function kfpBackendHealth(c: LabCluster): Promise<{ name: string; ok: boolean; detail: string }[]> {
  const p = kfpProcesses(c);
  const proc = (name: string): string | undefined => {
    const rec = readPid(name);
    if (!rec) return 'not started';
    if (!isRunning(rec)) return `pid ${rec.pid} is gone`;
    return undefined;
  };
  const out: { name: string; ok: boolean; detail: string }[] = [];
  const apiDead = proc(p.apiserver);
  if (apiDead) out.push({ name: p.apiserver, ok: false, detail: apiDead });
  else out.push({ name: p.apiserver, ...(await apiHealth(c)) });
  const agentDead = proc(p.persistence);
  out.push({ name: p.persistence, ok: !agentDead, detail: agentDead ?? `reporting Workflows${isMultiUser(c) ? ' in every namespace' : ' in kubeflow'}` });
  const swfDead = proc(p.scheduledworkflow);
  let swfDetail = swfDead;
  if (!swfDead) {
    try {
      const res = await probe(`http://127.0.0.1:${c.ports.kfpSwfMetrics}/metrics`);
      await res.arrayBuffer();
      swfDetail = res.ok ? `metrics :${c.ports.kfpSwfMetrics}` : `metrics :${c.ports.kfpSwfMetrics}: HTTP ${res.status}`;
    } catch (e) {
      swfDetail = `metrics :${c.ports.kfpSwfMetrics}: ${errorText(e)}`;
    }
  }
  out.push({ name: p.scheduledworkflow, ok: !swfDead && /^metrics :\d+$/.test(swfDetail ?? ''), detail: swfDetail ?? '' });
  return out;
}
