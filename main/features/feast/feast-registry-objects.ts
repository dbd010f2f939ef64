// SPDX-License-Identifier: Apache-2.0
/**
 * A Feast registry's objects as ProtoJSON — a whole `feast.core.Registry` (a registry file's bytes
 * decoded) split by project, or one project's lists from the gRPC registry server — made into the
 * answers Feast's REST API gives for that project (`/projects`, `/entities`, `/data_sources`, `/feature_views`, …), so the
 * same checks and mappings (feast-wire.ts) make the same model whichever way a registry was
 * read; the file's lineage by Feast's rules (feast-registry-lineage.ts). Pure.
 */
import { AppError } from '../../../shared/errors';
import type { FeastProjectDetail, FeastProjectSummary, FeastRelation } from '../../../shared/features/feast/feast.contract';
import { registryLineage, type WireRelation } from './feast-registry-lineage';
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
  ProjectsAnswer,
  projectsFrom,
  SavedDatasetsAnswer,
  savedDatasetsFrom,
  withSavedDatasetEdges,
} from './feast-wire';

type Obj = Record<string, unknown>;

/** A project's objects as MLDeck shows them (what a project read gives, before its origin). */
export type ProjectObjects = Pick<
  FeastProjectDetail,
  'project' | 'entities' | 'dataSources' | 'featureViews' | 'featureServices' | 'savedDatasets' | 'lineage'
>;

const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (reg: Obj, key: string): Obj[] => (Array.isArray(reg[key]) ? (reg[key] as unknown[]).map(obj) : []);
/** The project an object belongs to: `spec.project`, or `project` for data sources. */
const projectOf = (o: Obj): string => {
  const p = obj(o.spec).project ?? o.project;
  return typeof p === 'string' ? p : '';
};

/**
 * The registry's projects: its `projects`, and a project only named in `projectMetadata` (registries
 * written before Feast kept Project objects), by name.
 */
export function registryProjects(registry: unknown, label: string): FeastProjectSummary[] {
  const reg = obj(registry);
  const projects = list(reg, 'projects');
  const named = new Set(projects.map((p) => obj(p.spec).name));
  for (const m of list(reg, 'projectMetadata'))
    if (typeof m.project === 'string' && m.project && !named.has(m.project)) {
      named.add(m.project);
      projects.push({ spec: { name: m.project } });
    }
  return projectsFrom(parseWire(ProjectsAnswer, { projects }, label, 'projects'), label);
}

/** One project's objects as ProtoJSON lists, as a registry holds them. */
export interface ProjectLists {
  entities: unknown[];
  dataSources: unknown[];
  featureViews: unknown[];
  onDemandFeatureViews: unknown[];
  streamFeatureViews: unknown[];
  labelViews: unknown[];
  featureServices: unknown[];
  savedDatasets: unknown[];
}

/**
 * One project's objects and lineage, from its lists.
 * @param lineage - the registry server's own relationships (gRPC `GetRegistryLineage`), or
 *   undefined to derive them by Feast's rules (a file)
 * @throws AppError `unavailable` for objects of a shape MLDeck does not know
 */
export function projectFromLists(project: FeastProjectSummary, lists: ProjectLists, label: string, lineage?: WireRelation[]): ProjectObjects {
  const l = (xs: unknown[]) => xs.map(obj);
  const views = { featureViews: l(lists.featureViews), onDemandFeatureViews: l(lists.onDemandFeatureViews), streamFeatureViews: l(lists.streamFeatureViews) };
  const typed = [
    ...views.featureViews.map((v) => ({ type: 'featureView', ...v })),
    ...views.onDemandFeatureViews.map((v) => ({ type: 'onDemandFeatureView', ...v })),
    ...views.streamFeatureViews.map((v) => ({ type: 'streamFeatureView', ...v })),
  ];
  const featureServices = l(lists.featureServices);
  const relationships = lineage ?? registryLineage({ ...views, labelViews: l(lists.labelViews), featureServices });
  return projectObjectsFrom(
    project,
    {
      entities: { entities: lists.entities },
      dataSources: { dataSources: lists.dataSources },
      featureViews: { featureViews: typed },
      featureServices: { featureServices },
      savedDatasets: { savedDatasets: lists.savedDatasets },
      lineage: { relationships },
    },
    label,
  );
}

/** A project's answers as Feast's REST API gives them (`/entities`, `/data_sources`, …, `/lineage/registry`). */
export interface ProjectAnswers {
  entities: unknown;
  dataSources: unknown;
  featureViews: unknown;
  featureServices: unknown;
  savedDatasets: unknown;
  lineage: unknown;
}

/**
 * A project's objects from its answers, checked and mapped by feast-wire.ts, whichever way they were
 * read (REST, gRPC, a file); the saved datasets' lineage edges added.
 * @throws AppError `unavailable` for an answer of a shape MLDeck does not know
 */
export function projectObjectsFrom(project: FeastProjectSummary, a: ProjectAnswers, label: string): ProjectObjects {
  const savedDatasets = savedDatasetsFrom(parseWire(SavedDatasetsAnswer, a.savedDatasets, label, 'saved datasets'));
  const direct: FeastRelation[] = lineageFrom(parseWire(LineageAnswer, a.lineage, label, 'lineage'));
  return {
    project,
    entities: entitiesFrom(parseWire(EntitiesAnswer, a.entities, label, 'entities')),
    dataSources: dataSourcesFrom(parseWire(DataSourcesAnswer, a.dataSources, label, 'data sources')),
    featureViews: featureViewsFrom(parseWire(FeatureViewsAnswer, a.featureViews, label, 'feature views')),
    featureServices: featureServicesFrom(parseWire(FeatureServicesAnswer, a.featureServices, label, 'feature services')),
    savedDatasets,
    lineage: withSavedDatasetEdges(direct, savedDatasets),
  };
}

/**
 * One project's objects and lineage in a whole registry (a file: each object names its project), the
 * lineage by Feast's rules.
 * @throws AppError `not-found` for a project the registry does not hold; `unavailable` for objects of a shape MLDeck does not know
 */
export function registryProject(registry: unknown, name: string, label: string): ProjectObjects {
  const reg = obj(registry);
  const project = registryProjects(reg, label).find((p) => p.name === name);
  if (!project) throw new AppError('not-found', `${label} has no project "${name}".`, undefined, false, 'feast');
  const of = (key: string) => list(reg, key).filter((o) => projectOf(o) === name);
  return projectFromLists(
    project,
    {
      entities: of('entities'),
      dataSources: of('dataSources'),
      featureViews: of('featureViews'),
      onDemandFeatureViews: of('onDemandFeatureViews'),
      streamFeatureViews: of('streamFeatureViews'),
      labelViews: of('labelViews'),
      featureServices: of('featureServices'),
      savedDatasets: of('savedDatasets'),
    },
    label,
  );
}
