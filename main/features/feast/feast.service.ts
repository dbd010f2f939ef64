// SPDX-License-Identifier: Apache-2.0
/**
 * The Feast service. Each cluster's registries are the URL in its Feast settings, or the registry
 * server Services (REST or gRPC) and `feature_store.yaml` ConfigMaps' registry files found in it
 * (feast-discovery.ts), and the registry file in its settings; each is reached through the
 * connector or the object store (feast-access.ts) and read by its reader (feast-reader.ts,
 * feast-proto-readers.ts), all checked and mapped by feast-wire.ts into one model.
 * What is read is kept in the Feast cache; when a registry or the cluster cannot be reached, what
 * was kept is served with the time it was seen. Search runs over every project read (or kept).
 */
import { AppError, isAppError } from '../../../shared/errors';
import type {
  ClusterFeast,
  FeastOrigin,
  FeastProjectDetail,
  FeastRegistries,
  FeastRegistryFound,
  FeastRegistryProjects,
  FeastSearchNote,
  FeastSearchResult,
  FeastSettings,
  FeastSettingsInput,
  ProjectRequest,
  RegistriesRequest,
  RegistryId,
  SearchRequest,
} from '../../../shared/features/feast/feast.contract';
import { matchProject, sortMatches } from '../../../shared/features/feast/feast-search';
import type { FeastMatch } from '../../../shared/features/feast/feast.contract';
import type { Disposable } from '../../../shared/lifecycle';
import { readThrough, type ReadThroughRows } from '../../platform/cache/read-through';
import { AccessPool } from '../../platform/kube/access-pool';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import type { InClusterConnector } from '../../platform/kube/in-cluster-connector';
import { isSnapshotId } from '../../platform/snapshots/snapshot-registry';
import { accessKey, FeastAccessMaker, type FeastAccess } from './feast-access';
import type { FeastCache, FeastCacheKind } from './feast-cache';
import type { KfpArtifactStoreSource } from '../../platform/object-store/kfp-artifact-store';
import { FeastUnreachable } from './feast-client';
import { discoverRegistries, type FoundRegistries } from './feast-discovery';
import type { FeastReader } from './feast-reader';
import type { FeastSettingsStore } from './feast-settings';

/** Options (tests). */
export interface FeastServiceOptions {
  now?: () => number;
  /** Registry request timeout (default 30 s). */
  timeoutMs?: number;
  /** The object stores registry files are read with (KFP's per namespace); without it no file is read. */
  stores?: KfpArtifactStoreSource;
}

/** Whether MLDeck should serve what it kept rather than fail (not reached; not an answer that is not Feast). */
const unreachable = (e: unknown) => isAppError(e) && (e.code === 'unavailable' || e.code === 'timeout') && e.retryable !== false;

const asAppError = (e: unknown) => (isAppError(e) ? e : new AppError('internal', String(e)));

/** The words for a registry id when the found list is not at hand. */
function registryLabel(id: RegistryId, settings: FeastSettings): string {
  if (id === 'url') return settings.url;
  if (id === 'file') return settings.registryFile;
  return id.replace(/^(svc|grpc|cm):/, '');
}

/** The service. */
export class FeastService implements Disposable {
  private readonly pool: AccessPool<FeastAccess>;
  private readonly kept: ReadThroughRows<FeastCacheKind>;

  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly settings: FeastSettingsStore,
    cache: FeastCache,
    connector: InClusterConnector,
    opts: FeastServiceOptions = {},
  ) {
    this.pool = new AccessPool(new FeastAccessMaker(clusters, connector, settings, opts.stores, opts.timeoutMs ?? 30_000));
    this.kept = { rows: cache, now: opts.now ?? Date.now, service: 'this Feast registry', unreachable, lists: ['registries', 'projects'] };
  }

  getSettings(clusterId: string): Promise<FeastSettings> {
    return this.settings.get(clusterId);
  }

  /** Stores a cluster's settings; the next call reads the registry they name. */
  async setSettings(input: FeastSettingsInput): Promise<FeastSettings> {
    const saved = await this.settings.set(input);
    this.pool.forget(accessKey(input.clusterId, 'url'));
    this.pool.forget(accessKey(input.clusterId, 'file'));
    return saved;
  }

  /** The registries of one cluster or of every cluster, each with its projects (or why not). */
  async registries(req: RegistriesRequest): Promise<FeastRegistries> {
    return { clusters: await Promise.all(this.clusterIds(req.clusterId).map((id) => this.clusterFeast(id))) };
  }

  /** A project with all its objects and the registry's lineage. */
  async project(req: ProjectRequest): Promise<FeastProjectDetail> {
    const label = registryLabel(req.registryId, await this.settings.get(req.clusterId));
    const got = await this.read(req.clusterId, req.registryId, 'project', `${req.registryId}|${req.project}`, (r) => r.project(req.project));
    return { clusterId: req.clusterId, registryId: req.registryId, registryLabel: label, ...got };
  }

  /** Features, feature views and entities whose name holds the query, in every project of one cluster or all. */
  async search(req: SearchRequest): Promise<FeastSearchResult> {
    const matches: FeastMatch[] = [];
    const notes: FeastSearchNote[] = [];
    await Promise.all(
      this.clusterIds(req.clusterId).map(async (clusterId) => {
        const cf = await this.clusterFeast(clusterId);
        if (!cf.ok) {
          notes.push({ clusterId, registryLabel: '', project: '', cachedAt: undefined, error: cf.error });
          return;
        }
        for (const r of cf.registries) {
          if (!r.ok) {
            notes.push({ clusterId, registryLabel: r.registry.label, project: '', cachedAt: undefined, error: r.error });
            continue;
          }
          for (const p of r.projects) {
            const place = { clusterId, registryId: r.registry.id, registryLabel: r.registry.label, project: p.name };
            try {
              const d = await this.project({ clusterId, registryId: r.registry.id, project: p.name });
              if (d.origin.kind === 'cache')
                notes.push({ clusterId, registryLabel: r.registry.label, project: p.name, cachedAt: d.origin.seenAt, error: undefined });
              matches.push(...matchProject(place, d, req.query));
            } catch (e) {
              notes.push({ clusterId, registryLabel: r.registry.label, project: p.name, cachedAt: undefined, error: asAppError(e).toData() });
            }
          }
        }
      }),
    );
    return { query: req.query, matches: sortMatches(matches, (id) => this.contextName(id)), notes };
  }

  dispose(): void {
    this.pool.clear();
  }

  // ---------- internals ----------

  private clusterIds(clusterId: string | undefined): string[] {
    return clusterId ? [clusterId] : this.clusters.contexts().map((c) => c.entry.id);
  }

  private async clusterFeast(clusterId: string): Promise<ClusterFeast> {
    try {
      if (isSnapshotId(clusterId)) throw new AppError('unavailable', 'A snapshot holds no Feast registry; open the cluster itself.', undefined, false);
      const found = await this.found(clusterId);
      const registries = await Promise.all(found.registries.map((r) => this.projectsOf(clusterId, r)));
      return { clusterId, ok: true, lookedIn: found.lookedIn, registries, cachedAt: found.cachedAt };
    } catch (e) {
      return { clusterId, ok: false, error: asAppError(e).toData() };
    }
  }

  /** The registries of a cluster: the URL in the settings, or those found (kept for offline); and the file in the settings. */
  private async found(clusterId: string): Promise<FoundRegistries & { cachedAt: number | undefined }> {
    const { url, registryFile } = await this.settings.get(clusterId);
    const file: FeastRegistryFound[] = registryFile
      ? [{ id: 'file', label: registryFile, protocol: 'file', foundBy: 'the registry file in this cluster’s Feast settings' }]
      : [];
    if (url)
      return {
        registries: [{ id: 'url', label: url, protocol: 'rest', foundBy: 'the URL in this cluster’s Feast settings' }, ...file],
        lookedIn: 'the URL in the Feast settings',
        cachedAt: undefined,
      };
    const got = await readThrough(this.kept, clusterId, 'registries', '', async () => ({
      value: await discoverRegistries(await this.clusters.http(clusterId), this.fallbackNamespaces(clusterId)),
      origin: { kind: 'live' as const },
    }));
    // registries kept by an earlier MLDeck were all REST servers
    const kept = got.registries.map((r) => ({ ...r, protocol: r.protocol ?? 'rest' }));
    return { registries: [...kept, ...file], lookedIn: got.lookedIn, cachedAt: got.origin.kind === 'cache' ? got.origin.seenAt : undefined };
  }

  private async projectsOf(clusterId: string, registry: FeastRegistryFound): Promise<FeastRegistryProjects> {
    try {
      const got = await this.read(clusterId, registry.id, 'projects', registry.id, async (r) => ({ projects: await r.projects() }));
      return { registry, ok: true, projects: got.projects, origin: got.origin };
    } catch (e) {
      return { registry, ok: false, error: asAppError(e).toData() };
    }
  }

  /** Reads through the kept rows; when the registry was not reached, its connection is forgotten (the next call connects afresh). */
  private read<T extends object>(
    clusterId: string,
    registryId: RegistryId,
    kind: FeastCacheKind,
    key: string,
    fetch: (r: FeastReader) => Promise<T>,
  ): Promise<T & { origin: FeastOrigin }> {
    return readThrough(this.kept, clusterId, kind, key, async () => {
      const k = accessKey(clusterId, registryId);
      const a = await this.pool.get(k);
      try {
        return { value: await fetch(a.reader), origin: a.origin };
      } catch (e) {
        if (e instanceof FeastUnreachable || (isAppError(e) && e.retryable === true)) this.pool.forget(k);
        throw e;
      }
    });
  }

  /** A cluster's context name (its id when it went away), to order search results. */
  private contextName(clusterId: string): string {
    try {
      return this.clusters.get(clusterId).entry.name;
    } catch {
      return clusterId;
    }
  }

  private fallbackNamespaces(clusterId: string): string[] {
    let ns: string | undefined;
    try {
      ns = this.clusters.get(clusterId).entry.namespace;
    } catch {
      ns = undefined; // the context went away; the usual namespaces are still tried
    }
    return [ns ?? '', 'feast', 'kubeflow'];
  }
}
