// SPDX-License-Identifier: Apache-2.0
/** Generic resources: paged lists, one object (also as YAML), and an object's events. */
import { stringify } from 'yaml';
import { AppError } from '../../../shared/errors';
import type { EventsRequest, GetRequest, GetResponse, ListRequest, ListResponse } from '../../../shared/features/resources/resources.contract';
import type { KubeEvent, KubeObject } from '../../../shared/kube/object';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import { collectionPath } from '../../platform/kube/api-paths';
import { isSnapshotId } from '../../platform/snapshots/snapshot-registry';
import type { SliceReader } from '../../platform/sync/slice-reader';

interface ListBody {
  items?: KubeObject[] | null;
  metadata?: { continue?: string; resourceVersion?: string };
  kind?: string;
}

const pageSize = 500;

/** The resources service. */
export class ResourcesService {
  constructor(
    private readonly registry: ClusterRegistry,
    private readonly reader: SliceReader,
  ) {}

  /**
   * Lists through the cache (the slice's informer keeps it fresh), so lists work offline and
   * from snapshots. A forbidden slice is an error with the server's reason.
   */
  async list(req: ListRequest): Promise<ListResponse> {
    if (req.labelSelector) return this.listDirect(req);
    const r = await this.reader.read({
      cluster: req.clusterId,
      group: req.group,
      version: req.version,
      resource: req.resource,
      namespace: req.namespace ?? '',
    });
    if (r.status.freshness === 'forbidden') throw new AppError('forbidden', r.status.reason ?? 'Your account may not list these.');
    if (r.items.length === 0 && r.status.lastSyncedAt === undefined && r.status.freshness !== 'live') {
      throw new AppError('unavailable', r.status.reason ?? 'The cluster cannot be reached and nothing is cached yet.', undefined, true);
    }
    const items = req.limit ? r.items.slice(0, req.limit) : r.items;
    return { items, resourceVersion: '', fetchedAt: new Date(r.status.lastSyncedAt ?? Date.now()).toISOString() };
  }

  /** Lists straight from the API server in pages of 500 (restarting if a continue token expires). */
  async listDirect(req: ListRequest): Promise<ListResponse> {
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

  /** One object, and its YAML without managedFields; the cached copy when the cluster cannot be reached. */
  async get(req: GetRequest): Promise<GetResponse> {
    let object: KubeObject | undefined;
    const cached = () =>
      this.reader.cached(
        { cluster: req.clusterId, group: req.group, version: req.version, resource: req.resource, namespace: req.namespace ?? '' },
        req.namespace ?? '',
        req.name,
      );
    if (isSnapshotId(req.clusterId)) object = await cached();
    else {
      try {
        const http = await this.registry.http(req.clusterId);
        object = await http.request<KubeObject>({ path: `${collectionPath(req, req.namespace)}/${req.name}` });
      } catch (e) {
        if (!(e instanceof AppError) || !['unavailable', 'timeout', 'unauthenticated'].includes(e.code)) throw e;
        object = await cached();
        if (!object) throw e;
      }
    }
    if (!object) throw new AppError('not-found', `${req.name} is not in this snapshot.`);
    const { managedFields: _m, ...metadata } = object.metadata as KubeObject['metadata'] & { managedFields?: unknown };
    return { object, yaml: stringify({ ...object, metadata }, { lineWidth: 0 }) };
  }

  /** Events about an object (by uid, else by name), oldest first; from the cache when offline or a snapshot. */
  async events(req: EventsRequest): Promise<KubeEvent[]> {
    const fromCache = async () => {
      const r = await this.reader.read({ cluster: req.clusterId, group: '', version: 'v1', resource: 'events', namespace: req.namespace ?? '' }, 0);
      return (r.items as unknown as RawEvent[])
        .filter(
          (e) =>
            (req.uid ? e.involvedObject?.uid === req.uid : true) &&
            (req.name ? e.involvedObject?.name === req.name : true) &&
            (req.kind ? e.involvedObject?.kind === req.kind : true),
        )
        .map(toEvent)
        .sort((a, b) => (a.lastTime ?? '').localeCompare(b.lastTime ?? ''));
    };
    if (isSnapshotId(req.clusterId)) return fromCache();
    try {
      return await this.eventsDirect(req);
    } catch (e) {
      if (e instanceof AppError && ['unavailable', 'timeout'].includes(e.code)) return fromCache();
      throw e;
    }
  }

  private async eventsDirect(req: EventsRequest): Promise<KubeEvent[]> {
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
