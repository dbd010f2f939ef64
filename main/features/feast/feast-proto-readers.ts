// SPDX-License-Identifier: Apache-2.0
/**
 * The registries MLDeck reads with Feast's protobuf schema: a gRPC registry server
 * ({@link GrpcReader}: `ListProjects` for the projects; for a project `GetProject`, its `List…`
 * calls — the objects a server answers do not name their project — and `GetRegistryLineage`,
 * Feast's own lineage) and a registry file in object storage
 * ({@link FileReader}: the serialized `feast.core.Registry` read whole at each look, decoded, its
 * lineage derived by Feast's rules). Both map through feast-registry-objects.ts, so they give what
 * the REST reader gives for the same registry.
 */
import { AppError } from '../../../shared/errors';
import type { FeastProjectSummary } from '../../../shared/features/feast/feast.contract';
import type { FeastGrpcClient } from './feast-grpc-client';
import type { WireRelation } from './feast-registry-lineage';
import { projectFromLists, registryProject, registryProjects, type ProjectObjects } from './feast-registry-objects';
import type { FeastReader } from './feast-reader';
import { LineageAnswer, parseWire, ProjectAnswer, projectFrom } from './feast-wire';
import { decodeRegistry } from './proto/feast-proto';

/** A gRPC registry server. */
export class GrpcReader implements FeastReader {
  constructor(private readonly c: FeastGrpcClient) {}

  get label(): string {
    return this.c.label;
  }

  async projects(): Promise<FeastProjectSummary[]> {
    const answer = await this.c.call('ListProjects', 'feast.registry.ListProjectsRequest', 'feast.registry.ListProjectsResponse', { allow_cache: true });
    return registryProjects(answer, this.label);
  }

  async project(name: string): Promise<ProjectObjects> {
    const list = (method: string, what: string, key: string) =>
      this.c.call(method, `feast.registry.${method}Request`, `feast.registry.${method}Response`, { project: name, allow_cache: true }).then((a) => {
        const items = (a as Record<string, unknown>)[key] ?? [];
        if (!Array.isArray(items))
          throw new AppError('unavailable', `${this.label} answered its ${what} in a shape MLDeck does not know.`, undefined, false, 'feast');
        return items as unknown[];
      });
    const [project, entities, dataSources, featureViews, onDemandFeatureViews, streamFeatureViews, labelViews, featureServices, savedDatasets, lineage] =
      await Promise.all([
        this.c
          .call('GetProject', 'feast.registry.GetProjectRequest', 'feast.core.Project', { name, allow_cache: true })
          .then((j) => projectFrom(parseWire(ProjectAnswer, j, this.label, 'project'))),
        list('ListEntities', 'entities', 'entities'),
        list('ListDataSources', 'data sources', 'dataSources'),
        list('ListFeatureViews', 'feature views', 'featureViews'),
        list('ListOnDemandFeatureViews', 'on-demand feature views', 'onDemandFeatureViews'),
        list('ListStreamFeatureViews', 'stream feature views', 'streamFeatureViews'),
        list('ListLabelViews', 'label views', 'labelViews'),
        list('ListFeatureServices', 'feature services', 'featureServices'),
        list('ListSavedDatasets', 'saved datasets', 'savedDatasets'),
        this.c.call('GetRegistryLineage', 'feast.registry.GetRegistryLineageRequest', 'feast.registry.GetRegistryLineageResponse', {
          project: name,
          allow_cache: true,
        }),
      ]);
    const relationships = parseWire(LineageAnswer, lineage, this.label, 'lineage').relationships ?? [];
    return projectFromLists(
      project,
      { entities, dataSources, featureViews, onDemandFeatureViews, streamFeatureViews, labelViews, featureServices, savedDatasets },
      this.label,
      relationships as WireRelation[],
    );
  }

  close(): void {
    this.c.close();
  }
}

/** A registry file, read whole by `read` at each look. */
export class FileReader implements FeastReader {
  /**
   * @param label - the file's `s3://` path
   * @param read - the object's bytes
   */
  constructor(
    readonly label: string,
    private readonly read: () => Promise<Uint8Array>,
  ) {}

  async projects(): Promise<FeastProjectSummary[]> {
    return registryProjects(decodeRegistry(await this.read(), this.label), this.label);
  }

  async project(name: string): Promise<ProjectObjects> {
    return registryProject(decodeRegistry(await this.read(), this.label), name, this.label);
  }

  close(): void {
    // the object store's client is the platform's, kept by it
  }
}
