// SPDX-License-Identifier: Apache-2.0
/**
 * Finds an MLflow server in a cluster: a Service named like `mlflow` or labelled
 * `app.kubernetes.io/name=mlflow` / `app=mlflow`, with a port 5000 or one named `http`, in any
 * namespace the user can list (all namespaces, else the context's namespace and `mlflow`); then a
 * Running, ready pod its selector picks and the pod port the Service targets. The ranking is pure
 * ({@link mlflowScore}); {@link discoverMlflow} reads the cluster.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { MlflowServiceCandidate } from '../../../shared/features/registry/registry.contract';
import type { KubeObject } from '../../../shared/kube/object';
import type { KubeHttp } from '../../platform/kube/kube-http';
import { targetPortOn } from '../gpus/prometheus-discovery';

type ServicePort = { name?: string; port: number; targetPort?: number | string };
type ServiceSpec = { selector?: Record<string, string>; ports?: ServicePort[] };
type PodLike = {
  metadata: KubeObject['metadata'];
  spec?: { containers?: { command?: string[]; args?: string[]; ports?: { name?: string; containerPort: number }[] }[] };
  status?: unknown;
};

const List = z.object({ items: z.array(z.looseObject({ metadata: z.looseObject({ name: z.string() }) })) });

/** A Service port MLflow would listen on: 5000, else one named `http`. */
export function mlflowPort(spec: ServiceSpec): ServicePort | undefined {
  const ports = spec.ports ?? [];
  return ports.find((p) => p.port === 5000) ?? ports.find((p) => p.name === 'http');
}

/** How much a Service looks like an MLflow tracking server (0: not at all). */
export function mlflowScore(svc: KubeObject): number {
  const labels = svc.metadata.labels ?? {};
  const name = svc.metadata.name;
  const spec = (svc.spec ?? {}) as ServiceSpec;
  if (!spec.selector || Object.keys(spec.selector).length === 0) return 0;
  if (!mlflowPort(spec)) return 0;
  // a database or object store deployed beside MLflow is not the server
  if (/postgres|mysql|minio|redis|-db$|database/.test(name)) return 0;
  let score = 0;
  if (labels['app.kubernetes.io/name'] === 'mlflow') score += 4;
  if (labels['app'] === 'mlflow') score += 3;
  if (name.includes('mlflow')) score += 2;
  return score;
}

/**
 * The artifact store an MLflow server pod was started with: `--artifacts-destination` (the
 * proxy's store), else `--default-artifact-root` when it is an object store (s3://, gs://).
 */
export function artifactsDestinationOf(pod: PodLike): string | undefined {
  for (const c of pod.spec?.containers ?? []) {
    // `sh -c "mlflow server …"` carries the flags in one string: split every item on spaces
    const argv = [...(c.command ?? []), ...(c.args ?? [])].flatMap((a) => a.split(/\s+/));
    const value = (flag: string) => {
      for (let i = 0; i < argv.length; i++) {
        const a = argv[i] ?? '';
        if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
        if (a === flag) return argv[i + 1];
      }
      return undefined;
    };
    const clean = (v: string | undefined) => v?.replace(/^["']|["']$/g, '').replace(/\/+$/, '');
    const dest = clean(value('--artifacts-destination'));
    if (dest && /^(s3|gs):\/\/[^/]+/.test(dest)) return dest;
    const root = clean(value('--default-artifact-root'));
    if (root && /^(s3|gs):\/\/[^/]+/.test(root)) return root;
  }
  return undefined;
}

/** A Service chosen, with the pod behind it (undefined when none is ready). */
export interface MlflowTarget extends MlflowServiceCandidate {
  /** The pod port the Service port targets. */
  podPort: number | undefined;
}

function ready(p: PodLike): boolean {
  const st = (p.status ?? {}) as { phase?: string; conditions?: { type: string; status: string }[] };
  return st.phase === 'Running' && (st.conditions?.find((c) => c.type === 'Ready')?.status ?? 'True') === 'True';
}

const selectorQuery = (sel: Record<string, string>) =>
  Object.entries(sel)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** Services MLDeck could list, and where it looked (`all` or the namespaces it was allowed to list). */
interface Listed {
  items: KubeObject[];
  scope: 'all' | string[];
}

async function listServices(http: KubeHttp, fallbackNamespaces: string[], timeoutMs: number): Promise<Listed> {
  try {
    return { items: (await http.request({ path: '/api/v1/services', timeoutMs }, List)).items as KubeObject[], scope: 'all' };
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'forbidden') throw e;
  }
  const tried = [...new Set(fallbackNamespaces.filter(Boolean))];
  const items: KubeObject[] = [];
  const allowed: string[] = [];
  for (const ns of tried) {
    try {
      const list = await http.request({ path: `/api/v1/namespaces/${encodeURIComponent(ns)}/services`, timeoutMs }, List);
      allowed.push(ns);
      items.push(...(list.items as KubeObject[]));
    } catch (e) {
      if (!(e instanceof AppError) || (e.code !== 'forbidden' && e.code !== 'not-found')) throw e;
    }
  }
  if (allowed.length === 0)
    throw new AppError(
      'forbidden',
      `Your account may not list Services in any namespace MLDeck tried (${tried.join(', ')}), so it cannot look for MLflow. Set an MLflow URL in the connection settings.`,
    );
  return { items, scope: allowed };
}

/** What discovery found and where it looked. */
export interface Discovery {
  targets: MlflowTarget[];
  /** `all` namespaces, or only these (the account may not list Services cluster-wide). */
  scope: 'all' | string[];
}

/**
 * The MLflow services of a cluster, best first, each with the ready pod a port-forward would use.
 * @param namespaces - where to look when Services cannot be listed cluster-wide
 * @throws AppError from the API (`forbidden` when no namespace can be listed, `unavailable`)
 */
export async function discoverMlflow(http: KubeHttp, namespaces: string[], timeoutMs = 10_000): Promise<Discovery> {
  const listed = await listServices(http, namespaces, timeoutMs);
  const services = listed.items
    .map((s) => ({ s, score: mlflowScore(s) }))
    .filter((x) => x.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score || (a.s.metadata.namespace ?? '').localeCompare(b.s.metadata.namespace ?? '') || a.s.metadata.name.localeCompare(b.s.metadata.name),
    )
    .map((x) => x.s);
  const out: MlflowTarget[] = [];
  for (const svc of services.slice(0, 10)) {
    const spec = svc.spec as ServiceSpec;
    const port = mlflowPort(spec) as ServicePort;
    const ns = svc.metadata.namespace ?? 'default';
    let pod: PodLike | undefined;
    try {
      const pods = await http.request(
        { path: `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`, query: { labelSelector: selectorQuery(spec.selector ?? {}) }, timeoutMs },
        List,
      );
      pod = (pods.items as PodLike[]).filter(ready).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))[0];
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'forbidden') throw e;
    }
    out.push({
      namespace: ns,
      name: svc.metadata.name,
      port: port.port,
      pod: pod?.metadata.name,
      podPort: pod ? targetPortOn(pod, port) : undefined,
      artifactsDestination: pod ? artifactsDestinationOf(pod) : undefined,
    });
  }
  return { targets: out, scope: listed.scope };
}
