// SPDX-License-Identifier: Apache-2.0
/**
 * What the service asks of a registry, whichever way it is read: its projects, and one project's
 * objects and lineage. Three readers: {@link RestReader} (Feast's REST API, feast-client.ts),
 * `GrpcReader` and `FileReader` (feast-proto-readers.ts: the gRPC RegistryServer, a registry file).
 */
import type { FeastProjectSummary } from '../../../shared/features/feast/feast.contract';
import type { FeastClient } from './feast-client';
import { projectObjectsFrom, type ProjectObjects } from './feast-registry-objects';
import { parseWire, ProjectAnswer, projectFrom, ProjectsAnswer, projectsFrom } from './feast-wire';

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
      c.get('/entities', q),
      c.get('/data_sources', q),
      c.get('/feature_views', q),
      c.get('/feature_services', q),
      c.get('/saved_datasets', q),
      c.get('/lineage/registry', q),
    ]);
    return projectObjectsFrom(summary, { entities, dataSources, featureViews, featureServices, savedDatasets, lineage }, c.label);
  }

  close(): void {
    // undici pools its connections per route and closes idle ones itself
  }
}
