// SPDX-License-Identifier: Apache-2.0
/**
 * Driven KServe InferenceService controller in Serverless (Knative) mode, with Knative
 * Serving's part played too. Each change of `spec.predictor` (other than
 * `canaryTrafficPercent`) creates a revision `<name>-predictor-0000N`, run as a Deployment
 * `<revision>-deployment` (the real kube-controller-manager makes its pods; KWOK runs them;
 * port 8080 forwards to the lab's KServe inference server). Traffic follows
 * `ksvc_reconciler.go` (canary split between the latest ready revision and the latest
 * rolled-out one under tag `prev`) and the revision bookkeeping follows `PropagateStatus`
 * in `inference_service_status.go` (promotion, and rollback after `canaryTrafficPercent: 0`).
 * The storage initializer is played by checking `storageUri` against the lab S3; a model that
 * cannot be loaded fails its revision (`RevisionFailed`, `modelStatus.lastFailureInfo`).
 */
import { createHash } from 'node:crypto';
import { findCondition, now, sameJson, setKnativeCondition, type KnativeCondition } from './conditions.ts';
import { controllerRef, core, type KObject, type Kube, type Manifest } from './kube.ts';
import type { Container, PodTemplate } from './pods.ts';
import { kf, reconcileEach, type Reconciler } from './reconciler.ts';
import { checkStorageUri, type StorageVerdict } from './storage.ts';

/** The public domain of the lab's (simulated) ingress, as Knative's default config. */
export const ingressDomain = 'example.com';

const frameworks = ['sklearn', 'xgboost', 'lightgbm', 'tensorflow', 'pytorch', 'triton', 'onnx', 'huggingface', 'pmml', 'paddle'] as const;

/** Stock runtime (name, image) per model format, from KServe's `config/runtimes`. */
const stockRuntimes: Record<string, { name: string; image: string }> = {
  sklearn: { name: 'kserve-sklearnserver', image: 'kserve/sklearnserver:v0.16.0' },
  xgboost: { name: 'kserve-xgbserver', image: 'kserve/xgbserver:v0.16.0' },
  lightgbm: { name: 'kserve-lgbserver', image: 'kserve/lgbserver:v0.16.0' },
  tensorflow: { name: 'kserve-tensorflow-serving', image: 'tensorflow/serving:2.6.2' },
  pytorch: { name: 'kserve-torchserve', image: 'pytorch/torchserve-kfs:0.9.0' },
  triton: { name: 'kserve-tritonserver', image: 'nvcr.io/nvidia/tritonserver:23.05-py3' },
  onnx: { name: 'kserve-tritonserver', image: 'nvcr.io/nvidia/tritonserver:23.05-py3' },
  huggingface: { name: 'kserve-huggingfaceserver', image: 'kserve/huggingfaceserver:v0.16.0' },
  pmml: { name: 'kserve-pmmlserver', image: 'kserve/pmmlserver:v0.16.0' },
  paddle: { name: 'kserve-paddleserver', image: 'kserve/paddleserver:v0.16.0' },
};

interface ModelSpec extends Partial<Container> {
  modelFormat?: { name: string; version?: string };
  runtime?: string;
  storageUri?: string;
  protocolVersion?: string;
}

interface PredictorSpec {
  model?: ModelSpec;
  containers?: Container[];
  minReplicas?: number;
  canaryTrafficPercent?: number;
  [framework: string]: unknown;
}

interface TrafficTarget {
  revisionName?: string;
  percent?: number;
  latestRevision?: boolean;
  tag?: string;
  url?: string;
}

interface ComponentStatus {
  latestCreatedRevision?: string;
  latestReadyRevision?: string;
  latestRolledoutRevision?: string;
  previousRolledoutRevision?: string;
  traffic?: TrafficTarget[];
  url?: string;
  address?: { url: string };
}

interface IsvcStatus {
  observedGeneration?: number;
  conditions?: KnativeCondition[];
  url?: string;
  address?: { url: string };
  components?: { predictor?: ComponentStatus };
  modelStatus?: unknown;
  deploymentMode?: string;
  servingRuntimeName?: string;
  clusterServingRuntimeName?: string;
}

type Isvc = KObject<{ predictor: PredictorSpec }, IsvcStatus>;

interface Deployment {
  metadata: KObject['metadata'];
  spec?: { replicas?: number };
  status?: { readyReplicas?: number };
}

interface ServingRuntime {
  metadata: KObject['metadata'];
  spec?: { supportedModelFormats?: { name: string; autoSelect?: boolean }[]; containers?: Container[] };
}

interface Revision {
  name: string;
  number: number;
  hash: string;
  deployment: Deployment;
  failure?: StorageVerdict;
  ready: boolean;
}

const revLabel = 'serving.knative.dev/revision';
const hashAnno = 'mldeck.dev/predictor-hash';
const failReasonAnno = 'mldeck.dev/storage-failure-reason';
const failMessageAnno = 'mldeck.dev/storage-failure-message';

/** The model of a predictor: its format, storageUri and explicit runtime. */
function predictorModel(p: PredictorSpec): ModelSpec & { format: string } {
  if (p.model) return { ...p.model, format: p.model.modelFormat?.name ?? 'custom' };
  for (const f of frameworks) {
    const m = p[f] as ModelSpec | undefined;
    if (m) return { ...m, format: f };
  }
  const env = p.containers?.[0]?.env?.find((e) => e.name === 'STORAGE_URI')?.value;
  return { format: 'custom', storageUri: env, image: p.containers?.[0]?.image };
}

function predictorHash(p: PredictorSpec): string {
  const { canaryTrafficPercent: _ignored, ...rest } = p;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
}

function pickRuntime(
  model: ModelSpec & { format: string },
  cluster: ServingRuntime[],
  ns: ServingRuntime[],
): { name: string; image: string; clusterScoped: boolean } {
  const match = (r: ServingRuntime) =>
    model.runtime ? r.metadata.name === model.runtime : (r.spec?.supportedModelFormats ?? []).some((f) => f.name === model.format && f.autoSelect !== false);
  const own = ns.find(match);
  if (own) return { name: own.metadata.name, image: own.spec?.containers?.[0]?.image ?? '', clusterScoped: false };
  const shared = cluster.find(match);
  if (shared) return { name: shared.metadata.name, image: shared.spec?.containers?.[0]?.image ?? '', clusterScoped: true };
  const stock = stockRuntimes[model.format] ?? { name: model.runtime ?? 'custom', image: model.image ?? 'kserve/custom-model:latest' };
  return { ...stock, clusterScoped: true };
}

function revisionTemplate(isvc: Isvc, rev: string, model: ModelSpec & { format: string }, image: string): PodTemplate {
  const name = isvc.metadata.name;
  const labels = {
    'serving.kserve.io/inferenceservice': name,
    component: 'predictor',
    [revLabel]: rev,
    'serving.knative.dev/configuration': `${name}-predictor`,
    'serving.knative.dev/service': `${name}-predictor`,
    app: rev,
  };
  const kserveContainer: Container = {
    name: 'kserve-container',
    image,
    args: [`--model_name=${name}`, '--model_dir=/mnt/models', '--http_port=8080'],
    ports: [{ name: 'user-port', containerPort: 8080, protocol: 'TCP' }],
    env: [
      { name: 'PORT', value: '8080' },
      { name: 'K_REVISION', value: rev },
      { name: 'K_CONFIGURATION', value: `${name}-predictor` },
      { name: 'K_SERVICE', value: `${name}-predictor` },
    ],
    resources: model.resources ?? { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } },
    volumeMounts: model.storageUri ? [{ name: 'kserve-provision-location', mountPath: '/mnt/models', readOnly: true }] : [],
  };
  const queueProxy: Container = {
    name: 'queue-proxy',
    image: 'gcr.io/knative-releases/knative.dev/serving/cmd/queue:v1.15.2',
    ports: [
      { name: 'http-queueadm', containerPort: 8022 },
      { name: 'queue-port', containerPort: 8012 },
    ],
    resources: { requests: { cpu: '25m' } },
  };
  const spec: PodTemplate['spec'] = { containers: [kserveContainer, queueProxy], enableServiceLinks: false };
  if (model.storageUri) {
    spec.initContainers = [
      {
        name: 'storage-initializer',
        image: 'kserve/storage-initializer:v0.16.0',
        args: [model.storageUri, '/mnt/models'],
        volumeMounts: [{ name: 'kserve-provision-location', mountPath: '/mnt/models' }],
      },
    ];
    spec.volumes = [{ name: 'kserve-provision-location', emptyDir: {} }];
  }
  return {
    metadata: {
      labels,
      annotations: { 'autoscaling.knative.dev/min-scale': String(Math.max(1, (isvc.spec?.predictor.minReplicas as number | undefined) ?? 1)) },
    },
    spec,
  };
}

function toRevision(d: Deployment): Revision {
  const name = d.metadata.labels?.[revLabel] ?? '';
  const reason = d.metadata.annotations?.[failReasonAnno];
  return {
    name,
    number: Number(/-(\d+)$/.exec(name)?.[1] ?? 0),
    hash: d.metadata.annotations?.[hashAnno] ?? '',
    deployment: d,
    failure: reason ? { ok: false, reason, message: d.metadata.annotations?.[failMessageAnno] ?? '' } : undefined,
    ready: !reason && (d.status?.readyReplicas ?? 0) >= 1,
  };
}

async function createRevision(
  kube: Kube,
  isvc: Isvc,
  n: number,
  hash: string,
  model: ModelSpec & { format: string },
  image: string,
): Promise<Revision | undefined> {
  const rev = `${isvc.metadata.name}-predictor-${String(n).padStart(5, '0')}`;
  const verdict = model.format === 'custom' && !model.storageUri ? { ok: true } : await checkStorageUri(model.storageUri);
  const tpl = revisionTemplate(isvc, rev, model, image);
  const body: Manifest = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: `${rev}-deployment`,
      namespace: isvc.metadata.namespace,
      labels: tpl.metadata?.labels,
      annotations: {
        [hashAnno]: hash,
        ...(verdict.ok ? {} : { [failReasonAnno]: verdict.reason ?? 'ModelLoadFailed', [failMessageAnno]: verdict.message ?? '' }),
      },
      ownerReferences: [controllerRef(isvc)],
    },
    spec: { replicas: verdict.ok ? Math.max(1, isvc.spec?.predictor.minReplicas ?? 1) : 0, selector: { matchLabels: { [revLabel]: rev } }, template: tpl },
  };
  const made = await kube.create<Deployment>(core.deployments, body);
  if (!made) return undefined;
  await kube.event(
    isvc,
    verdict.ok ? 'Normal' : 'Warning',
    verdict.ok ? 'RevisionCreated' : 'RevisionFailed',
    verdict.ok ? `Created revision ${rev}` : `Revision ${rev} failed: ${verdict.message}`,
    'v1beta1Controllers',
  );
  return toRevision(made);
}

/** The Knative Service traffic block KServe asks for (`ksvc_reconciler.go`). */
function desiredTraffic(p: PredictorSpec, lastRolledout: string | undefined, tagRouting: boolean): TrafficTarget[] {
  const canary = p.canaryTrafficPercent;
  if (canary !== undefined && lastRolledout) {
    const out: TrafficTarget[] = [{ latestRevision: true, percent: canary, ...(tagRouting ? { tag: 'latest' } : {}) }];
    if (canary < 100) out.push({ revisionName: lastRolledout, latestRevision: false, percent: 100 - canary, tag: 'prev' });
    return out;
  }
  return [{ latestRevision: true, percent: 100, ...(tagRouting ? { tag: 'latest' } : {}) }];
}

function ready(conds: KnativeCondition[] | undefined, types: string[]): Omit<KnativeCondition, 'lastTransitionTime' | 'type'> {
  for (const t of types) {
    const c = findCondition(conds, t);
    if (c?.status !== 'True') return { status: c?.status === 'False' ? 'False' : 'Unknown', reason: c?.reason ?? `${t}NotReady`, message: c?.message };
  }
  return { status: 'True' };
}

async function reconcileIsvc(kube: Kube, isvc: Isvc, deployments: Deployment[], runtimes: { cluster: ServingRuntime[]; ns: ServingRuntime[] }): Promise<void> {
  if (isvc.metadata.deletionTimestamp || !isvc.spec?.predictor) return;
  const name = isvc.metadata.name;
  const ns = isvc.metadata.namespace ?? '';
  const p = isvc.spec.predictor;
  const model = predictorModel(p);
  const runtime = pickRuntime(model, runtimes.cluster, runtimes.ns);
  const revisions = deployments.map(toRevision).sort((a, b) => a.number - b.number);
  const hash = predictorHash(p);
  const newest = revisions.at(-1);
  if (!newest || newest.hash !== hash) {
    const made = await createRevision(kube, isvc, (newest?.number ?? 0) + 1, hash, model, runtime.image);
    if (made) revisions.push(made);
  }
  const latestCreated = revisions.at(-1);
  const latestReady = [...revisions].reverse().find((r) => r.ready);
  const prev: ComponentStatus = isvc.status?.components?.predictor ?? {};
  const tagRouting = isvc.metadata.annotations?.['serving.kserve.io/enable-tag-routing'] === 'true';
  const host = (prefix: string) => `${prefix}${name}-predictor.${ns}.${ingressDomain}`;
  // Knative resolves `latestRevision: true` to the latest ready revision
  const traffic: TrafficTarget[] = latestReady
    ? desiredTraffic(p, prev.latestRolledoutRevision, tagRouting).map((t) => {
        const resolved: TrafficTarget = { ...t, revisionName: t.latestRevision ? latestReady.name : t.revisionName };
        if (t.tag) resolved.url = `http://${host(`${t.tag}-`)}`;
        return resolved;
      })
    : [];
  // Knative Service conditions
  let ksvc: KnativeCondition[] = [];
  if (latestCreated?.failure)
    ksvc = setKnativeCondition(ksvc, {
      type: 'ConfigurationsReady',
      status: 'False',
      reason: 'RevisionFailed',
      message: `Revision "${latestCreated.name}" failed with message: ${latestCreated.failure.message}.`,
    });
  else if (latestCreated && latestCreated === latestReady) ksvc = setKnativeCondition(ksvc, { type: 'ConfigurationsReady', status: 'True' });
  else
    ksvc = setKnativeCondition(ksvc, {
      type: 'ConfigurationsReady',
      status: 'Unknown',
      reason: 'Deploying',
      message: `Revision "${latestCreated?.name ?? ''}" is deploying.`,
    });
  ksvc = latestReady
    ? setKnativeCondition(ksvc, { type: 'RoutesReady', status: 'True' })
    : setKnativeCondition(ksvc, {
        type: 'RoutesReady',
        status: latestCreated?.failure ? 'False' : 'Unknown',
        reason: 'RevisionMissing',
        message: `Configuration "${name}-predictor" is waiting for a Revision to become ready.`,
      });
  const ksvcReady = ready(ksvc, ['ConfigurationsReady', 'RoutesReady']);
  // PropagateStatus: rolled-out revision bookkeeping
  const comp: ComponentStatus = { ...prev, latestCreatedRevision: latestCreated?.name };
  const split: Record<string, number> = {};
  for (const t of traffic) if (t.revisionName) split[t.revisionName] = (split[t.revisionName] ?? 0) + (t.percent ?? 0);
  for (const t of traffic) {
    if (!latestReady || t.revisionName !== latestReady.name || !t.latestRevision) continue;
    if (comp.latestRolledoutRevision !== latestReady.name) {
      if (t.percent === 100) {
        comp.previousRolledoutRevision = comp.latestRolledoutRevision;
        comp.latestRolledoutRevision = latestReady.name;
      }
    } else if (latestReady.name === latestCreated?.name && (t.percent ?? 0) < 100 && split[t.revisionName] === 100 && comp.previousRolledoutRevision) {
      comp.latestRolledoutRevision = comp.previousRolledoutRevision;
    }
  }
  comp.latestReadyRevision = latestReady?.name;
  comp.traffic = traffic;
  if (ksvcReady.status === 'True') {
    comp.url = `http://${host('')}`;
    comp.address = { url: `http://${name}-predictor.${ns}.svc.cluster.local` };
  }
  let conds = isvc.status?.conditions;
  conds = setKnativeCondition(conds, { type: 'PredictorConfigurationReady', ...pick(ksvc, 'ConfigurationsReady') });
  conds = setKnativeCondition(conds, { type: 'PredictorRouteReady', ...pick(ksvc, 'RoutesReady') });
  conds = setKnativeCondition(conds, { type: 'PredictorReady', ...ksvcReady });
  conds = setKnativeCondition(conds, { type: 'LatestDeploymentReady', ...cross(conds, 'PredictorConfigurationReady') });
  conds = setKnativeCondition(conds, { type: 'RoutesReady', ...cross(conds, 'PredictorRouteReady') });
  conds = latestReady
    ? setKnativeCondition(conds, { type: 'IngressReady', status: 'True' })
    : setKnativeCondition(conds, {
        type: 'IngressReady',
        status: 'Unknown',
        reason: 'PredictorIngressNotCreated',
        message: 'Ingress has not been created for the predictor',
      });
  conds = setKnativeCondition(conds, { type: 'Ready', ...ready(conds, ['PredictorReady', 'IngressReady']) });
  const failed = latestCreated?.failure;
  const status: IsvcStatus = {
    observedGeneration: isvc.metadata.generation,
    conditions: conds,
    components: { predictor: dropEmpty(comp) },
    deploymentMode: 'Serverless',
    ...(runtime.clusterScoped ? { clusterServingRuntimeName: runtime.name } : { servingRuntimeName: runtime.name }),
    modelStatus: failed
      ? {
          transitionStatus: 'BlockedByFailedLoad',
          states: { activeModelState: latestReady ? 'Loaded' : 'FailedToLoad', targetModelState: 'FailedToLoad' },
          lastFailureInfo: {
            location: 'storage-initializer',
            reason: failed.reason,
            message: failed.message,
            modelRevisionName: latestCreated?.name,
            time: isvc.status?.modelStatus ? undefined : now(),
            exitCode: 1,
          },
          copies: { failedCopies: 1, totalCopies: 1 },
        }
      : latestCreated?.ready
        ? { transitionStatus: 'UpToDate', states: { activeModelState: 'Loaded', targetModelState: 'Loaded' }, copies: { failedCopies: 0, totalCopies: 1 } }
        : { transitionStatus: 'InProgress', states: { activeModelState: latestReady ? 'Loaded' : 'Pending', targetModelState: 'Loading' } },
  };
  const wasUrl = isvc.status?.url;
  if (findCondition(conds, 'Ready')?.status === 'True' || wasUrl) {
    status.url = `http://${name}.${ns}.${ingressDomain}`;
    status.address = { url: `http://${name}.${ns}.svc.cluster.local` };
  }
  if (failed && isvc.status?.modelStatus) {
    const old = (isvc.status.modelStatus as { lastFailureInfo?: { time?: string; modelRevisionName?: string } }).lastFailureInfo;
    const info = (status.modelStatus as { lastFailureInfo: { time?: string } }).lastFailureInfo;
    info.time = old?.modelRevisionName === latestCreated?.name && old?.time ? old.time : now();
  }
  if (!sameJson(status, isvc.status ?? {})) await kube.patchStatus(kf.inferenceservices, ns, name, status);
  // Knative scales revisions that get no traffic to zero
  const routed = new Set(traffic.map((t) => t.revisionName));
  for (const r of revisions) {
    const want = r.failure ? 0 : routed.has(r.name) || r === latestCreated ? Math.max(1, p.minReplicas ?? 1) : 0;
    if ((r.deployment.spec?.replicas ?? 0) !== want) await kube.patch(core.deployments, ns, r.deployment.metadata.name, { spec: { replicas: want } });
  }
}

function pick(conds: KnativeCondition[], type: string): Omit<KnativeCondition, 'type' | 'lastTransitionTime'> {
  const c = findCondition(conds, type);
  return { status: c?.status ?? 'Unknown', ...(c?.reason ? { reason: c.reason } : {}), ...(c?.message ? { message: c.message } : {}) };
}

function cross(conds: KnativeCondition[] | undefined, type: string): Omit<KnativeCondition, 'type' | 'lastTransitionTime'> {
  const c = findCondition(conds, type);
  return c?.status === 'True' ? { status: 'True' } : { status: c?.status === 'False' ? 'False' : 'Unknown', reason: `${type} not ready` };
}

function dropEmpty(c: ComponentStatus): ComponentStatus {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined && v !== '')) as ComponentStatus;
}

/** The InferenceService controller (Serverless mode). */
export const inferenceServiceReconciler: Reconciler = {
  name: 'inferenceservice',
  requires: [kf.inferenceservices],
  async tick(kube) {
    const csr = { group: 'serving.kserve.io', version: 'v1alpha1', plural: 'clusterservingruntimes', namespaced: false };
    const sr = { group: 'serving.kserve.io', version: 'v1alpha1', plural: 'servingruntimes', namespaced: true };
    const [isvcs, deps, cluster, nsRuntimes] = await Promise.all([
      kube.list<Isvc>(kf.inferenceservices),
      kube.list<Deployment>(core.deployments, { labelSelector: 'serving.kserve.io/inferenceservice' }),
      kube.list<ServingRuntime>(csr),
      kube.list<ServingRuntime>(sr),
    ]);
    await reconcileEach(isvcs, 8, async (isvc) => {
      const mine = deps.filter((d) => d.metadata.ownerReferences?.some((o) => o.uid === isvc.metadata.uid));
      const ns = nsRuntimes.filter((r) => r.metadata.namespace === isvc.metadata.namespace);
      await reconcileIsvc(kube, { ...isvc, apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService' }, mine, { cluster, ns });
    });
    return isvcs.length;
  },
};
