// SPDX-License-Identifier: Apache-2.0
/**
 * Snapshot export and open. Export first brings the cluster's main kinds into the cache
 * (nodes, namespaces, pods, events and every Kubeflow kind it serves), then writes the
 * chosen namespaces, with kept logs, to one file. Opening makes it a read-only cluster.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { ClusterList } from '../../../shared/features/clusters/clusters.contract';
import type { ExportRequest, ExportResult } from '../../../shared/features/snapshots/snapshots.contract';
import type { Gvr } from '../../platform/cache/cache-db';
import { exportSnapshot } from '../../platform/cache/snapshot';
import type { SqliteCache } from '../../platform/cache/sqlite-cache';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import type { ApiResourceInfo } from '../../../shared/features/resources/resources.contract';
import { componentSignatures } from '../../platform/kube/kubeflow-discovery';
import type { SliceReader } from '../../platform/sync/slice-reader';
import { isSnapshotId, type SnapshotRegistry } from '../../platform/snapshots/snapshot-registry';

/** Core kinds every snapshot carries. */
const coreKinds: Gvr[] = ['nodes', 'namespaces', 'pods', 'events', 'services', 'persistentvolumeclaims'].map((resource) => ({
  group: '',
  version: 'v1',
  resource,
}));

/** The snapshots service. */
/** What snapshots ask of the clusters feature (given by create-services.ts). */
export interface ClusterCatalog {
  /** The kinds a cluster serves. */
  apiResources(clusterId: string): Promise<ApiResourceInfo[]>;
  /** The cluster list after a change (published to clients). */
  changed(): Promise<ClusterList>;
}

export class SnapshotsService {
  constructor(
    private readonly cache: SqliteCache,
    private readonly reader: SliceReader,
    private readonly clusters: ClusterCatalog,
    private readonly registry: ClusterRegistry,
    private readonly snapshots: SnapshotRegistry,
    private readonly dataDir: string,
    /** The sample workspace shipped with the app, if present. */
    private readonly samplePath: string | undefined,
  ) {}

  /** Syncs the main kinds, then writes the snapshot file. */
  async export(req: ExportRequest): Promise<ExportResult> {
    if (isSnapshotId(req.clusterId)) throw new AppError('validation', 'This is already a snapshot; open its file on the other machine instead.');
    const ctx = this.registry.get(req.clusterId);
    const served = await this.clusters.apiResources(req.clusterId);
    const kubeflow: Gvr[] = served.filter((r) =>
      componentSignatures.some((c) => c.group === r.group && c.version === r.version && c.resources.includes(r.resource)),
    );
    const kinds = [...coreKinds, ...kubeflow].filter((k) => served.some((r) => r.group === k.group && r.version === k.version && r.resource === k.resource));
    const scopes = req.namespaces?.length ? req.namespaces : [''];
    const stale: string[] = [];
    const slices = kinds.flatMap((k) => {
      const namespaced = served.find((r) => r.group === k.group && r.resource === k.resource)?.namespaced ?? true;
      return (namespaced ? scopes : ['']).map((namespace) => ({ cluster: req.clusterId, ...k, namespace }));
    });
    // a few at a time: each is a list and a watch on the cluster
    for (let i = 0; i < slices.length; i += 8) {
      const reads = await Promise.all(slices.slice(i, i + 8).map(async (s) => ({ s, r: await this.reader.read(s) })));
      for (const { s, r } of reads) {
        // forbidden kinds are simply absent; anything else not live would make a misleading snapshot
        if (r.status.freshness !== 'live' && r.status.freshness !== 'forbidden')
          stale.push(`${s.resource}${s.namespace ? ` in ${s.namespace}` : ''}: ${r.status.reason ?? r.status.freshness}`);
      }
    }
    if (stale.length)
      throw new AppError(
        'unavailable',
        `The snapshot was not written: ${stale.length} lists could not be brought up to date.`,
        stale.slice(0, 5).join('\n'),
        true,
      );
    const dir = join(this.dataDir, 'snapshots');
    await mkdir(dir, { recursive: true });
    const takenAt = Date.now();
    const safe = ctx.entry.name.replace(/[^A-Za-z0-9._-]+/g, '_');
    const file = join(dir, `${safe}-${new Date(takenAt).toISOString().replace(/[:.]/g, '-')}.mldeck-snapshot`);
    const counts = await exportSnapshot(
      this.cache,
      file,
      { cluster: req.clusterId, ...(req.namespaces?.length ? { namespaces: [...req.namespaces, ''] } : {}), resources: kinds, includeLogs: req.includeLogs },
      { clusterName: ctx.entry.name, server: ctx.entry.server, takenAt },
    );
    return { file, objects: counts.objects, logLines: counts.logLines };
  }

  /** Opens a snapshot file and makes it the current cluster. */
  async open(path: string): Promise<ClusterList> {
    const id = await this.snapshots.add(path);
    await this.snapshots.setCurrent(id);
    return this.clusters.changed();
  }

  /** Opens the sample workspace (a copy in the data directory, so the shipped file stays untouched). */
  async openSample(): Promise<ClusterList> {
    if (!this.samplePath || !existsSync(this.samplePath)) throw new AppError('not-found', 'This MLDeck was built without the sample workspace.');
    const dir = join(this.dataDir, 'snapshots');
    await mkdir(dir, { recursive: true });
    const copy = join(dir, 'sample-workspace.mldeck-snapshot');
    if (!existsSync(copy)) await copyFile(this.samplePath, copy);
    return this.open(copy);
  }

  async close(id: string): Promise<ClusterList> {
    await this.snapshots.remove(id);
    return this.clusters.changed();
  }
}
