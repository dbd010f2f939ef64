// SPDX-License-Identifier: Apache-2.0
/** The shape of one driven controller inside the status driver. */
import { mapLimit, type Kube, type Resource } from './kube.ts';

/** One controller the driver plays. Each tick is level-based: read everything, fix what differs. */
export interface Reconciler {
  /** Short name, shown in the driver's health. */
  name: string;
  /** Resources that must be served for this controller to run on a cluster (else it is skipped). */
  requires: Resource[];
  /** Reconciles every object once; resolves to the number of objects looked at. */
  tick(kube: Kube): Promise<number>;
}

/** Kubeflow resources the driver reads and writes. */
export const kf = {
  mxjobs: { group: 'kubeflow.org', version: 'v1', plural: 'mxjobs', namespaced: true },
  mpijobsV2: { group: 'kubeflow.org', version: 'v2beta1', plural: 'mpijobs', namespaced: true },
  pytorchjobs: { group: 'kubeflow.org', version: 'v1', plural: 'pytorchjobs', namespaced: true },
  experiments: { group: 'kubeflow.org', version: 'v1beta1', plural: 'experiments', namespaced: true },
  trials: { group: 'kubeflow.org', version: 'v1beta1', plural: 'trials', namespaced: true },
  suggestions: { group: 'kubeflow.org', version: 'v1beta1', plural: 'suggestions', namespaced: true },
  notebooks: { group: 'kubeflow.org', version: 'v1', plural: 'notebooks', namespaced: true },
  poddefaults: { group: 'kubeflow.org', version: 'v1alpha1', plural: 'poddefaults', namespaced: true },
  trainjobs: { group: 'trainer.kubeflow.org', version: 'v1alpha1', plural: 'trainjobs', namespaced: true },
  trainingruntimes: { group: 'trainer.kubeflow.org', version: 'v1alpha1', plural: 'trainingruntimes', namespaced: true },
  clustertrainingruntimes: { group: 'trainer.kubeflow.org', version: 'v1alpha1', plural: 'clustertrainingruntimes', namespaced: false },
  jobsets: { group: 'jobset.x-k8s.io', version: 'v1alpha2', plural: 'jobsets', namespaced: true },
  inferenceservices: { group: 'serving.kserve.io', version: 'v1beta1', plural: 'inferenceservices', namespaced: true },
} as const satisfies Record<string, Resource>;

/**
 * Reconciles each object with at most `limit` in flight; one object's error does not stop the
 * others (objects of a namespace being deleted are skipped). Afterwards throws one error
 * naming how many failed and the first reason.
 */
export async function reconcileEach<T extends { metadata: { name: string; namespace?: string } }>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const errors: string[] = [];
  await mapLimit(items, limit, async (item) => {
    try {
      await fn(item);
    } catch (e) {
      // a namespace being deleted refuses new children; its objects are about to go too
      if (e instanceof Error && e.message.includes('because it is being terminated')) return;
      // an object left in a namespace that is already gone (the namespace controller can miss a
      // custom resource whose API was unavailable while it deleted, e.g. across an API server
      // restart): nothing can be made for it, and it must not make the driver look unhealthy
      if (e instanceof Error && /namespaces "[^"]+" not found/.test(e.message)) return;
      errors.push(`${item.metadata.namespace ?? ''}/${item.metadata.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  if (errors.length) throw new Error(`${errors.length} of ${items.length} failed; first: ${errors[0]}`);
}
