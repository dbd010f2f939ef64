// SPDX-License-Identifier: Apache-2.0
/**
 * What stands for a driven pod's server: each pod a controller made gets a KWOK `PortForward`
 * (owned by the pod, so it goes with it) from the container's port to the process playing it on
 * 127.0.0.1. Used by the pvcviewer and Tensorboard controllers.
 */
import { core, type KObject, type Kube, type Resource } from '../controllers/kube.ts';

/** KWOK's PortForward resource. */
export const portForwards: Resource = { group: 'kwok.x-k8s.io', version: 'v1alpha1', plural: 'portforwards', namespaced: true };

/**
 * Forwards `podPort` of every pod in `namespace` matching `labelSelector` to 127.0.0.1:`port`.
 * @param podPort - the container's port (what a port-forward to the pod or its Service asks for)
 * @param port - where the process playing the pod listens
 */
export async function forwardPods(kube: Kube, namespace: string, labelSelector: string, podPort: number, port: number): Promise<void> {
  const pods = await kube.list<KObject>(core.pods, { namespace, labelSelector });
  for (const pod of pods) {
    await kube.apply(portForwards, {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'PortForward',
      metadata: {
        name: pod.metadata.name,
        namespace,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid ?? '' }],
      },
      spec: { forwards: [{ ports: [podPort], target: { address: '127.0.0.1', port } }] },
    });
  }
}
