// SPDX-License-Identifier: Apache-2.0
/**
 * Reads what {@link kfpSources} and its siblings need from a cluster: Secrets, `kfp-launcher`
 * ConfigMaps, Services, PodDefaults and MLflow server pods, in all namespaces or, where the account
 * may not list them cluster-wide, in the namespaces it may. What could not be read is said in
 * notes, never silently skipped.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { KubeObject } from '../../../shared/kube/object';
import type { KubeHttp } from '../../platform/kube/kube-http';
import { podBehind, type ServicePort } from '../../platform/kube/service-discovery';
import { dedupe, kfpSources, kserveSources, mlflowSource, podDefaultSources, reachKey, serviceSources, type StoreSource } from './store-sources';

const List = z.object({ items: z.array(z.looseObject({ metadata: z.looseObject({ name: z.string() }) })) });

/** What discovery found and what it could not read. */
export interface StoreDiscovery {
  sources: StoreSource[];
  notes: string[];
}

/**
 * Lists a kind in all namespaces, else in each fallback namespace the account may list.
 * @param path - `(ns) => path` for a namespace, `(undefined) => path` cluster-wide
 */
async function listWhereAllowed(
  http: KubeHttp,
  path: (ns: string | undefined) => string,
  namespaces: string[],
  what: string,
  notes: string[],
  query?: Record<string, string>,
): Promise<KubeObject[]> {
  try {
    return (await http.request({ path: path(undefined), query, timeoutMs: 15_000 }, List)).items as KubeObject[];
  } catch (e) {
    if (!(e instanceof AppError) || (e.code !== 'forbidden' && e.code !== 'not-found')) throw e;
    if (e.code === 'not-found') return [];
  }
  const items: KubeObject[] = [];
  const refused: string[] = [];
  for (const ns of namespaces) {
    try {
      items.push(...((await http.request({ path: path(ns), query, timeoutMs: 15_000 }, List)).items as KubeObject[]));
    } catch (e) {
      if (!(e instanceof AppError) || (e.code !== 'forbidden' && e.code !== 'not-found')) throw e;
      if (e.code === 'forbidden') refused.push(ns);
    }
  }
  notes.push(
    `Your account may not list ${what} in all namespaces; MLDeck looked in ${namespaces.filter((n) => !refused.includes(n)).join(', ') || 'no namespace'}${refused.length ? ` (refused in ${refused.join(', ')})` : ''}.`,
  );
  return items;
}

const core = (kind: string) => (ns: string | undefined) => (ns ? `/api/v1/namespaces/${encodeURIComponent(ns)}/${kind}` : `/api/v1/${kind}`);

/**
 * The stores a cluster shows, best sources first (KFP, MLflow, KServe, PodDefaults, Services).
 * @param namespaces - where to look when a kind cannot be listed cluster-wide
 */
export async function discoverStores(http: KubeHttp, namespaces: string[]): Promise<StoreDiscovery> {
  const notes: string[] = [];
  const ns = [...new Set(namespaces.filter(Boolean))];
  const secrets = (await listWhereAllowed(http, core('secrets'), ns, 'Secrets', notes)) as (KubeObject & { data?: Record<string, string> })[];
  const services = await listWhereAllowed(http, core('services'), ns, 'Services', notes);
  const configMaps = await listWhereAllowed(http, core('configmaps'), ns, 'ConfigMaps', notes, { fieldSelector: 'metadata.name=kfp-launcher' });
  const podDefaults = await listWhereAllowed(
    http,
    (n) => (n ? `/apis/kubeflow.org/v1alpha1/namespaces/${encodeURIComponent(n)}/poddefaults` : '/apis/kubeflow.org/v1alpha1/poddefaults'),
    ns,
    'PodDefaults',
    notes,
  );
  const fromPodDefaults = podDefaultSources(podDefaults, secrets, services);
  const mlflow: StoreSource[] = [];
  for (const svc of services.filter((s) => /mlflow/.test(s.metadata.name) && !/postgres|mysql|minio|db/.test(s.metadata.name))) {
    const port = ((svc.spec ?? {}) as { ports?: ServicePort[] }).ports?.[0];
    const behind = port ? await podBehind(http, svc, port, 10_000) : undefined;
    const src = behind ? mlflowSource(behind.pod as KubeObject, svc, secrets, services) : undefined;
    if (!src) continue;
    // MLflow's server often gets its S3 settings the way its clients do: from a PodDefault
    const lend = !src.reach || !src.keys ? fromPodDefaults.find((p) => p.reach && p.keys && (p.from.includes('MLflow') || p.id.includes('mlflow'))) : undefined;
    mlflow.push(
      lend
        ? { ...src, reach: lend.reach, keys: lend.keys, region: lend.region, from: `${src.from}, endpoint and keys of ${lend.from}`, problem: undefined }
        : src,
    );
  }
  const found = [...kfpSources(secrets, configMaps, services), ...mlflow, ...kserveSources(secrets, services), ...fromPodDefaults];
  const taken = new Set(found.map((s) => reachKey(s.reach)));
  return { sources: dedupe([...found, ...serviceSources(services, taken)]), notes };
}
