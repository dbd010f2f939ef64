// SPDX-License-Identifier: Apache-2.0
/**
 * Feast feature registries: each cluster's Feast registries — registry servers found as Services
 * (REST `/api/v1`, Feast 0.67's `feast serve_registry --rest-api`, or its gRPC RegistryServer),
 * registry files in object storage named by a `feature_store.yaml` ConfigMap, or a URL or an
 * `s3://` registry file set per cluster: projects, entities, data sources, feature views of every kind, feature services,
 * saved datasets and the registry's own lineage; search by feature, feature view or entity name
 * across projects and clusters; what was seen served from the cache when a registry cannot be
 * reached.
 */
import { z } from 'zod';
import type { AppErrorData } from '../../errors';
import { rpc } from '../../ipc/define';

const ClusterId = z.string().min(1).max(512);

/**
 * How MLDeck names a registry inside a cluster: `svc:<namespace>/<service>` (a REST registry
 * Service), `grpc:<namespace>/<service>` (a gRPC registry Service), `cm:<namespace>/<configmap>` (the
 * registry file a `feature_store.yaml` ConfigMap names), `url` (the URL in the settings) or `file`
 * (the registry file in the settings).
 */
export const RegistryId = z
  .string()
  .regex(/^(url|file|(svc|grpc|cm):[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/, 'Not a Feast registry id');
/** {@link RegistryId} */
export type RegistryId = z.infer<typeof RegistryId>;

/** A Feast project name (Feast allows letters, digits and underscores; '-' is tolerated). */
export const FeastProjectName = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,127}$/, 'Not a Feast project name');

/** A registry URL per cluster; '' means "find the registry in the cluster". */
export const FeastUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((u) => u === '' || /^https?:\/\/[^\s/]+/.test(u), 'Give an http:// or https:// URL (the registry server, e.g. http://feast-registry.feast:6572)');

/** A registry file in object storage; '' means none. */
export const FeastRegistryFile = z
  .string()
  .trim()
  .max(2048)
  .refine((u) => u === '' || /^s3:\/\/[a-z0-9][a-z0-9.-]{1,62}\/\S+$/.test(u), 'Give an s3:// path to the registry file (e.g. s3://feast/registry.db)');

/** Per-cluster settings. */
export const FeastSettingsInput = z.object({ clusterId: ClusterId, url: FeastUrl, registryFile: FeastRegistryFile.default('') });
/** {@link FeastSettingsInput} */
export type FeastSettingsInput = z.input<typeof FeastSettingsInput>;
/** The settings as kept. */
export interface FeastSettings {
  clusterId: string;
  /** The registry server's URL; '' when MLDeck finds registries in the cluster. */
  url: string;
  /** An `s3://` registry file read besides (read with KFP's artifact store credentials); '' for none. */
  registryFile: string;
}

/** Where registry data came from. */
export type FeastOrigin =
  | { kind: 'port-forward'; namespace: string; service: string; pod: string; port: number }
  | { kind: 'url'; url: string }
  /** Read from a gRPC registry server through a port-forward. */
  | { kind: 'grpc'; namespace: string; service: string; pod: string; port: number }
  /** Read from a registry file (`s3://…`) with the store named in `store`. */
  | { kind: 'file'; uri: string; store: string }
  /** The registry (or the cluster) could not be reached: what MLDeck saw at `seenAt` (ms since epoch). */
  | { kind: 'cache'; seenAt: number; why: string };

/** How a registry is read: Feast's REST API, its gRPC RegistryServer, or a registry file with Feast's protobuf schema. */
export type FeastProtocol = 'rest' | 'grpc' | 'file';

/** A registry server MLDeck found (or was given), with the words saying how. */
export interface FeastRegistryFound {
  id: RegistryId;
  /** `namespace/service`, the URL, or the file's `s3://` path. */
  label: string;
  /** How it is read. */
  protocol: FeastProtocol;
  /** Where it came from ("Service feast/feast-registry: named like a Feast registry, port 6572"). */
  foundBy: string;
}

/** A project as lists show it. */
export interface FeastProjectSummary {
  name: string;
  description: string;
  owner: string;
  tags: Record<string, string>;
  /** ISO times ('' when the registry does not say). */
  createdAt: string;
  updatedAt: string;
}

/** One registry's projects, or why they could not be read. */
export type FeastRegistryProjects =
  | { registry: FeastRegistryFound; ok: true; projects: FeastProjectSummary[]; origin: FeastOrigin }
  | { registry: FeastRegistryFound; ok: false; error: AppErrorData };

/** One cluster's registries, or why none could be found. */
export type ClusterFeast =
  | {
      clusterId: string;
      ok: true;
      /** Where MLDeck looked, in words ("every namespace", "feast, team-a", "the URL in the Feast settings"). */
      lookedIn: string;
      registries: FeastRegistryProjects[];
      /** Set when the list of registries itself comes from the cache. */
      cachedAt: number | undefined;
    }
  | { clusterId: string; ok: false; error: AppErrorData };

export const RegistriesRequest = z.object({ clusterId: ClusterId.optional() });
/** {@link RegistriesRequest}: one cluster, or every cluster when `clusterId` is undefined. */
export type RegistriesRequest = z.infer<typeof RegistriesRequest>;
/** Registries across clusters. */
export interface FeastRegistries {
  clusters: ClusterFeast[];
}

/** A feature, an entity column or a request field: a name and its Feast value type. */
export interface FeastField {
  name: string;
  /** Feast's ValueType name (`INT64`, `FLOAT`, `STRING_LIST`…); '' when the registry leaves it out. */
  valueType: string;
  description: string;
  tags: Record<string, string>;
}

/** What every registry object has. */
export interface FeastObjectBase {
  name: string;
  description: string;
  owner: string;
  tags: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export interface FeastEntity extends FeastObjectBase {
  joinKey: string;
  valueType: string;
}

export interface FeastDataSource extends FeastObjectBase {
  /** Feast's SourceType (`BATCH_FILE`, `REQUEST_SOURCE`, `PUSH_SOURCE`, …). */
  type: string;
  /** Where the data is: a file URI, a table, a query ('' when not said). */
  where: string;
  timestampField: string;
  createdTimestampColumn: string;
  fieldMapping: Record<string, string>;
  /** A request source's fields. */
  schema: FeastField[];
  /** A push source's batch source. */
  batchSource: string;
}

/** What a feature view is. */
export type FeatureViewKind = 'featureView' | 'onDemandFeatureView' | 'streamFeatureView';

/** An on-demand feature view's input. */
export interface FeastOdfvSource {
  /** The input's key in the view. */
  key: string;
  kind: 'featureView' | 'requestSource';
  /** The feature view or request source it reads. */
  name: string;
  /** For a feature view input: the features it takes ([] = all). */
  features: string[];
}

export interface FeastFeatureView extends FeastObjectBase {
  kind: FeatureViewKind;
  features: FeastField[];
  entities: string[];
  entityColumns: FeastField[];
  /** Seconds; undefined when there is none (features never expire). */
  ttlSeconds: number | undefined;
  batchSource: string;
  streamSource: string;
  /** On-demand views: their inputs. */
  sources: FeastOdfvSource[];
  online: boolean;
  offline: boolean;
  /** On-demand views: the transformation's mode (`pandas`, `python`, `substrait`) and its source text. */
  mode: string;
  transformation: string;
}

/** A feature service's use of one feature view. */
export interface FeastProjection {
  featureView: string;
  alias: string;
  /** The features taken from the view. */
  features: string[];
}

export interface FeastFeatureService extends FeastObjectBase {
  projections: FeastProjection[];
}

export interface FeastSavedDataset extends FeastObjectBase {
  /** `view:feature` references. */
  features: string[];
  joinKeys: string[];
  featureService: string;
  /** Where the dataset is kept (a file URI, a table). */
  storage: string;
  minEventAt: string;
  maxEventAt: string;
}

/** The registry's object types as its lineage names them. */
export type FeastObjectType = 'dataSource' | 'entity' | 'featureView' | 'featureService' | 'feature' | 'savedDataset' | 'labelView';

/** One edge of the lineage: `source` feeds `target`. */
export interface FeastRelation {
  source: { type: string; name: string };
  target: { type: string; name: string };
  /**
   * `registry`: from the registry's `/lineage/registry`; `objects`: derived by MLDeck from the saved
   * datasets (Feast 0.67 builds its lineage without them: feature service and feature views → saved dataset).
   */
  from: 'registry' | 'objects';
}

export const ProjectRequest = z.object({ clusterId: ClusterId, registryId: RegistryId, project: FeastProjectName });
export type ProjectRequest = z.infer<typeof ProjectRequest>;

/** A project with every object in it and the lineage between them. */
export interface FeastProjectDetail {
  clusterId: string;
  registryId: RegistryId;
  /** `namespace/service`, or the URL. */
  registryLabel: string;
  project: FeastProjectSummary;
  entities: FeastEntity[];
  dataSources: FeastDataSource[];
  /** Every kind of feature view (batch, stream, on-demand). */
  featureViews: FeastFeatureView[];
  featureServices: FeastFeatureService[];
  savedDatasets: FeastSavedDataset[];
  /** The registry's direct relationships (`/lineage/registry`) and the saved datasets' edges it leaves out. */
  lineage: FeastRelation[];
  origin: FeastOrigin;
}

export const SearchRequest = z.object({ clusterId: ClusterId.optional(), query: z.string().trim().min(1, 'Type a name to search for').max(200) });
export type SearchRequest = z.infer<typeof SearchRequest>;

/** What a search match is. */
export type FeastMatchKind = 'feature' | 'featureView' | 'entity';

/** One object whose name matches, with where it lives. */
export interface FeastMatch {
  clusterId: string;
  registryId: RegistryId;
  registryLabel: string;
  project: string;
  kind: FeastMatchKind;
  name: string;
  /** The feature view: the match itself, or the view holding the matched feature. */
  featureView: string;
  viewKind: FeatureViewKind | undefined;
  /** A feature's or entity's value type. */
  valueType: string;
  /** Whether the name is the query exactly (case aside). */
  exact: boolean;
}

/** Where a search could not look, or looked at the cache. */
export interface FeastSearchNote {
  clusterId: string;
  /** The registry ('' for the whole cluster). */
  registryLabel: string;
  project: string;
  /** Set when the search used what was kept: its time. */
  cachedAt: number | undefined;
  error: AppErrorData | undefined;
}

/** Matches across clusters, registries and projects. */
export interface FeastSearchResult {
  query: string;
  matches: FeastMatch[];
  notes: FeastSearchNote[];
}

export const feastContract = {
  getSettings: rpc<{ clusterId: string }, FeastSettings>('feast:get-settings', z.object({ clusterId: ClusterId })),
  setSettings: rpc<FeastSettingsInput, FeastSettings>('feast:set-settings', FeastSettingsInput),
  registries: rpc<RegistriesRequest, FeastRegistries>('feast:registries', RegistriesRequest),
  project: rpc<ProjectRequest, FeastProjectDetail>('feast:project', ProjectRequest),
  search: rpc<SearchRequest, FeastSearchResult>('feast:search', SearchRequest),
} as const;
