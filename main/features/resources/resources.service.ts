// SPDX-License-Identifier: Apache-2.0
/** Generic resources: paged lists, one object (also as YAML), and an object's events. */
import { stringify } from 'yaml';
import { AppError } from '../../../shared/errors';
import type { EventsRequest, GetRequest, GetResponse, ListRequest, ListResponse, ResourceType } from '../../../shared/features/resources/resources.contract';
import type { KubeEvent, KubeObject } from '../../../shared/kube/object';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';

/** The API path of a resource collection. */
export function collectionPath(t: ResourceType, namespace?: string): string {
  const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  return namespace ? `${base}/namespaces/${namespace}/${t.resource}` : `${base}/${t.resource}`;
}

interface ListBody {
  items?: KubeObject[] | null;
  metadata?: { continue?: string; resourceVersion?: string };
  kind?: string;
}

const pageSize = 500;

/** The resources service. */
export class ResourcesService {
  constructor(private readonly registry: ClusterRegistry) {}

  /** Lists in pages of 500 (restarting if a continue token expires) up to `limit` items. */
  async list(req: ListRequest): Promise<ListResponse> {
    const http = await this.registry.http(req.clusterId);
    const path = collectionPath(req, req.namespace);
    const limit = req.limit ?? 100_000;
    for (let attempt = 0; attempt < 3; attempt++) {
      const items: KubeObject[] = [];
      let cont: string | undefined;
      let rv = '';
      try {
        do {
          const body = await http.request<ListBody>({
            path,
            query: { limit: Math.min(pageSize, limit - items.length), continue: cont, labelSelector: req.labelSelector },
            timeoutMs: 60_000,
          });
          const kind = body.kind?.replace(/List$/, '');
          for (const o of body.items ?? []) items.push(kind && !o.kind ? { ...o, kind } : o);
          cont = body.metadata?.continue || undefined;
          rv = body.metadata?.resourceVersion ?? rv;
        } while (cont && items.length < limit);
        return { items, resourceVersion: rv, fetchedAt: new Date().toISOString() };
      } catch (e) {
        // an expired continue token answers 410 (mapped to not-found): start the list again
        if (cont && e instanceof AppError && e.code === 'not-found') continue;
        throw e;
      }
    }
    throw new AppError('unavailable', 'The list kept changing too fast to read; try again.', undefined, true);
  }

  /** One object, and its YAML without managedFields. */
  async get(req: GetRequest): Promise<GetResponse> {
    const http = await this.registry.http(req.clusterId);
    const object = await http.request<KubeObject>({ path: `${collectionPath(req, req.namespace)}/${req.name}` });
    const { managedFields: _m, ...metadata } = object.metadata as KubeObject['metadata'] & { managedFields?: unknown };
    return { object, yaml: stringify({ ...object, metadata }, { lineWidth: 0 }) };
  }

  /** Events about an object (by uid, else by name), oldest first. */
  async events(req: EventsRequest): Promise<KubeEvent[]> {
    const http = await this.registry.http(req.clusterId);
    const selector = [
      req.uid ? `involvedObject.uid=${req.uid}` : '',
      req.name ? `involvedObject.name=${req.name}` : '',
      req.kind ? `involvedObject.kind=${req.kind}` : '',
    ]
      .filter(Boolean)
      .join(',');
    const body = await http.request<{ items?: RawEvent[] }>({
      path: collectionPath({ group: '', version: 'v1', resource: 'events' }, req.namespace),
      query: { fieldSelector: selector || undefined, limit: 1000 },
    });
    return (body.items ?? []).map(toEvent).sort((a, b) => (a.lastTime ?? '').localeCompare(b.lastTime ?? ''));
  }
}

interface RawEvent {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string };
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
}

/** A core/v1 Event as the UI shows it (events.k8s.io-style fields fill the gaps). */
export function toEvent(e: RawEvent): KubeEvent {
  return {
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: e.message ?? '',
    count: e.series?.count ?? e.count ?? 1,
    firstTime: e.firstTimestamp ?? e.eventTime ?? undefined,
    lastTime: e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? undefined,
    involved: { kind: e.involvedObject?.kind ?? '', name: e.involvedObject?.name ?? '', namespace: e.involvedObject?.namespace, uid: e.involvedObject?.uid },
    source: e.source?.component ?? e.reportingComponent ?? '',
  };
}
