// SPDX-License-Identifier: Apache-2.0
/**
 * An in-cluster MLflow tracking server as a Helm chart would install it: namespace `mlflow`,
 * Service `mlflow` (port 5000 named `http`, selector `app=mlflow`) and its pod `mlflow-0`. The
 * pod is a KWOK pod; the lab's ClusterPortForward sends port 5000 of any pod to the lab's MLflow,
 * so a port-forward to this pod reaches the seeded registry. Both clusters get one.
 */
import type { Manifest } from '../controllers/kube.ts';

/** The namespace, Service and pod of the in-cluster MLflow. */
export const mlflowInCluster = { namespace: 'mlflow', service: 'mlflow', pod: 'mlflow-0', port: 5000 } as const;

/** The manifests, in creation order (namespace first). */
export function mlflowServiceManifests(): Manifest[] {
  const { namespace, service, pod, port } = mlflowInCluster;
  const seed = { 'mldeck.dev/seed': 'workloads' };
  const selector = { app: 'mlflow' };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: seed } },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: service, namespace, labels: { ...selector, 'app.kubernetes.io/name': 'mlflow', ...seed } },
      spec: { selector, ports: [{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: pod, namespace, labels: { ...selector, ...seed } },
      spec: {
        containers: [
          {
            name: 'mlflow',
            image: 'ghcr.io/mlflow/mlflow:v3.17.2',
            args: [
              'mlflow',
              'server',
              '--host=0.0.0.0',
              '--port=5000',
              '--backend-store-uri=postgresql://mlflow@mlflow-db/mlflow',
              '--artifacts-destination=s3://mlflow/artifacts',
            ],
            ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
            resources: { requests: { cpu: '250m', memory: '512Mi' } },
          },
        ],
        nodeSelector: { type: 'kwok' },
      },
    },
  ];
}
