// SPDX-License-Identifier: Apache-2.0
/**
 * The real Kubeflow Training Operator v1.9.4 (built from its module by build-go.sh) run as a
 * lab process per cluster, out of cluster with the admin kubeconfig. It reconciles TFJob,
 * PyTorchJob, XGBoostJob, PaddleJob, JAXJob and (lab-a only) MPIJob v1, and validates them
 * through its admission webhook, exactly as in production.
 *
 * What a Deployment would give it, the lab provides:
 * - the empty Secret `kubeflow/training-operator-webhook-cert` that its cert-controller fills
 *   with a CA and a serving certificate for `training-operator.kubeflow.svc`;
 * - the volume mount of that Secret at `/tmp/k8s-webhook-server/serving-certs` (the path is
 *   hard-coded upstream): the lab copies the Secret's files there once it is filled;
 * - the Service `kubeflow/training-operator`, here of type ExternalName → 127.0.0.1, so the
 *   API server dials 127.0.0.1:<webhook port> and still verifies the certificate for
 *   `training-operator.kubeflow.svc` (the name it uses for service-referenced webhooks);
 * - the upstream ValidatingWebhookConfiguration (`manifests/base/webhook`, with its kustomize
 *   patch applied), pointing at that Service and the lab's webhook port.
 * Both clusters' operators share one cert directory, so lab-b's Secret is a copy of lab-a's.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { LabCluster } from '../control-plane.ts';
import { goModuleDir } from '../go-modules.ts';
import { kubectl } from '../kwok.ts';
import { bin } from '../paths.ts';
import { httpStatus, isRunning, readPid, startProcess, stopProcess, waitFor } from '../process.ts';

/** The operator's module version (must match build-go.sh). */
export const trainingOperatorVersion = 'v1.9.4';

/** Loopback ports of each cluster's operator (health probe, metrics, webhook server). */
export const trainingOperatorPorts = {
  'lab-a': { probe: 18091, metrics: 18092, webhook: 19443 },
  'lab-b': { probe: 18191, metrics: 18192, webhook: 19444 },
} as const;

/** Where controller-runtime's webhook server reads its certificate (fixed upstream). */
export const webhookCertDir = '/tmp/k8s-webhook-server/serving-certs';

const secretName = 'training-operator-webhook-cert';
const webhookConfigName = 'validator.training-operator.kubeflow.org';

/** Process name of a cluster's operator. */
export function trainingOperatorProcess(c: LabCluster): string {
  return `${c.name}-training-operator`;
}

/** The schemes each cluster enables: lab-b serves MPIJob only as v2beta1 (MPI Operator). */
function schemes(c: LabCluster): string[] {
  const all = ['tfjob', 'pytorchjob', 'xgboostjob', 'paddlejob', 'jaxjob'];
  return c.name === 'lab-a' ? [...all, 'mpijob'] : all;
}

interface WebhookConfig {
  metadata: { name: string; labels?: Record<string, string> };
  webhooks: { clientConfig: { service?: { name: string; namespace: string; path?: string; port?: number } } }[];
}

/** The upstream webhook configuration, patched as kustomize does, with the lab's port. */
function webhookConfiguration(c: LabCluster): WebhookConfig & Record<string, unknown> {
  const dir = goModuleDir('github.com/kubeflow/training-operator', trainingOperatorVersion);
  const vwc = parse(readFileSync(join(dir, 'manifests', 'base', 'webhook', 'manifests.yaml'), 'utf8')) as WebhookConfig & Record<string, unknown>;
  vwc.metadata = { name: webhookConfigName, labels: { 'control-plane': 'kubeflow-training-operator' } };
  for (const w of vwc.webhooks) {
    const svc = w.clientConfig.service;
    if (svc) Object.assign(svc, { name: 'training-operator', namespace: 'kubeflow', port: trainingOperatorPorts[c.name].webhook });
  }
  return vwc;
}

type SecretData = Record<string, string>;

function readSecret(c: LabCluster): SecretData | undefined {
  try {
    const s = JSON.parse(kubectl(c, ['-n', 'kubeflow', 'get', 'secret', secretName, '-o', 'json'])) as { data?: SecretData };
    return s.data ?? {};
  } catch {
    return undefined;
  }
}

/** Creates the Secret (empty), the ExternalName Service and the webhook configuration. */
function prepareObjects(c: LabCluster): void {
  if (!readSecret(c)) kubectl(c, ['-n', 'kubeflow', 'create', 'secret', 'generic', secretName]);
  const port = trainingOperatorPorts[c.name].webhook;
  const svc = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'training-operator', namespace: 'kubeflow', labels: { app: 'training-operator' } },
    spec: { type: 'ExternalName', externalName: '127.0.0.1', ports: [{ name: 'webhook-server', port, targetPort: port, protocol: 'TCP' }] },
  };
  const vwc = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', ...webhookConfiguration(c) };
  kubectl(
    c,
    ['apply', '--server-side', '--force-conflicts', '--field-manager=mldeck-lab', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [svc, vwc] }),
  );
}

/**
 * Gives nodes that lack it an `ephemeral-storage` capacity, as real kubelets report: the
 * MPIJob v1 launcher's `kubectl-delivery` init container requests 5Gi of it and would
 * otherwise never schedule. (seed-cluster.ts creates the nodes without it.)
 */
function ensureEphemeralStorage(c: LabCluster): void {
  const nodes = JSON.parse(kubectl(c, ['get', 'nodes', '-o', 'json'])) as {
    items: { metadata: { name: string }; status?: { capacity?: Record<string, string> } }[];
  };
  for (const n of nodes.items) {
    if (n.status?.capacity?.['ephemeral-storage']) continue;
    const patch = { status: { capacity: { 'ephemeral-storage': '500Gi' }, allocatable: { 'ephemeral-storage': '500Gi' } } };
    kubectl(c, ['patch', 'node', n.metadata.name, '--subresource=status', '--type=merge', '-p', JSON.stringify(patch)]);
  }
}

/** Makes `to`'s webhook Secret a copy of `from`'s; true when it changed. */
function copySecret(from: LabCluster, to: LabCluster): boolean {
  const src = readSecret(from);
  if (!src?.['tls.crt']) return false;
  const dst = readSecret(to);
  if (dst && ['ca.crt', 'ca.key', 'tls.crt', 'tls.key'].every((k) => dst[k] === src[k])) return false;
  const body = { apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName, namespace: 'kubeflow' }, type: 'Opaque', data: src };
  kubectl(to, ['apply', '--server-side', '--force-conflicts', '--field-manager=mldeck-lab', '-f', '-'], JSON.stringify(body));
  return true;
}

/** Plays the kubelet's secret volume: writes the Secret's files into the cert directory. */
function mountSecret(c: LabCluster): boolean {
  const data = readSecret(c);
  if (!data?.['tls.crt'] || !data['tls.key']) return false;
  mkdirSync(webhookCertDir, { recursive: true });
  for (const key of ['ca.crt', 'tls.crt', 'tls.key']) {
    const value = Buffer.from(data[key] ?? '', 'base64');
    const file = join(webhookCertDir, key);
    if (existsSync(file) && readFileSync(file).equals(value)) continue;
    writeFileSync(file, value, { mode: key.endsWith('.key') ? 0o600 : 0o644 });
  }
  return true;
}

/**
 * Starts (or reuses) the operator of a cluster and waits until its webhook is ready.
 * @param primary - the cluster whose webhook Secret the others copy (lab-a); omit for lab-a itself
 */
export async function startTrainingOperator(c: LabCluster, primary?: LabCluster): Promise<void> {
  const exe = bin('training-operator');
  if (!existsSync(exe)) throw new Error(`${exe} is missing: build it with \`bash test/lab/build/build-go.sh training-operator\``);
  const name = trainingOperatorProcess(c);
  prepareObjects(c);
  ensureEphemeralStorage(c);
  if (primary && copySecret(primary, c)) {
    const running = readPid(name);
    if (running && isRunning(running)) await stopProcess(running); // it holds stale certificates
  }
  const ports = trainingOperatorPorts[c.name];
  const dir = join(c.dir, 'training-operator');
  mkdirSync(dir, { recursive: true });
  startProcess(
    name,
    exe,
    [
      `--kubeconfig=${c.adminKubeconfig}`,
      `--metrics-bind-address=127.0.0.1:${ports.metrics}`,
      `--health-probe-bind-address=127.0.0.1:${ports.probe}`,
      `--webhook-server-port=${ports.webhook}`,
      ...schemes(c).map((s) => `--enable-scheme=${s}`),
      '--controller-threads=4',
      '--kube-api-qps=200',
      '--kube-api-burst=400',
      '--zap-devel=false',
    ],
    { cwd: dir, env: { KUBEFLOW_NAMESPACE: '', MY_POD_NAMESPACE: 'kubeflow' } },
  );
  await waitFor(name, 'its webhook certificate in the Secret', async () => mountSecret(c), 60_000);
  await waitFor(name, '/readyz (webhook serving)', async () => (await httpStatus(`http://127.0.0.1:${ports.probe}/readyz`)) === 200, 120_000);
}

/** The operator's health: its process and `/readyz`. */
export async function trainingOperatorHealth(c: LabCluster): Promise<{ name: string; ok: boolean; detail: string }> {
  const name = trainingOperatorProcess(c);
  const rec = readPid(name);
  if (!rec) return { name, ok: false, detail: 'not started' };
  if (!isRunning(rec)) return { name, ok: false, detail: `pid ${rec.pid} is gone` };
  const ports = trainingOperatorPorts[c.name];
  const code = await httpStatus(`http://127.0.0.1:${ports.probe}/readyz`).catch(() => 0);
  return {
    name,
    ok: code === 200,
    detail: code === 200 ? `real ${trainingOperatorVersion}, webhook :${ports.webhook}, ${schemes(c).join(',')}` : `readyz HTTP ${code}`,
  };
}
