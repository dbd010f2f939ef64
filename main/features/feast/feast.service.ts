// SPDX-License-Identifier: Apache-2.0
/**
 * The Feast service. Each cluster's registries are the URL in its Feast settings, or the REST
 * registry Services found in it (feast-discovery.ts); each is reached through the connector
 * (feast-access.ts) and read through its REST API (feast-client.ts, checked by feast-wire.ts).
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
import { FeastUnreachable, type FeastClient } from './feast-client';
import { discoverRegistries, type FoundRegistries } from './feast-discovery';
import type { FeastSettingsStore } from './feast-settings';
import {
  DataSourcesAnswer,
  dataSourcesFrom,
  EntitiesAnswer,
  entitiesFrom,
  FeatureServicesAnswer,
  featureServicesFrom,
  FeatureViewsAnswer,
  featureViewsFrom,
  LineageAnswer,
  lineageFrom,
  parseWire,
  ProjectAnswer,
  projectFrom,
  ProjectsAnswer,
  projectsFrom,
  SavedDatasetsAnswer,
  savedDatasetsFrom,
  withSavedDatasetEdges,
} from './feast-wire';

/** Options (tests). */
export interface FeastServiceOptions {
  now?: () => number;
  /** Registry request timeout (default 30 s). */
  timeoutMs?: number;
}

/** Whether MLDeck should serve what it kept rather than fail (not reached; not an answer that is not Feast). */
const unreachable = (e: unknown) => isAppError(e) && (e.code === 'unavailable' || e.code === 'timeout') && e.retryable !== false;

const asAppError = (e: unknown) => (isAppError(e) ? e : new AppError('internal', String(e)));

/** The words for a registry id when the found list is not at hand. */
function registryLabel(id: RegistryId, url: string): string {
  return id === 'url' ? url : id.replace(/^svc:/, '');
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
    this.pool = new AccessPool(new FeastAccessMaker(clusters, connector, settings, opts.timeoutMs ?? 30_000));
    this.kept = { rows: cache, now: opts.now ?? Date.now, service: 'this Feast registry', unreachable, lists: ['registries', 'projects'] };
  }

  getSettings(clusterId: string): Promise<FeastSettings> {
    return this.settings.get(clusterId);
  }

  /** Stores a cluster's settings; the next call reads the registry they name. */
  async setSettings(input: FeastSettingsInput): Promise<FeastSettings> {
    const saved = await this.settings.set(input);
    this.pool.forget(accessKey(input.clusterId, 'url'));
    return saved;
  }

  /** The registries of one cluster or of every cluster, each with its projects (or why not). */
  async registries(req: RegistriesRequest): Promise<FeastRegistries> {
    return { clusters: await Promise.all(this.clusterIds(req.clusterId).map((id) => this.clusterFeast(id))) };
  }

  /** A project with all its objects and the registry's lineage. */
  async project(req: ProjectRequest): Promise<FeastProjectDetail> {
    const { url } = await this.settings.get(req.clusterId);
    const label = registryLabel(req.registryId, url);
    const got = await this.read(req.clusterId, req.registryId, 'project', `${req.registryId}|${req.project}`, async (c) => {
      const q = { project: req.project };
      const name = encodeURIComponent(req.project);
      const [project, entities, dataSources, featureViews, featureServices, savedDatasets, lineage] = await Promise.all([
        c.get(`/projects/${name}`).then((j) => projectFrom(parseWire(ProjectAnswer, j, c.label, 'project'))),
        c.get('/entities', q).then((j) => entitiesFrom(parseWire(EntitiesAnswer, j, c.label, 'entities'))),
        c.get('/data_sources', q).then((j) => dataSourcesFrom(parseWire(DataSourcesAnswer, j, c.label, 'data sources'))),
        c.get('/feature_views', q).then((j) => featureViewsFrom(parseWire(FeatureViewsAnswer, j, c.label, 'feature views'))),
        c.get('/feature_services', q).then((j) => featureServicesFrom(parseWire(FeatureServicesAnswer, j, c.label, 'feature services'))),
        c.get('/saved_datasets', q).then((j) => savedDatasetsFrom(parseWire(SavedDatasetsAnswer, j, c.label, 'saved datasets'))),
        c.get('/lineage/registry', q).then((j) => lineageFrom(parseWire(LineageAnswer, j, c.label, 'lineage'))),
      ]);
      return { project, entities, dataSources, featureViews, featureServices, savedDatasets, lineage: withSavedDatasetEdges(lineage, savedDatasets) };
    });
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

  /** The registries of a cluster: the URL in the settings, or those found (kept for offline). */
  private async found(clusterId: string): Promise<FoundRegistries & { cachedAt: number | undefined }> {
    const { url } = await this.settings.get(clusterId);
    if (url)
      return {
        registries: [{ id: 'url', label: url, foundBy: 'the URL in this cluster’s Feast settings' }],
        lookedIn: 'the URL in the Feast settings',
        cachedAt: undefined,
      };
    const got = await readThrough(this.kept, clusterId, 'registries', '', async () => ({
      value: await discoverRegistries(await this.clusters.http(clusterId), this.fallbackNamespaces(clusterId)),
      origin: { kind: 'live' as const },
    }));
    return { registries: got.registries, lookedIn: got.lookedIn, cachedAt: got.origin.kind === 'cache' ? got.origin.seenAt : undefined };
  }

  private async projectsOf(clusterId: string, registry: FeastRegistryFound): Promise<FeastRegistryProjects> {
    try {
      const got = await this.read(clusterId, registry.id, 'projects', registry.id, async (c) => ({
        projects: projectsFrom(parseWire(ProjectsAnswer, await c.get('/projects'), c.label, 'projects'), c.label),
      }));
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
    fetch: (c: FeastClient) => Promise<T>,
  ): Promise<T & { origin: FeastOrigin }> {
    return readThrough(this.kept, clusterId, kind, key, async () => {
      const k = accessKey(clusterId, registryId);
      const a = await this.pool.get(k);
      try {
        return { value: await fetch(a.client), origin: a.origin };
      } catch (e) {
        if (e instanceof FeastUnreachable) this.pool.forget(k);
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
