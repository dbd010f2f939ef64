// SPDX-License-Identifier: Apache-2.0
/**
 * The Feast registry as a cluster sees it after an install by the Feast operator: namespace
 * `feast`, Service `feast-registry` (port 80 named `http` → the pod's port `rest`, 6572, the REST
 * registry server's default) labelled `app.kubernetes.io/name=feast`,
 * `app.kubernetes.io/component=registry`, and its KWOK pod `feast-registry-0`. A namespaced KWOK
 * `PortForward` named after the pod sends its port 6572 to the cluster's lab registry server, so
 * a port-forward through the API server reaches the real Feast REST API. Where the cluster has a
 * gRPC registry server (lab-b), the pod also has the port `grpc` 6570 (forwarded to it) and a
 * second Service `feast-registry-grpc` (port 80 named `grpc` → `grpc`) selects the same pod, as
 * the Feast operator gives one registry both a REST and a gRPC Service.
 */
import type { ClusterName } from '../control-plane.ts';
import { core, type Kube, type Manifest, type Resource } from '../controllers/kube.ts';
import { feastClusters } from './feast-repos.ts';

/** Where the registry is found in each cluster. */
export const feastInCluster = {
  namespace: 'feast',
  service: 'feast-registry',
  pod: 'feast-registry-0',
  podPort: 6572,
  servicePort: 80,
  grpcService: 'feast-registry-grpc',
  grpcPodPort: 6570,
} as const;

/** Labels of the Service, the pod and the Service's selector. */
export const feastLabels = {
  'app.kubernetes.io/name': 'feast',
  'app.kubernetes.io/instance': 'feast-registry',
  'app.kubernetes.io/component': 'registry',
  'app.kubernetes.io/managed-by': 'feast-operator',
} as const;

const portForwards: Resource = { group: 'kwok.x-k8s.io', version: 'v1alpha1', plural: 'portforwards', namespaced: true };

/** The manifests of one cluster, in apply order. */
export function feastManifests(cluster: ClusterName): { resource: Resource; manifest: Manifest }[] {
  const { namespace, service, pod, podPort, servicePort, grpcService, grpcPodPort } = feastInCluster;
  const grpcTarget = feastClusters[cluster].grpcPort;
  const selector = {
    'app.kubernetes.io/name': feastLabels['app.kubernetes.io/name'],
    'app.kubernetes.io/component': feastLabels['app.kubernetes.io/component'],
  };
  const seed = { 'mldeck.dev/seed': 'feast' };
  return [
    { resource: core.namespaces, manifest: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: seed } } },
    {
      resource: core.services,
      manifest: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: service, namespace, labels: { ...feastLabels, ...seed } },
        spec: { selector, ports: [{ name: 'http', port: servicePort, targetPort: 'rest', protocol: 'TCP' }] },
      },
    },
    ...(grpcTarget === undefined
      ? []
      : [
          {
            resource: core.services,
            manifest: {
              apiVersion: 'v1',
              kind: 'Service',
              metadata: { name: grpcService, namespace, labels: { ...feastLabels, ...seed } },
              spec: { selector, ports: [{ name: 'grpc', port: servicePort, targetPort: 'grpc', protocol: 'TCP' }] },
            },
          },
        ]),
    {
      resource: core.pods,
      manifest: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: pod, namespace, labels: { ...feastLabels, ...seed } },
        spec: {
          containers: [
            {
              name: 'registry',
              image: 'quay.io/feastdev/feature-server:0.67.0',
              command:
                grpcTarget === undefined
                  ? ['feast', 'serve_registry', '--rest-api', '--no-grpc', `--rest-port=${podPort}`]
                  : ['feast', 'serve_registry', '--rest-api', `--rest-port=${podPort}`, `--port=${grpcPodPort}`],
              ports: [
                { name: 'rest', containerPort: podPort, protocol: 'TCP' },
                ...(grpcTarget === undefined ? [] : [{ name: 'grpc', containerPort: grpcPodPort, protocol: 'TCP' }]),
              ],
              resources: { requests: { cpu: '100m', memory: '256Mi' } },
            },
          ],
          nodeSelector: { type: 'kwok' },
        },
      },
    },
    {
      resource: portForwards,
      manifest: {
        apiVersion: 'kwok.x-k8s.io/v1alpha1',
        kind: 'PortForward',
        metadata: { name: pod, namespace, labels: seed },
        spec: {
          forwards: [
            { ports: [podPort], target: { address: '127.0.0.1', port: feastClusters[cluster].restPort } },
            ...(grpcTarget === undefined ? [] : [{ ports: [grpcPodPort], target: { address: '127.0.0.1', port: grpcTarget } }]),
          ],
        },
      },
    },
  ];
}

type PodPorts = { spec?: { containers?: { ports?: { name?: string }[] }[] } };
const portNames = (p: PodPorts | Manifest | undefined) =>
  JSON.stringify(((p as PodPorts | undefined)?.spec?.containers ?? []).map((c) => (c.ports ?? []).map((x) => x.name)));

/**
 * Applies the cluster's Feast objects (server-side apply: unchanged objects stay as they are). A pod
 * made by an earlier lab with other ports is made again (a pod's containers cannot be changed).
 */
export async function applyFeastInCluster(kube: Kube, cluster: ClusterName): Promise<void> {
  for (const { resource, manifest } of feastManifests(cluster)) {
    if (resource === core.pods) {
      const have = await kube.get<PodPorts & { metadata: { name: string } }>(core.pods, manifest.metadata.namespace, manifest.metadata.name);
      if (have && portNames(have) !== portNames(manifest)) {
        await kube.delete(core.pods, manifest.metadata.namespace, manifest.metadata.name);
        for (let i = 0; i < 120 && (await kube.get(core.pods, manifest.metadata.namespace, manifest.metadata.name)); i++)
          await new Promise((r) => setTimeout(r, 250));
      }
    }
    await kube.apply(resource, manifest);
  }
}

/** The pod's phase, or a sentence when it is missing. */
export async function feastPodPhase(kube: Kube): Promise<string> {
  const pod = await kube.get<{ metadata: { name: string }; status?: { phase?: string } }>(core.pods, feastInCluster.namespace, feastInCluster.pod);
  return pod ? (pod.status?.phase ?? 'no phase') : 'missing';
}
