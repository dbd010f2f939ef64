// SPDX-License-Identifier: Apache-2.0
/** Small helpers shared by the controllers' integration tests (read CRs as a client would). */
import * as k8s from '@kubernetes/client-node';
import { kubeConfig } from '../../harness/lab.ts';

/** A condition as the Kubeflow, metav1 and Knative shapes all have it. */
export interface Cond {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** A custom object with conditions in its status. */
export interface CustomObject {
  metadata: { name: string; namespace?: string; uid?: string };
  spec?: Record<string, unknown>;
  status?: { conditions?: Cond[] } & Record<string, unknown>;
}

/** The condition of a type (never by array position). */
export function cond(obj: CustomObject | undefined, type: string): Cond | undefined {
  return obj?.status?.conditions?.find((c) => c.type === type);
}

/** Is the condition of this type True? */
export function isTrue(obj: CustomObject | undefined, type: string): boolean {
  return cond(obj, type)?.status === 'True';
}

/** A CustomObjectsApi client for a lab context. */
export function customApi(context: 'lab-a' | 'lab-b' = 'lab-a'): k8s.CustomObjectsApi {
  return kubeConfig(context).makeApiClient(k8s.CustomObjectsApi);
}

/** A CoreV1Api client for a lab context. */
export function coreApi(context: 'lab-a' | 'lab-b' = 'lab-a'): k8s.CoreV1Api {
  return kubeConfig(context).makeApiClient(k8s.CoreV1Api);
}

/** Reads one custom object. */
export async function getObject(
  api: k8s.CustomObjectsApi,
  group: string,
  version: string,
  plural: string,
  namespace: string,
  name: string,
): Promise<CustomObject> {
  return (await api.getNamespacedCustomObject({ group, version, plural, namespace, name })) as CustomObject;
}

/** Lists custom objects in all namespaces. */
export async function listAll(api: k8s.CustomObjectsApi, group: string, version: string, plural: string): Promise<CustomObject[]> {
  const res = (await api.listClusterCustomObject({ group, version, plural })) as { items: CustomObject[] };
  return res.items;
}

/** A merge patch of a namespaced custom object. */
export async function mergePatch(
  api: k8s.CustomObjectsApi,
  group: string,
  version: string,
  plural: string,
  namespace: string,
  name: string,
  body: object,
): Promise<void> {
  await api.patchNamespacedCustomObject({ group, version, plural, namespace, name, body }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
}
