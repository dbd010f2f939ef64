// SPDX-License-Identifier: Apache-2.0
/**
 * An in-cluster Prometheus as kube-prometheus installs it: namespace `monitoring`, Service
 * `prometheus-k8s` (port 9090 named `web`) and its pod `prometheus-k8s-0`. The pod is a KWOK
 * pod; the lab's ClusterPortForward sends port 9090 of any pod to the lab's Prometheus, so a
 * port-forward to this pod reaches real DCGM series. Both clusters get one.
 */
import type { Manifest } from '../controllers/kube.ts';

/** The namespace, Service and pod of the in-cluster Prometheus. */
export const prometheusInCluster = { namespace: 'monitoring', service: 'prometheus-k8s', pod: 'prometheus-k8s-0', port: 9090 } as const;

const selector = { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'k8s', 'app.kubernetes.io/component': 'prometheus' };

/** The manifests, in creation order (namespace first). */
export function monitoringManifests(): Manifest[] {
  const { namespace, service, pod, port } = prometheusInCluster;
  const seed = { 'mldeck.dev/seed': 'workloads' };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: seed } },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: service, namespace, labels: { ...selector, ...seed } },
      spec: { selector, ports: [{ name: 'web', port, targetPort: 'web', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: pod, namespace, labels: { ...selector, ...seed, 'statefulset.kubernetes.io/pod-name': pod } },
      spec: {
        containers: [
          {
            name: 'prometheus',
            image: 'quay.io/prometheus/prometheus:v3.5.0',
            args: ['--config.file=/etc/prometheus/config_out/prometheus.env.yaml', '--storage.tsdb.retention.time=24h', '--web.listen-address=:9090'],
            ports: [{ name: 'web', containerPort: port, protocol: 'TCP' }],
            resources: { requests: { cpu: '200m', memory: '400Mi' } },
          },
        ],
        nodeSelector: { type: 'kwok' },
      },
    },
  ];
}
