// SPDX-License-Identifier: Apache-2.0
/**
 * Finds an MLflow server in a cluster: Services named like `mlflow` or labelled
 * `app.kubernetes.io/name=mlflow` / `app=mlflow`, with a port 5000 or one named `http`, in any
 * namespace the user can list (all namespaces, else the context's namespace and `mlflow`),
 * offered to the user to confirm ({@link discoverMlflow}); once pinned, the Running, ready pod
 * behind the pinned Service and the pod port it targets ({@link pinnedMlflow}). Stored
 * credentials are sent only there. The ranking is pure ({@link mlflowScore}).
 */
import { AppError } from '../../../shared/errors';
import type { MlflowServiceCandidate } from '../../../shared/features/registry/registry.contract';
import type { KubeObject } from '../../../shared/kube/object';
import { pinLabel, type ServicePin } from '../../../shared/kube/service-pin';
import type { KubeHttp } from '../kube/kube-http';
import {
  listServicesWhereAllowed,
  podBehind,
  rankServices,
  readPinnedService,
  type PodLike,
  type ServicePort,
  type ServiceSpec,
} from '../kube/service-discovery';

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

/** A Service found, with the pod behind it (undefined when none is ready). */
export interface MlflowTarget extends MlflowServiceCandidate {
  /** The pod port the Service port targets. */
  podPort: number | undefined;
}

/** What discovery found and where it looked. */
export interface Discovery {
  targets: MlflowTarget[];
  /** `all` namespaces, or only these (the account may not list Services cluster-wide). */
  scope: 'all' | string[];
}

async function targetOf(http: KubeHttp, svc: KubeObject, timeoutMs: number): Promise<MlflowTarget> {
  const port = mlflowPort((svc.spec ?? {}) as ServiceSpec) as ServicePort;
  const behind = await podBehind(http, svc, port, timeoutMs);
  return {
    namespace: svc.metadata.namespace ?? 'default',
    name: svc.metadata.name,
    uid: svc.metadata.uid ?? '',
    port: port.port,
    pod: behind?.pod.metadata.name,
    podPort: behind?.podPort,
    artifactsDestination: behind ? artifactsDestinationOf(behind.pod) : undefined,
  };
}

/**
 * The MLflow services of a cluster, best first, each with the ready pod a port-forward would use.
 * Nothing is sent to them: the user confirms one, which is then pinned.
 * @param namespaces - where to look when Services cannot be listed cluster-wide
 * @throws AppError from the API (`forbidden` when no namespace can be listed, `unavailable`)
 */
export async function discoverMlflow(http: KubeHttp, namespaces: string[], timeoutMs = 10_000): Promise<Discovery> {
  const listed = await listServicesWhereAllowed(http, namespaces, 'MLflow', timeoutMs);
  const out: MlflowTarget[] = [];
  for (const svc of rankServices(listed.items, mlflowScore).slice(0, 10)) out.push(await targetOf(http, svc, timeoutMs));
  return { targets: out.filter((t) => t.uid !== ''), scope: listed.scope };
}

/**
 * The pinned MLflow service with the pod a port-forward would use.
 * @throws AppError `not-found`/`conflict` (gone, or made again with another uid), `unavailable` when no pod is ready
 */
export async function pinnedMlflow(http: KubeHttp, pin: ServicePin, timeoutMs = 10_000): Promise<MlflowTarget & { pod: string; podPort: number }> {
  const svc = await readPinnedService(http, pin, 'MLflow', timeoutMs);
  if (!mlflowPort((svc.spec ?? {}) as ServiceSpec))
    throw new AppError('unavailable', `The MLflow service ${pinLabel(pin)} has no port 5000 or "http" any more.`);
  const t = await targetOf(http, svc, timeoutMs);
  if (!t.pod || !t.podPort)
    throw new AppError('unavailable', `No Running pod is behind the MLflow service ${pinLabel(pin)}. Start the server, or set an MLflow URL.`, undefined, true);
  return { ...t, pod: t.pod, podPort: t.podPort };
}
