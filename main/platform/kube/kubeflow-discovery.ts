// SPDX-License-Identifier: Apache-2.0
/** Which Kubeflow parts a cluster serves, from its API resource lists. */
import type { ClusterDiscovery, KubeflowComponent } from '../../../shared/features/clusters/clusters.contract';
import type { ApiResourceInfo } from '../../../shared/features/resources/resources.contract';

/** Each component: the group/version and the resources that prove it is installed. */
export const componentSignatures: { component: KubeflowComponent; group: string; version: string; resources: string[] }[] = [
  {
    component: 'training-v1',
    group: 'kubeflow.org',
    version: 'v1',
    resources: ['pytorchjobs', 'tfjobs', 'mpijobs', 'xgboostjobs', 'mxjobs', 'paddlejobs', 'jaxjobs'],
  },
  { component: 'trainer-v2', group: 'trainer.kubeflow.org', version: 'v1alpha1', resources: ['trainjobs', 'trainingruntimes', 'clustertrainingruntimes'] },
  { component: 'katib', group: 'kubeflow.org', version: 'v1beta1', resources: ['experiments', 'trials', 'suggestions'] },
  { component: 'kserve', group: 'serving.kserve.io', version: 'v1beta1', resources: ['inferenceservices'] },
  { component: 'notebooks', group: 'kubeflow.org', version: 'v1', resources: ['notebooks'] },
  { component: 'profiles', group: 'kubeflow.org', version: 'v1', resources: ['profiles'] },
  { component: 'mpi-v2beta1', group: 'kubeflow.org', version: 'v2beta1', resources: ['mpijobs'] },
  { component: 'pipelines', group: 'kubeflow.org', version: 'v1beta1', resources: ['scheduledworkflows', 'viewers'] },
];

/** Maps served resources to Kubeflow components. */
export function kubeflowDiscovery(clusterId: string, served: ApiResourceInfo[]): ClusterDiscovery {
  return {
    id: clusterId,
    components: componentSignatures.map((sig) => {
      const kinds = served.filter((r) => r.group === sig.group && r.version === sig.version && sig.resources.includes(r.resource)).map((r) => r.kind);
      return { component: sig.component, served: kinds.length > 0, groupVersion: `${sig.group}/${sig.version}`, kinds };
    }),
  };
}
