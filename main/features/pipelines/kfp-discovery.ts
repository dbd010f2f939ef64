// SPDX-License-Identifier: Apache-2.0
/**
 * Finding a cluster's KFP API server: the `ml-pipeline` Service (in `kubeflow` as every install
 * puts it, else wherever the account may list Services), its HTTP port (named `http`, or 8888),
 * the ready pod behind it, and the user id header that pod's API server reads on a multi-user
 * install (`KUBEFLOW_USERID_HEADER`/`KUBEFLOW_USERID_PREFIX` of its container, a literal or from a
 * ConfigMap; KFP's own default is Google IAP's header, Kubeflow's manifests set `kubeflow-userid`
 * without a prefix, which is what MLDeck assumes when the pod does not say).
 */
import { z } from 'zod';
import { AppError, isAppError } from '../../../shared/errors';
import type { KubeObject } from '../../../shared/kube/object';
import type { KubeHttp } from '../../platform/kube/kube-http';
import { listServicesWhereAllowed, podBehind, type ServicePort, type ServiceSpec } from '../../platform/kube/service-discovery';

/** The Service name every KFP install uses. */
export const kfpServiceName = 'ml-pipeline';

/** Where KFP's API server is, and how it reads the user. */
export interface KfpTarget {
  namespace: string;
  service: string;
  pod: string;
  podPort: number;
  userIdHeader: string;
  userIdPrefix: string;
}

type EnvVar = { name: string; value?: string; valueFrom?: { configMapKeyRef?: { name?: string; key?: string } } };
type PodEnv = { spec?: { containers?: { env?: EnvVar[] }[] } };

const ConfigMap = z.object({ data: z.record(z.string(), z.string()).optional() });

/** An env var of the pod's containers: a literal, or read from the ConfigMap it names. */
async function envOf(http: KubeHttp, namespace: string, pod: PodEnv, name: string): Promise<string | undefined> {
  const v = pod.spec?.containers?.flatMap((c) => c.env ?? []).find((e) => e.name === name);
  if (!v) return undefined;
  if (v.value !== undefined) return v.value;
  const ref = v.valueFrom?.configMapKeyRef;
  if (!ref?.name || !ref.key) return undefined;
  try {
    const cm = await http.request(
      { path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps/${encodeURIComponent(ref.name)}`, timeoutMs: 10_000 },
      ConfigMap,
    );
    return cm.data?.[ref.key];
  } catch (e) {
    if (isAppError(e) && (e.code === 'forbidden' || e.code === 'not-found')) return undefined;
    throw e;
  }
}

async function findService(http: KubeHttp, fallbackNamespaces: string[]): Promise<{ svc: KubeObject | undefined; where: string }> {
  try {
    return { svc: await http.request<KubeObject>({ path: `/api/v1/namespaces/kubeflow/services/${kfpServiceName}`, timeoutMs: 10_000 }), where: 'kubeflow' };
  } catch (e) {
    if (!isAppError(e) || (e.code !== 'not-found' && e.code !== 'forbidden')) throw e;
  }
  const listed = await listServicesWhereAllowed(http, fallbackNamespaces, 'Kubeflow Pipelines');
  const svc = listed.items
    .filter((s) => s.metadata.name === kfpServiceName)
    .sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? ''))[0];
  return { svc, where: listed.scope === 'all' ? 'every namespace' : listed.scope.join(', ') };
}

/**
 * Finds KFP's API server in a cluster.
 * @throws AppError `not-found` (not installed, in words), `unavailable` (no ready pod), others from the cluster
 */
export async function discoverKfp(http: KubeHttp, fallbackNamespaces: string[]): Promise<KfpTarget> {
  const { svc, where } = await findService(http, fallbackNamespaces);
  if (!svc)
    throw new AppError(
      'not-found',
      where === 'every namespace'
        ? `Kubeflow Pipelines is not installed in this cluster: MLDeck found no Service "${kfpServiceName}" in any namespace. If KFP is behind the Kubeflow gateway, set the gateway in the cluster's notebook connection settings.`
        : `MLDeck found no Service "${kfpServiceName}", but could only look in ${where}: your account may not read Services in kubeflow or list them in all namespaces. Set the cluster's Kubeflow gateway in its notebook connection settings to reach KFP through it.`,
      undefined,
      false,
    );
  const namespace = svc.metadata.namespace ?? 'kubeflow';
  const label = `${namespace}/${svc.metadata.name}`;
  const ports = ((svc.spec ?? {}) as ServiceSpec).ports ?? [];
  const port: ServicePort | undefined = ports.find((p) => p.name === 'http') ?? ports.find((p) => p.port === 8888) ?? ports[0];
  if (!port) throw new AppError('unavailable', `The KFP Service ${label} has no port.`, undefined, false);
  const behind = await podBehind(http, svc, port);
  if (!behind) throw new AppError('unavailable', `KFP's API server is not running: no ready pod behind the Service ${label}.`, undefined, true);
  if (!behind.podPort) throw new AppError('unavailable', `The KFP Service ${label} targets a port its pod ${behind.pod.metadata.name} does not have.`);
  const pod = behind.pod as PodEnv;
  return {
    namespace,
    service: svc.metadata.name,
    pod: behind.pod.metadata.name,
    podPort: behind.podPort,
    userIdHeader: (await envOf(http, namespace, pod, 'KUBEFLOW_USERID_HEADER')) || 'kubeflow-userid',
    userIdPrefix: (await envOf(http, namespace, pod, 'KUBEFLOW_USERID_PREFIX')) ?? '',
  };
}
