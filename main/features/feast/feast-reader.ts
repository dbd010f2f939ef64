// SPDX-License-Identifier: Apache-2.0
/**
 * What the service asks of a registry, whichever way it is read: its projects, and one project's
 * objects and lineage. Three readers: {@link RestReader} (Feast's REST API, feast-client.ts),
 * `GrpcReader` and `FileReader` (feast-proto-readers.ts: the gRPC RegistryServer, a registry file).
 */
import type { FeastProjectSummary } from '../../../shared/features/feast/feast.contract';
import type { FeastClient } from './feast-client';
import type { ProjectObjects } from './feast-registry-objects';
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

/** A registry to read. */
export interface FeastReader {
  /** How the user knows the registry. */
  readonly label: string;
  projects(): Promise<FeastProjectSummary[]>;
  project(name: string): Promise<ProjectObjects>;
  /** Lets go of connections. */
  close(): void;
}

/** A REST registry server (`/api/v1`). */
export class RestReader implements FeastReader {
  constructor(private readonly c: FeastClient) {}

  get label(): string {
    return this.c.label;
  }

  async projects(): Promise<FeastProjectSummary[]> {
    const c = this.c;
    return projectsFrom(parseWire(ProjectsAnswer, await c.get('/projects'), c.label, 'projects'), c.label);
  }

  async project(project: string): Promise<ProjectObjects> {
    const c = this.c;
    const q = { project };
    const name = encodeURIComponent(project);
    const [summary, entities, dataSources, featureViews, featureServices, savedDatasets, lineage] = await Promise.all([
      c.get(`/projects/${name}`).then((j) => projectFrom(parseWire(ProjectAnswer, j, c.label, 'project'))),
      c.get('/entities', q).then((j) => entitiesFrom(parseWire(EntitiesAnswer, j, c.label, 'entities'))),
      c.get('/data_sources', q).then((j) => dataSourcesFrom(parseWire(DataSourcesAnswer, j, c.label, 'data sources'))),
      c.get('/feature_views', q).then((j) => featureViewsFrom(parseWire(FeatureViewsAnswer, j, c.label, 'feature views'))),
      c.get('/feature_services', q).then((j) => featureServicesFrom(parseWire(FeatureServicesAnswer, j, c.label, 'feature services'))),
      c.get('/saved_datasets', q).then((j) => savedDatasetsFrom(parseWire(SavedDatasetsAnswer, j, c.label, 'saved datasets'))),
      c.get('/lineage/registry', q).then((j) => lineageFrom(parseWire(LineageAnswer, j, c.label, 'lineage'))),
    ]);
    return { project: summary, entities, dataSources, featureViews, featureServices, savedDatasets, lineage: withSavedDatasetEdges(lineage, savedDatasets) };
  }

  close(): void {
    // undici pools its connections per route and closes idle ones itself
  }
}
