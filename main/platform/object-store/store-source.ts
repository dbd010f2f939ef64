// SPDX-License-Identifier: Apache-2.0
/**
 * An object store found in a cluster, as pure data shared by the features that find stores
 * (storage's discovery, the KFP artifact store of a run's page): how it is reached (a URL or an
 * in-cluster Service, {@link reachOf}), its keys (read from Secrets, never sent to the renderer),
 * where it came from in words, and the helpers the rules share.
 */
import type { StoreOriginKind } from '../../../shared/features/storage/storage.contract';
import type { KubeObject } from '../../../shared/kube/object';

/** Static keys read from a Secret (never sent to the renderer). */
export interface StoreKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** How a found store is reached: a URL, or a Service in the cluster (through a port-forward). */
export type StoreReach = { kind: 'url'; url: string } | { kind: 'service'; namespace: string; name: string; uid: string; port: number };

/** A store found, with what main needs to use it. */
export interface StoreSource {
  id: string;
  origin: StoreOriginKind;
  from: string;
  reach: StoreReach | undefined;
  region: string;
  pathStyle: boolean;
  keys: StoreKeys | undefined;
  location: string | undefined;
  problem: string | undefined;
}

/** A Secret as listed (base64 values). */
export type SecretObject = KubeObject & { data?: Record<string, string> };

/** A base64 Secret value as text. */
export const decode = (s: string | undefined) => (s === undefined ? undefined : Buffer.from(s, 'base64').toString('utf8'));
/** An object's namespace. */
export const nsOf = (o: KubeObject) => o.metadata.namespace ?? 'default';
/** `namespace/name` of an object. */
export const label = (o: KubeObject) => `${nsOf(o)}/${o.metadata.name}`;

/** A found store's id: origin, namespace and name in lowercase letters, digits and dashes. */
export function sourceId(origin: StoreOriginKind, o: KubeObject): string {
  return `${origin}-${nsOf(o)}-${o.metadata.name}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 300);
}

/** A Secret's value by key, decoded. */
export function secretValue(secrets: SecretObject[], namespace: string, name: string, key: string): string | undefined {
  const s = secrets.find((x) => nsOf(x) === namespace && x.metadata.name === name);
  return decode(s?.data?.[key]);
}

/**
 * How an endpoint is reached: an in-cluster Service when the host names one
 * (`svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`) and it was listed, else the URL.
 * @param endpoint - `http(s)://host[:port]` or `host[:port]` (KServe writes it without scheme)
 * @param secure - the scheme when the endpoint has none
 */
export function reachOf(endpoint: string, services: KubeObject[], namespace: string, secure: boolean): StoreReach | undefined {
  const withScheme = /^https?:\/\//i.test(endpoint) ? endpoint : `${secure ? 'https' : 'http'}://${endpoint}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const m = /^([a-z0-9-]+)(?:\.([a-z0-9-]+)(?:\.svc(?:\.cluster\.local)?)?)?$/.exec(url.hostname);
  if (m && url.hostname !== 'localhost') {
    const svcNs = m[2] ?? namespace;
    const svc = services.find((s) => s.metadata.name === m[1] && nsOf(s) === svcNs);
    if (svc?.metadata.uid) return { kind: 'service', namespace: svcNs, name: m[1] ?? '', uid: svc.metadata.uid, port };
  }
  return { kind: 'url', url: `${url.protocol}//${url.host}` };
}

/** The identity of where a store is. */
export function reachKey(r: StoreReach | undefined): string {
  if (!r) return '';
  return r.kind === 'url' ? r.url : `svc:${r.namespace}/${r.name}:${r.port}`;
}

/** `http://…` or `service ns/name:port`, for the renderer. */
export function reachLabel(r: StoreReach | undefined): string | undefined {
  if (!r) return undefined;
  return r.kind === 'url' ? r.url : `service ${r.namespace}/${r.name}:${r.port}`;
}
