// SPDX-License-Identifier: Apache-2.0
/**
 * The kinds the navigation knows, grouped by what an ML engineer does with them. A kind is
 * shown only when the current cluster serves it (from discovery), so there are no dead links.
 */
import type { RouteKind } from '../../app/router';

/** A kind in the navigation. */
export interface CatalogKind extends RouteKind {
  kind: string;
  title: string;
  namespaced: boolean;
}

/** A navigation section. */
export interface CatalogSection {
  title: string;
  kinds: CatalogKind[];
}

const k = (group: string, version: string, resource: string, kind: string, title: string, namespaced = true): CatalogKind => ({
  group,
  version,
  resource,
  kind,
  title,
  namespaced,
});

/** Every section, in order. */
export const catalog: CatalogSection[] = [
  {
    title: 'Cluster',
    kinds: [
      k('', 'v1', 'nodes', 'Node', 'Nodes', false),
      k('', 'v1', 'namespaces', 'Namespace', 'Namespaces', false),
      k('kubeflow.org', 'v1', 'profiles', 'Profile', 'Profiles', false),
      k('', 'v1', 'events', 'Event', 'Events'),
    ],
  },
  {
    title: 'Training',
    kinds: [
      k('kubeflow.org', 'v1', 'pytorchjobs', 'PyTorchJob', 'PyTorchJobs'),
      k('kubeflow.org', 'v1', 'tfjobs', 'TFJob', 'TFJobs'),
      k('kubeflow.org', 'v1', 'mpijobs', 'MPIJob', 'MPIJobs (v1)'),
      k('kubeflow.org', 'v2beta1', 'mpijobs', 'MPIJob', 'MPIJobs (v2beta1)'),
      k('kubeflow.org', 'v1', 'xgboostjobs', 'XGBoostJob', 'XGBoostJobs'),
      k('kubeflow.org', 'v1', 'mxjobs', 'MXJob', 'MXJobs'),
      k('kubeflow.org', 'v1', 'paddlejobs', 'PaddleJob', 'PaddleJobs'),
      k('kubeflow.org', 'v1', 'jaxjobs', 'JAXJob', 'JAXJobs'),
      k('trainer.kubeflow.org', 'v1alpha1', 'trainjobs', 'TrainJob', 'TrainJobs'),
    ],
  },
  {
    title: 'Tuning',
    kinds: [k('kubeflow.org', 'v1beta1', 'experiments', 'Experiment', 'Experiments'), k('kubeflow.org', 'v1beta1', 'trials', 'Trial', 'Trials')],
  },
  {
    title: 'Notebooks',
    kinds: [k('kubeflow.org', 'v1', 'notebooks', 'Notebook', 'Notebook servers'), k('kubeflow.org', 'v1alpha1', 'poddefaults', 'PodDefault', 'PodDefaults')],
  },
  {
    title: 'Serving',
    kinds: [
      k('serving.kserve.io', 'v1beta1', 'inferenceservices', 'InferenceService', 'InferenceServices'),
      k('serving.kserve.io', 'v1alpha1', 'servingruntimes', 'ServingRuntime', 'Serving runtimes'),
    ],
  },
  {
    title: 'Workloads',
    kinds: [
      k('', 'v1', 'pods', 'Pod', 'Pods'),
      k('batch', 'v1', 'jobs', 'Job', 'Jobs'),
      k('apps', 'v1', 'deployments', 'Deployment', 'Deployments'),
      k('', 'v1', 'services', 'Service', 'Services'),
      k('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', 'Volumes (PVCs)'),
      k('', 'v1', 'configmaps', 'ConfigMap', 'ConfigMaps'),
    ],
  },
];

/** The key of a kind, for lookups. */
export function kindKey(k: RouteKind): string {
  return `${k.group}/${k.version}/${k.resource}`;
}

/** Finds a catalog kind by its route kind. */
export function findKind(k: RouteKind): CatalogKind | undefined {
  const key = kindKey(k);
  for (const s of catalog) for (const c of s.kinds) if (kindKey(c) === key) return c;
  return undefined;
}
