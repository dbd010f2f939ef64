// SPDX-License-Identifier: Apache-2.0
/**
 * The Feast registry as a cluster sees it after an install by the Feast operator: namespace
 * `feast`, Service `feast-registry` (port 80 named `http` → the pod's port `rest`, 6572, the REST
 * registry server's default) labelled `app.kubernetes.io/name=feast`,
 * `app.kubernetes.io/component=registry`, and its KWOK pod `feast-registry-0`. A namespaced KWOK
 * `PortForward` named after the pod sends its port 6572 to the cluster's lab registry server, so
 * a port-forward through the API server reaches the real Feast REST API.
 */
import type { ClusterName } from '../control-plane.ts';
import { core, type Kube, type Manifest, type Resource } from '../controllers/kube.ts';
import { feastClusters } from './feast-repos.ts';

/** Where the registry is found in each cluster. */
export const feastInCluster = { namespace: 'feast', service: 'feast-registry', pod: 'feast-registry-0', podPort: 6572, servicePort: 80 } as const;

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
  const { namespace, service, pod, podPort, servicePort } = feastInCluster;
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
              command: ['feast', 'serve_registry', '--rest-api', '--no-grpc', `--rest-port=${podPort}`],
              ports: [{ name: 'rest', containerPort: podPort, protocol: 'TCP' }],
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
        spec: { forwards: [{ ports: [podPort], target: { address: '127.0.0.1', port: feastClusters[cluster].restPort } }] },
      },
    },
  ];
}

/** Applies the cluster's Feast objects (server-side apply: unchanged objects stay as they are). */
export async function applyFeastInCluster(kube: Kube, cluster: ClusterName): Promise<void> {
  for (const { resource, manifest } of feastManifests(cluster)) await kube.apply(resource, manifest);
}

/** The pod's phase, or a sentence when it is missing. */
export async function feastPodPhase(kube: Kube): Promise<string> {
  const pod = await kube.get<{ metadata: { name: string }; status?: { phase?: string } }>(core.pods, feastInCluster.namespace, feastInCluster.pod);
  return pod ? (pod.status?.phase ?? 'no phase') : 'missing';
}
