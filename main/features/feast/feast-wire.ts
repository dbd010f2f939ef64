// SPDX-License-Identifier: Apache-2.0
/**
 * Feast's REST registry answers (`/api/v1`, Feast 0.67: protobuf messages as JSON through
 * `MessageToDict`, so camelCase names and default values left out) checked with zod, unknown
 * fields tolerated, and mapped to what MLDeck shows. An answer of the wrong shape is refused in
 * words ({@link parseWire}): it is not a Feast registry, or not one MLDeck understands. Pure.
 */
import { z, type ZodType } from 'zod';
import { AppError } from '../../../shared/errors';
import type {
  FeastDataSource,
  FeastEntity,
  FeastFeatureService,
  FeastFeatureView,
  FeastField,
  FeastObjectBase,
  FeastOdfvSource,
  FeastProjectSummary,
  FeastRelation,
  FeastSavedDataset,
  FeatureViewKind,
} from '../../../shared/features/feast/feast.contract';

const Tags = z.record(z.string(), z.string()).optional();
const Meta = z.looseObject({ createdTimestamp: z.string().optional(), lastUpdatedTimestamp: z.string().optional() }).optional();
const Field = z.looseObject({ name: z.string(), valueType: z.string().optional(), description: z.string().optional(), tags: Tags });
type WireField = z.infer<typeof Field>;

const ProjectW = z.looseObject({
  spec: z.looseObject({ name: z.string(), description: z.string().optional(), owner: z.string().optional(), tags: Tags }),
  meta: Meta,
});
/** `GET /projects/{name}`. */
export const ProjectAnswer = ProjectW;
/** `GET /projects`: Feast answers a failure as `{"error": …}` with 200. */
export const ProjectsAnswer = z.looseObject({ projects: z.array(ProjectW).optional(), error: z.string().optional() });

const EntityW = z.looseObject({
  spec: z.looseObject({
    name: z.string(),
    valueType: z.string().optional(),
    joinKey: z.string().optional(),
    description: z.string().optional(),
    owner: z.string().optional(),
    tags: Tags,
  }),
  meta: Meta,
});
export const EntitiesAnswer = z.looseObject({ entities: z.array(EntityW).optional() });

const Options = z
  .looseObject({ uri: z.string().optional(), table: z.string().optional(), query: z.string().optional(), path: z.string().optional() })
  .optional();
const SourceBase = {
  name: z.string().optional(),
  type: z.string().optional(),
  timestampField: z.string().optional(),
  createdTimestampColumn: z.string().optional(),
  fieldMapping: Tags,
  description: z.string().optional(),
  owner: z.string().optional(),
  tags: Tags,
  fileOptions: Options,
  bigqueryOptions: Options,
  redshiftOptions: Options,
  snowflakeOptions: Options,
  sparkOptions: Options,
  trinoOptions: Options,
  athenaOptions: Options,
  kafkaOptions: z.looseObject({ kafkaBootstrapServers: z.string().optional(), topic: z.string().optional() }).optional(),
  kinesisOptions: z.looseObject({ streamName: z.string().optional(), region: z.string().optional() }).optional(),
  requestDataOptions: z.looseObject({ schema: z.array(Field).optional() }).optional(),
  meta: z.looseObject({ createdTimestamp: z.string().optional(), lastUpdatedTimestamp: z.string().optional() }).optional(),
};
const SourceBaseW = z.looseObject(SourceBase);
const SourceW = z.looseObject({ ...SourceBase, batchSource: SourceBaseW.optional() });
export const DataSourcesAnswer = z.looseObject({ dataSources: z.array(SourceW).optional() });

const Projection = z.looseObject({
  featureViewName: z.string().optional(),
  featureViewNameAlias: z.string().optional(),
  featureColumns: z.array(Field).optional(),
});
const OdfvSourceW = z.looseObject({
  featureView: z.looseObject({ spec: z.looseObject({ name: z.string() }) }).optional(),
  featureViewProjection: Projection.optional(),
  requestDataSource: z.looseObject({ name: z.string().optional() }).optional(),
});
const ViewSpec = z.looseObject({
  name: z.string(),
  entities: z.array(z.string()).optional(),
  features: z.array(Field).optional(),
  entityColumns: z.array(Field).optional(),
  ttl: z.string().optional(),
  batchSource: SourceW.optional(),
  streamSource: SourceW.optional(),
  sources: z.record(z.string(), OdfvSourceW).optional(),
  online: z.boolean().optional(),
  offline: z.boolean().optional(),
  description: z.string().optional(),
  owner: z.string().optional(),
  tags: Tags,
  mode: z.string().optional(),
  featureTransformation: z
    .looseObject({
      userDefinedFunction: z.looseObject({ bodyText: z.string().optional() }).optional(),
      substraitTransformation: z.looseObject({}).optional(),
    })
    .optional(),
  userDefinedFunction: z.looseObject({ bodyText: z.string().optional() }).optional(),
});
const ViewW = z.looseObject({ type: z.string().optional(), spec: ViewSpec, meta: Meta });
type WireView = z.infer<typeof ViewW>;
export const FeatureViewsAnswer = z.looseObject({ featureViews: z.array(ViewW).optional() });

const ServiceW = z.looseObject({
  spec: z.looseObject({
    name: z.string(),
    features: z.array(Projection).optional(),
    description: z.string().optional(),
    owner: z.string().optional(),
    tags: Tags,
  }),
  meta: Meta,
});
export const FeatureServicesAnswer = z.looseObject({ featureServices: z.array(ServiceW).optional() });

const StorageW = z
  .looseObject({
    fileStorage: z.looseObject({ uri: z.string().optional() }).optional(),
    bigqueryStorage: z.looseObject({ table: z.string().optional() }).optional(),
    redshiftStorage: z.looseObject({ table: z.string().optional() }).optional(),
    snowflakeStorage: z.looseObject({ table: z.string().optional() }).optional(),
    trinoStorage: z.looseObject({ table: z.string().optional() }).optional(),
    sparkStorage: z.looseObject({ table: z.string().optional(), path: z.string().optional() }).optional(),
    athenaStorage: z.looseObject({ table: z.string().optional() }).optional(),
  })
  .optional();
const DatasetW = z.looseObject({
  spec: z.looseObject({
    name: z.string(),
    features: z.array(z.string()).optional(),
    joinKeys: z.array(z.string()).optional(),
    featureServiceName: z.string().optional(),
    storage: StorageW,
    description: z.string().optional(),
    tags: Tags,
  }),
  meta: z
    .looseObject({
      createdTimestamp: z.string().optional(),
      lastUpdatedTimestamp: z.string().optional(),
      minEventTimestamp: z.string().optional(),
      maxEventTimestamp: z.string().optional(),
    })
    .optional(),
});
export const SavedDatasetsAnswer = z.looseObject({ savedDatasets: z.array(DatasetW).optional() });

const Ref = z.looseObject({ type: z.string().optional(), name: z.string().optional() });
export const LineageAnswer = z.looseObject({ relationships: z.array(z.looseObject({ source: Ref.optional(), target: Ref.optional() })).optional() });

/**
 * Checks an answer against its schema.
 * @param label - how the user knows the registry, for the message
 * @param what - what was asked ("projects")
 * @throws AppError `unavailable` naming the first field that does not fit
 */
export function parseWire<T>(schema: ZodType<T>, json: unknown, label: string, what: string): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(the answer)';
  throw new AppError(
    'unavailable',
    `${label} answered its ${what} in a shape MLDeck does not know (${where}: ${issue?.message ?? 'unexpected'}): it may not be a Feast registry server, or not Feast 0.67's REST API.`,
    JSON.stringify(json)?.slice(0, 300),
    false,
  );
}

const base = (
  spec: { name: string; description?: string | undefined; owner?: string | undefined; tags?: Record<string, string> | undefined },
  meta: z.infer<typeof Meta>,
): FeastObjectBase => ({
  name: spec.name,
  description: spec.description ?? '',
  owner: spec.owner ?? '',
  tags: spec.tags ?? {},
  createdAt: meta?.createdTimestamp ?? '',
  updatedAt: meta?.lastUpdatedTimestamp ?? '',
});

const field = (f: WireField): FeastField => ({ name: f.name, valueType: f.valueType ?? '', description: f.description ?? '', tags: f.tags ?? {} });

/** A project. */
export function projectFrom(a: z.infer<typeof ProjectAnswer>): FeastProjectSummary {
  return base(a.spec, a.meta);
}

/** Projects, by name. */
export function projectsFrom(a: z.infer<typeof ProjectsAnswer>, label: string): FeastProjectSummary[] {
  if (a.error !== undefined) throw new AppError('unavailable', `${label} could not list its projects: ${a.error}.`, undefined, false);
  return (a.projects ?? []).map((p) => base(p.spec, p.meta)).sort((x, y) => x.name.localeCompare(y.name));
}

/** Feast's own entity of views without one (`DUMMY_ENTITY_NAME`), and its join key: not the user's, so not shown. */
export const dummyEntity = '__dummy';
const dummyJoinKey = '__dummy_id';

export function entitiesFrom(a: z.infer<typeof EntitiesAnswer>): FeastEntity[] {
  return (a.entities ?? [])
    .filter((e) => e.spec.name !== dummyEntity)
    .map((e) => ({ ...base(e.spec, e.meta), joinKey: e.spec.joinKey ?? '', valueType: e.spec.valueType ?? '' }))
    .sort(byName);
}

/** Where a data source's data is, in one line. */
export function sourceWhere(s: z.infer<typeof SourceBaseW>): string {
  const o = s.fileOptions ?? s.bigqueryOptions ?? s.redshiftOptions ?? s.snowflakeOptions ?? s.sparkOptions ?? s.trinoOptions ?? s.athenaOptions;
  if (o) return o.uri || o.path || o.table || o.query || '';
  if (s.kafkaOptions) return [s.kafkaOptions.kafkaBootstrapServers, s.kafkaOptions.topic].filter(Boolean).join(' / ');
  if (s.kinesisOptions) return [s.kinesisOptions.region, s.kinesisOptions.streamName].filter(Boolean).join(' / ');
  return '';
}

export function dataSourcesFrom(a: z.infer<typeof DataSourcesAnswer>): FeastDataSource[] {
  return (a.dataSources ?? [])
    .map((s) => ({
      name: s.name ?? '',
      description: s.description ?? '',
      owner: s.owner ?? '',
      tags: s.tags ?? {},
      createdAt: s.meta?.createdTimestamp ?? '',
      updatedAt: s.meta?.lastUpdatedTimestamp ?? '',
      type: s.type ?? '',
      where: sourceWhere(s),
      timestampField: s.timestampField ?? '',
      createdTimestampColumn: s.createdTimestampColumn ?? '',
      fieldMapping: s.fieldMapping ?? {},
      schema: (s.requestDataOptions?.schema ?? []).map(field),
      batchSource: s.batchSource?.name ?? '',
    }))
    .sort(byName);
}

/** A protobuf Duration as JSON (`"86400s"`, `"1.5s"`) in seconds; undefined for none or zero (Feast: never expires). */
export function durationSeconds(d: string | undefined): number | undefined {
  if (!d) return undefined;
  const m = /^(-?\d+(?:\.\d+)?)s$/.exec(d);
  if (!m) return undefined;
  const s = Number(m[1]);
  return s > 0 ? s : undefined;
}

const viewKinds: Record<string, FeatureViewKind> = {
  featureView: 'featureView',
  onDemandFeatureView: 'onDemandFeatureView',
  streamFeatureView: 'streamFeatureView',
};

function odfvSources(spec: WireView['spec']): FeastOdfvSource[] {
  return Object.entries(spec.sources ?? {})
    .map(([key, s]): FeastOdfvSource => {
      if (s.requestDataSource) return { key, kind: 'requestSource', name: s.requestDataSource.name ?? key, features: [] };
      const p = s.featureViewProjection;
      const name = p?.featureViewName ?? s.featureView?.spec.name ?? key;
      return { key, kind: 'featureView', name, features: (p?.featureColumns ?? []).map((f) => f.name) };
    })
    .sort((x, y) => x.key.localeCompare(y.key));
}

/** Feature views of every kind (`/feature_views` gives each with its `type`); label views and unknown kinds are left out. */
export function featureViewsFrom(a: z.infer<typeof FeatureViewsAnswer>): FeastFeatureView[] {
  const out: FeastFeatureView[] = [];
  for (const v of a.featureViews ?? []) {
    const kind = viewKinds[v.type ?? 'featureView'];
    if (!kind) continue;
    const s = v.spec;
    out.push({
      ...base(s, v.meta),
      kind,
      features: (s.features ?? []).map(field),
      entities: (s.entities ?? []).filter((e) => e !== dummyEntity),
      entityColumns: (s.entityColumns ?? []).filter((c) => c.name !== dummyJoinKey).map(field),
      ttlSeconds: durationSeconds(s.ttl),
      batchSource: s.batchSource?.name ?? '',
      streamSource: s.streamSource?.name ?? '',
      sources: kind === 'onDemandFeatureView' ? odfvSources(s) : [],
      // proto3 leaves false out: a batch view's `online` absent is false; on-demand views have no such field
      online: kind === 'onDemandFeatureView' ? false : s.online === true,
      offline: s.offline === true,
      mode: s.mode ?? '',
      transformation: s.featureTransformation?.userDefinedFunction?.bodyText ?? s.userDefinedFunction?.bodyText ?? '',
    });
  }
  return out.sort(byName);
}

export function featureServicesFrom(a: z.infer<typeof FeatureServicesAnswer>): FeastFeatureService[] {
  return (a.featureServices ?? [])
    .map((s) => ({
      ...base(s.spec, s.meta),
      projections: (s.spec.features ?? []).map((p) => ({
        featureView: p.featureViewName ?? '',
        alias: p.featureViewNameAlias ?? '',
        features: (p.featureColumns ?? []).map((f) => f.name),
      })),
    }))
    .sort(byName);
}

export function savedDatasetsFrom(a: z.infer<typeof SavedDatasetsAnswer>): FeastSavedDataset[] {
  return (a.savedDatasets ?? [])
    .map((d) => {
      const st = d.spec.storage;
      const storage =
        st?.fileStorage?.uri ??
        st?.bigqueryStorage?.table ??
        st?.redshiftStorage?.table ??
        st?.snowflakeStorage?.table ??
        st?.trinoStorage?.table ??
        st?.sparkStorage?.path ??
        st?.sparkStorage?.table ??
        st?.athenaStorage?.table ??
        '';
      return {
        ...base({ ...d.spec, owner: undefined }, d.meta),
        features: d.spec.features ?? [],
        joinKeys: d.spec.joinKeys ?? [],
        featureService: d.spec.featureServiceName ?? '',
        storage,
        minEventAt: d.meta?.minEventTimestamp ?? '',
        maxEventAt: d.meta?.maxEventTimestamp ?? '',
      };
    })
    .sort(byName);
}

/** The registry's direct relationships, without incomplete ones nor Feast's dummy entity. */
export function lineageFrom(a: z.infer<typeof LineageAnswer>): FeastRelation[] {
  const out: FeastRelation[] = [];
  for (const r of a.relationships ?? []) {
    if (!r.source?.type || !r.source.name || !r.target?.type || !r.target.name) continue;
    if (r.source.name === dummyEntity && r.source.type === 'entity') continue;
    out.push({ source: { type: r.source.type, name: r.source.name }, target: { type: r.target.type, name: r.target.name }, from: 'registry' });
  }
  return out;
}

/**
 * The lineage with the saved datasets' edges added where the registry has none: Feast 0.67's
 * `/lineage/registry` builds its registry proto without saved datasets, so its own rules for them
 * (feature service → saved dataset from `featureServiceName`, feature view → saved dataset from each
 * `view:feature` reference) never fire; MLDeck applies the same rules to the saved datasets it read.
 */
export function withSavedDatasetEdges(lineage: FeastRelation[], savedDatasets: FeastSavedDataset[]): FeastRelation[] {
  const key = (r: Pick<FeastRelation, 'source' | 'target'>) => `${r.source.type}:${r.source.name}>${r.target.type}:${r.target.name}`;
  const seen = new Set(lineage.map(key));
  const out = [...lineage];
  const add = (type: string, name: string, dataset: string) => {
    const r: FeastRelation = { source: { type, name }, target: { type: 'savedDataset', name: dataset }, from: 'objects' };
    if (seen.has(key(r))) return;
    seen.add(key(r));
    out.push(r);
  };
  for (const d of savedDatasets) {
    if (d.featureService) add('featureService', d.featureService, d.name);
    for (const ref of d.features) {
      const view = ref.includes(':') ? ref.slice(0, ref.indexOf(':')) : '';
      if (view) add('featureView', view, d.name);
    }
  }
  return out;
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name);
}
