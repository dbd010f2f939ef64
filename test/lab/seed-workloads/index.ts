// SPDX-License-Identifier: Apache-2.0
/**
 * Seeds both lab clusters with a realistic ML team's workloads (idempotent: what exists is
 * kept): training jobs of every kind in every phase, TrainJobs on stock runtimes, notebook
 * servers (running and stopped) with PodDefaults, Katib experiments, InferenceServices with
 * one mid-canary, an in-cluster Prometheus (`monitoring/prometheus-k8s`), and, with `scale`,
 * benchmark load. Needs the Training Operator (its webhook admits the v1 jobs) and the status
 * driver running, as `up()` arranges.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { clusterNames, labCluster, type ClusterName } from '../control-plane.ts';
import { Kube, mapLimit, type KObject, type Manifest, type Resource } from '../controllers/kube.ts';
import { kf } from '../controllers/reconciler.ts';
import { labUsers } from '../pki.ts';
import { labNamespaces } from '../seed-cluster.ts';
import { experiments } from './katib.ts';
import { monitoringManifests } from './monitoring.ts';
import { mlflowServiceManifests } from './mlflow-service.ts';
import { notebook, notebookPlans, podDefaults, storageClass, workspace } from './notebooks.ts';
import { seedScale } from './scale.ts';
import { canary, inferenceServices } from './serving.ts';
import { jobPlans, planKind, replicaJob, trainJob, trainJobPlans } from './training.ts';
import { clusterServingRuntimes, clusterTrainingRuntimes } from './upstream.ts';
import { seedPipelines, type PipelineSeedSummary } from '../kfp/seed.ts';

/** Options of {@link seedWorkloads}. */
export interface SeedOptions {
  /** Adds benchmark load on lab-a: scale × 20 namespaces, × 200 jobs, × 1,000 pods. */
  scale?: number;
}

/** What the seed asked for, per cluster. */
export type SeedSummary = Record<
  ClusterName,
  {
    jobs: number;
    trainJobs: number;
    notebooks: number;
    experiments: number;
    inferenceServices: number;
    scale?: Awaited<ReturnType<typeof seedScale>>;
    pipelines?: PipelineSeedSummary;
  }
>;

const csr: Resource = { group: 'serving.kserve.io', version: 'v1alpha1', plural: 'clusterservingruntimes', namespaced: false };

/** A client for a lab cluster as admin. */
export function labKube(name: ClusterName): Kube {
  const c = labCluster(name);
  return new Kube({ name, server: c.server, caFile: c.pki.caCrt, token: labUsers.admin.token });
}

/** The resource of a manifest's apiVersion/kind (plural = lower-case kind + "s"). */
function resourceOf(m: Manifest): Resource {
  const av = m.apiVersion ?? 'v1';
  const [group, version] = av.includes('/') ? (av.split('/') as [string, string]) : ['', av];
  const kind = m.kind ?? '';
  const plural =
    kind === 'PersistentVolumeClaim'
      ? 'persistentvolumeclaims'
      : kind === 'PersistentVolume'
        ? 'persistentvolumes'
        : kind === 'StorageClass'
          ? 'storageclasses'
          : `${kind.toLowerCase()}s`;
  return { group, version, plural, namespaced: m.metadata.namespace !== undefined };
}

async function createAll(kube: Kube, items: Manifest[], limit = 8): Promise<void> {
  await mapLimit(items, limit, async (m) => {
    await kube.create(resourceOf(m), m);
  });
}

/** Profile controller's per-namespace ServiceAccounts (`default-editor`, `default-viewer`). */
function profileAccounts(namespace: string): Manifest[] {
  return ['default-editor', 'default-viewer'].map((name) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } }));
}

async function seedCluster(name: ClusterName, kube: Kube): Promise<SeedSummary[ClusterName]> {
  const namespaces = labNamespaces[name].map((n) => n.name);
  await createAll(kube, [...namespaces.flatMap(profileAccounts), ...namespaces.flatMap(podDefaults), storageClass]);
  // in order: the namespace before its Service and pod
  await createAll(kube, monitoringManifests(), 1);
  await createAll(kube, mlflowServiceManifests(), 1);
  for (const rt of clusterTrainingRuntimes()) await kube.apply(kf.clustertrainingruntimes, rt);
  const nbs = notebookPlans.filter((p) => p.cluster === name);
  const volumes = nbs.map(workspace);
  await createAll(kube, [...volumes.map((v) => v.pv), ...volumes.map((v) => v.pvc)]);
  await createAll(kube, nbs.map(notebook));
  const jobs = jobPlans.filter((p) => p.cluster === name);
  await createAll(kube, jobs.map(replicaJob));
  const tjs = trainJobPlans.filter((p) => p.cluster === name);
  await createAll(kube, tjs.map(trainJob));
  const exps = experiments().filter((e) => e.cluster === name);
  await createAll(
    kube,
    exps.map((e) => e.body),
  );
  let isvcs = 0;
  if (await kube.served(kf.inferenceservices)) {
    for (const rt of clusterServingRuntimes()) await kube.apply(csr, rt);
    const list = inferenceServices();
    await createAll(kube, list);
    await startCanary(kube);
    isvcs = list.length;
  }
  return { jobs: jobs.length, trainJobs: tjs.length, notebooks: nbs.length, experiments: exps.length, inferenceServices: isvcs };
}

interface IsvcView {
  metadata: KObject['metadata'];
  spec?: { predictor?: { canaryTrafficPercent?: number; model?: { storageUri?: string } } };
  status?: { components?: { predictor?: { latestRolledoutRevision?: string } } };
}

/** Rolls `iris-canary` out at v1, then moves it to v2 at 20 % (once). */
async function startCanary(kube: Kube): Promise<void> {
  const get = () => kube.get<IsvcView & KObject>(kf.inferenceservices, canary.namespace, canary.name);
  let cur = await get();
  if (cur?.spec?.predictor?.model?.storageUri !== canary.v1) return; // already moved on
  const deadline = Date.now() + 60_000;
  while (!cur?.status?.components?.predictor?.latestRolledoutRevision) {
    if (Date.now() > deadline) throw new Error(`seed: ${canary.namespace}/${canary.name} did not roll out v1 within 60 s (is the status driver running?)`);
    await sleep(500);
    cur = await get();
  }
  await kube.patch(kf.inferenceservices, canary.namespace, canary.name, {
    spec: { predictor: { canaryTrafficPercent: canary.percent, model: { storageUri: canary.v2 } } },
  });
}

/** Seeds both clusters (idempotent); with `scale`, adds benchmark load on lab-a. */
export async function seedWorkloads(opts: SeedOptions = {}): Promise<SeedSummary> {
  const out = {} as SeedSummary;
  await Promise.all(
    clusterNames.map(async (name) => {
      const kube = labKube(name);
      try {
        out[name] = await seedCluster(name, kube);
        if (opts.scale && name === 'lab-a') out[name].scale = await seedScale(kube, opts.scale);
      } finally {
        kube.close();
      }
    }),
  );
  // Kubeflow Pipelines: through the real API servers (their own scale: N × 2,000 runs on lab-a)
  const pipelines = await seedPipelines(clusterNames.map(labCluster), { scale: opts.scale });
  for (const name of clusterNames) out[name].pipelines = pipelines[name];
  return out;
}

/** Kinds and API versions of the seeded replica jobs (for tests and status lines). */
export function seededJobKinds(): { apiVersion: string; kind: string }[] {
  return [...new Map(jobPlans.map((p) => [`${planKind(p.kind).apiVersion}/${planKind(p.kind).kind}`, planKind(p.kind)])).values()];
}
