// SPDX-License-Identifier: Apache-2.0
/**
 * A small Kubernetes REST client for the lab's status driver and seed: plain HTTPS with the
 * cluster CA and the admin token, keep-alive, JSON in and out. It speaks only to the lab's
 * API servers on 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';

/** Object metadata, as much of it as the lab reads and writes. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
}

/** A controller owner reference. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Any Kubernetes object; `spec` and `status` are typed by the code that reads them. */
export interface KObject<Spec = unknown, Status = unknown> {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: Spec;
  status?: Status;
}

/** An object to send: KObject plus top-level fields such as `data` or `type`. */
export type Manifest = KObject & Record<string, unknown>;

/** A resource type: core (`group` '') or an API group. */
export interface Resource {
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

/** Where and as whom to connect. */
export interface KubeTarget {
  name: string;
  server: string;
  caFile: string;
  token: string;
}

/** An API error with its HTTP status. */
export class KubeError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The path of a resource collection or object (`sub` e.g. `status`). */
export function resourcePath(r: Resource, namespace?: string, name?: string, sub?: string): string {
  let p = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  if (r.namespaced && namespace) p += `/namespaces/${namespace}`;
  p += `/${r.plural}`;
  if (name) p += `/${name}`;
  if (sub) p += `/${sub}`;
  return p;
}

/** Common core and apps resources. */
export const core = {
  pods: { group: '', version: 'v1', plural: 'pods', namespaced: true },
  services: { group: '', version: 'v1', plural: 'services', namespaced: true },
  events: { group: '', version: 'v1', plural: 'events', namespaced: true },
  namespaces: { group: '', version: 'v1', plural: 'namespaces', namespaced: false },
  secrets: { group: '', version: 'v1', plural: 'secrets', namespaced: true },
  configmaps: { group: '', version: 'v1', plural: 'configmaps', namespaced: true },
  serviceaccounts: { group: '', version: 'v1', plural: 'serviceaccounts', namespaced: true },
  pvcs: { group: '', version: 'v1', plural: 'persistentvolumeclaims', namespaced: true },
  pvs: { group: '', version: 'v1', plural: 'persistentvolumes', namespaced: false },
  statefulsets: { group: 'apps', version: 'v1', plural: 'statefulsets', namespaced: true },
  deployments: { group: 'apps', version: 'v1', plural: 'deployments', namespaced: true },
  jobs: { group: 'batch', version: 'v1', plural: 'jobs', namespaced: true },
} as const satisfies Record<string, Resource>;

/** A connection to one lab cluster. */
export class Kube {
  private readonly agent: Agent;
  private readonly ca: Buffer;

  constructor(readonly target: KubeTarget) {
    this.ca = readFileSync(target.caFile);
    this.agent = new Agent({ keepAlive: true, maxSockets: 24, ca: this.ca });
  }

  /** Sends one request; resolves to the status code and parsed JSON body (or undefined). */
  request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: unknown }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.target.server}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            Authorization: `Bearer ${this.target.token}`,
            Accept: 'application/json',
            ...(payload === undefined ? {} : { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) }),
          },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = text;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timeout`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  private async ok<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const res = await this.request(method, path, body, contentType);
    if (res.status >= 200 && res.status < 300) return res.body as T;
    const msg = (res.body as { message?: string } | undefined)?.message ?? JSON.stringify(res.body);
    throw new KubeError(res.status, `${method} ${path}: HTTP ${res.status}: ${msg}`);
  }

  /** GET one object; undefined when it does not exist. */
  async get<T extends KObject>(r: Resource, namespace: string | undefined, name: string): Promise<T | undefined> {
    try {
      return await this.ok<T>('GET', resourcePath(r, namespace, name));
    } catch (e) {
      if (e instanceof KubeError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** Lists objects (all namespaces when `namespace` is undefined), following `continue` tokens. */
  async list<T extends KObject>(r: Resource, opts: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {}): Promise<T[]> {
    const out: T[] = [];
    let token: string | undefined;
    do {
      const q = new URLSearchParams({ limit: '500' });
      if (opts.labelSelector) q.set('labelSelector', opts.labelSelector);
      if (opts.fieldSelector) q.set('fieldSelector', opts.fieldSelector);
      if (token) q.set('continue', token);
      const page = await this.ok<{ items?: T[]; metadata?: { continue?: string } }>('GET', `${resourcePath(r, opts.namespace)}?${q}`);
      out.push(...(page.items ?? []));
      token = page.metadata?.continue || undefined;
    } while (token);
    return out;
  }

  /** Creates an object; resolves to undefined when it already exists. */
  async create<T extends KObject>(r: Resource, obj: KObject | Manifest): Promise<T | undefined> {
    try {
      return await this.ok<T>('POST', resourcePath(r, obj.metadata.namespace), obj);
    } catch (e) {
      if (e instanceof KubeError && e.status === 409) return undefined;
      throw e;
    }
  }

  /** JSON merge patch of an object (or of its `sub` resource, e.g. `status`). */
  patch<T extends KObject>(r: Resource, namespace: string | undefined, name: string, patch: unknown, sub?: string): Promise<T> {
    return this.ok<T>('PATCH', resourcePath(r, namespace, name, sub), patch, 'application/merge-patch+json');
  }

  /** Replaces the whole status through the status subresource (JSON patch `add /status`). */
  patchStatus<T extends KObject>(r: Resource, namespace: string | undefined, name: string, status: unknown): Promise<T> {
    return this.ok<T>('PATCH', resourcePath(r, namespace, name, 'status'), [{ op: 'add', path: '/status', value: status }], 'application/json-patch+json');
  }

  /** Server-side apply (field manager `mldeck-lab`), forcing conflicts. */
  apply<T extends KObject>(r: Resource, obj: KObject | Manifest): Promise<T> {
    const q = 'fieldManager=mldeck-lab&force=true';
    return this.ok<T>('PATCH', `${resourcePath(r, obj.metadata.namespace, obj.metadata.name)}?${q}`, obj, 'application/apply-patch+yaml');
  }

  /** Deletes an object (background propagation); a missing object is fine. */
  async delete(r: Resource, namespace: string | undefined, name: string): Promise<void> {
    try {
      await this.ok('DELETE', resourcePath(r, namespace, name), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
    } catch (e) {
      if (!(e instanceof KubeError && e.status === 404)) throw e;
    }
  }

  /** Is this resource served (its CRD installed)? */
  async served(r: Resource): Promise<boolean> {
    const res = await this.request('GET', r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`);
    if (res.status !== 200) return false;
    const list = res.body as { resources?: { name: string }[] };
    return (list.resources ?? []).some((x) => x.name === r.plural);
  }

  /** Records an Event on an object, as controllers do. */
  async event(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): Promise<void> {
    const now = new Date().toISOString();
    const ns = obj.metadata.namespace ?? 'default';
    const ev: Manifest = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${obj.metadata.name}.${Date.now().toString(16)}${Math.floor(Math.random() * 0xfff).toString(16)}`, namespace: ns },
      involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: ns, uid: obj.metadata.uid },
      reason,
      message,
      type,
      source: { component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: component,
    };
    await this.create(core.events, ev).catch(() => undefined);
  }

  /** Closes idle connections. */
  close(): void {
    this.agent.destroy();
  }
}

/** The owner reference that makes `owner` the controller of a child. */
export function controllerRef(owner: KObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion ?? '',
    kind: owner.kind ?? '',
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
