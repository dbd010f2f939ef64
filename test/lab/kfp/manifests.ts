// SPDX-License-Identifier: Apache-2.0
/**
 * The Kubernetes objects a Kubeflow Pipelines install puts in a cluster, as the lab needs them:
 * the CRDs (Argo `Workflow` from the argo-workflows module, `ScheduledWorkflow` and `Viewer`
 * from the KFP source), the service accounts and RBAC of the backend, the user-facing
 * aggregated roles (`pipelines.kubeflow.org` into admin/edit/view), the
 * `mlpipeline-minio-artifact` Secret, the `ml-pipeline` Service in `kubeflow` whose KWOK
 * pod forwards ports 8888/8887 to the cluster's API server process (as the lab does for MLflow),
 * and the `minio-service` Service (KFP's object store, where its launcher writes artifacts by
 * default) whose KWOK pod `minio-0` forwards port 9000 to the lab's S3.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LabCluster } from '../control-plane.ts';
import { goModuleDir } from '../go-modules.ts';
import { kubectl } from '../kwok.ts';
import { cacheDir } from '../paths.ts';
import { peerPorts } from '../ports.ts';
import { S3_ACCESS_KEY, S3_SECRET_KEY } from '../peers/s3.ts';
import { labNamespaces } from '../seed-cluster.ts';

/** The Argo Workflows module whose CRD KFP 2.17.0 is built against (its go.mod pins it). */
export const argoModule = { module: 'github.com/argoproj/argo-workflows/v4', version: 'v4.0.5' } as const;

/** Where build-go.sh extracts the KFP source (its manifests hold the KFP CRDs). */
export const kfpSourceDir = join(cacheDir, 'build', 'kfp');

/** Is lab-b's install multi-user (profiles, `kubeflow-userid`, SubjectAccessReview)? lab-a is single-user. */
export function isMultiUser(c: Pick<LabCluster, 'name'>): boolean {
  return c.name === 'lab-b';
}

/** The header the multi-user API server reads the user from (no prefix, as Kubeflow's manifests set it). */
export const userIdHeader = 'kubeflow-userid';

/** The CRD files (absolute paths). */
export function kfpCrdFiles(): string[] {
  const files = [
    join(goModuleDir(argoModule.module, argoModule.version), 'manifests', 'base', 'crds', 'full', 'argoproj.io_workflows.yaml'),
    ...['scheduled-workflow-crd.yaml', 'viewer-crd.yaml'].map((f) => join(kfpSourceDir, 'manifests', 'kustomize', 'base', 'pipeline', 'cluster-scoped', f)),
  ];
  for (const f of files) if (!existsSync(f)) throw new Error(`KFP CRD file missing: ${f} (run: bash test/lab/build/build-go.sh kfp)`);
  return files;
}

/** Applies the CRDs server-side (the Workflow CRD's last-applied annotation would be too long) and waits for them. */
export function applyKfpCrds(c: LabCluster): void {
  const crds = ['workflows.argoproj.io', 'scheduledworkflows.kubeflow.org', 'viewers.kubeflow.org'];
  // read as JSON: a jsonpath filter fails outright on a CRD made a moment ago (no conditions yet)
  const established = (): Set<string> => {
    type Crd = { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] | null } };
    const out = kubectl(c, ['get', 'crd', ...crds, '--ignore-not-found', '-o', 'json']).trim();
    const got = out ? (JSON.parse(out) as Crd & { items?: Crd[] }) : undefined;
    // a List, or one object when only one of them exists
    const items = got ? (got.items ?? (got.metadata ? [got] : [])) : [];
    return new Set(items.filter((i) => (i.status?.conditions ?? []).some((k) => k.type === 'Established' && k.status === 'True')).map((i) => i.metadata.name));
  };

  let ready = established();
  // the pinned files do not change, so CRDs that exist are kept (the Workflow CRD takes seconds to apply)
  if (ready.size < crds.length) kubectl(c, ['apply', '--server-side', '--force-conflicts', ...kfpCrdFiles().flatMap((f) => ['-f', f])]);
  // polled rather than `kubectl wait`, which fails outright while a new CRD has no conditions yet
  const deadline = Date.now() + 60_000;
  while ((ready = established()).size < crds.length) {
    if (Date.now() > deadline) throw new Error(`${c.name}: CRDs not Established after 60 s: ${crds.filter((n) => !ready.has(n)).join(', ')}`);
    execFileSync('sleep', ['0.5']);
  }
}

type Obj = Record<string, unknown>;

const ns = 'kubeflow';
const sa = (name: string, namespace = ns): Obj => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
const clusterRole = (name: string, rules: Obj[], labels: Record<string, string> = {}): Obj => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name, labels },
  rules,
});
const bindSa = (role: string, account: string): Obj => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: role },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects: [{ kind: 'ServiceAccount', name: account, namespace: ns }],
});

/** The user-facing resources of `pipelines.kubeflow.org` (as the upstream aggregated roles list them). */
const kfpResources = ['pipelines', 'pipelines/versions', 'experiments', 'runs', 'jobs', 'recurringruns', 'viewers', 'visualizations'];

/** Service accounts, RBAC and the artifact Secret. */
function accessObjects(c: LabCluster): Obj[] {
  const secret = (namespace: string): Obj => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'mlpipeline-minio-artifact', namespace, labels: { 'application-crd-id': 'kubeflow-pipelines' } },
    type: 'Opaque',
    stringData: { accesskey: S3_ACCESS_KEY, secretkey: S3_SECRET_KEY },
  });
  const objs: Obj[] = [
    sa('ml-pipeline'),
    sa('ml-pipeline-persistenceagent'),
    sa('ml-pipeline-scheduledworkflow'),
    sa('pipeline-runner'),
    clusterRole('ml-pipeline-persistenceagent-role', [
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['kubeflow.org'], resources: ['scheduledworkflows'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['pipelines.kubeflow.org'], resources: ['scheduledworkflows', 'workflows'], verbs: ['report'] },
      { apiGroups: ['pipelines.kubeflow.org'], resources: ['runs'], verbs: ['reportMetrics', 'readArtifact'] },
    ]),
    bindSa('ml-pipeline-persistenceagent-role', 'ml-pipeline-persistenceagent'),
    clusterRole('ml-pipeline-scheduledworkflow-role', [
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
      {
        apiGroups: ['kubeflow.org'],
        resources: ['scheduledworkflows', 'scheduledworkflows/finalizers'],
        verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'],
      },
      { apiGroups: ['pipelines.kubeflow.org'], resources: ['runs', 'jobs', 'recurringruns'], verbs: ['create', 'get', 'list'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    ]),
    bindSa('ml-pipeline-scheduledworkflow-role', 'ml-pipeline-scheduledworkflow'),
    clusterRole('kubeflow-pipelines-edit', [{ apiGroups: ['pipelines.kubeflow.org'], resources: kfpResources, verbs: ['*'] }], {
      'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
      'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
    }),
    clusterRole('kubeflow-pipelines-view', [{ apiGroups: ['pipelines.kubeflow.org'], resources: kfpResources, verbs: ['get', 'list'] }], {
      'rbac.authorization.k8s.io/aggregate-to-view': 'true',
    }),
    secret(ns),
  ];
  if (isMultiUser(c)) {
    for (const p of labNamespaces[c.name]) {
      // what the Profile controller and KFP's profile controller put in each profile namespace
      objs.push(secret(p.name), {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'namespaceAdmin', namespace: p.name, annotations: { role: 'admin', user: p.owner } },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: p.owner }],
      });
    }
  }
  return objs;
}

/** The `ml-pipeline` Service and its KWOK pod, with the PortForward that sends its ports to the API server process. */
function serviceObjects(c: LabCluster): Obj[] {
  const labels = { app: 'ml-pipeline', 'app.kubernetes.io/component': 'ml-pipeline', 'app.kubernetes.io/name': 'kubeflow-pipelines' };
  const pod = 'ml-pipeline-0';
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ml-pipeline', namespace: ns, labels },
      spec: {
        selector: { app: 'ml-pipeline' },
        ports: [
          { name: 'http', port: 8888, targetPort: 8888, protocol: 'TCP' },
          { name: 'grpc', port: 8887, targetPort: 8887, protocol: 'TCP' },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: pod, namespace: ns, labels },
      spec: {
        serviceAccountName: 'ml-pipeline',
        nodeSelector: { type: 'kwok' },
        containers: [
          {
            name: 'ml-pipeline-api-server',
            image: 'ghcr.io/kubeflow/kfp-api-server:2.17.0',
            ports: [
              { name: 'http', containerPort: 8888, protocol: 'TCP' },
              { name: 'grpc', containerPort: 8887, protocol: 'TCP' },
            ],
            resources: { requests: { cpu: '250m', memory: '500Mi' } },
          },
        ],
      },
    },
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'PortForward',
      metadata: { name: pod, namespace: ns },
      spec: {
        forwards: [
          { ports: [8888], target: { address: '127.0.0.1', port: c.ports.kfpHttp } },
          { ports: [8887], target: { address: '127.0.0.1', port: c.ports.kfpGrpc } },
        ],
      },
    },
  ];
}

/** KFP's object store as an install has it: `minio-service:9000` in `kubeflow`, its KWOK pod forwarding to the lab's S3. */
function objectStoreObjects(): Obj[] {
  const labels = { app: 'minio', 'application-crd-id': 'kubeflow-pipelines' };
  const pod = 'minio-0';
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'minio-service', namespace: ns, labels },
      spec: { selector: { app: 'minio' }, ports: [{ name: 'http', port: 9000, targetPort: 9000, protocol: 'TCP' }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: pod, namespace: ns, labels },
      spec: {
        nodeSelector: { type: 'kwok' },
        containers: [{ name: 'minio', image: 'minio/minio:RELEASE.2025-04-22T22-12-26Z', ports: [{ name: 'http', containerPort: 9000, protocol: 'TCP' }] }],
      },
    },
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'PortForward',
      metadata: { name: pod, namespace: ns },
      spec: { forwards: [{ ports: [9000], target: { address: '127.0.0.1', port: peerPorts.s3 } }] },
    },
  ];
}

/** Applies every KFP object of a cluster (server-side apply; idempotent). */
export function applyKfpObjects(c: LabCluster): void {
  const items = [...accessObjects(c), ...serviceObjects(c), ...objectStoreObjects()];
  kubectl(
    c,
    ['apply', '--server-side', '--force-conflicts', '--field-manager=mldeck-lab', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items }),
  );
}

/** A token of a `kubeflow` service account with the audience KFP's TokenReview expects. */
export function serviceAccountToken(c: LabCluster, account: string): string {
  return kubectl(c, ['-n', ns, 'create', 'token', account, '--audience=pipelines.kubeflow.org', '--duration=720h']).trim();
}
