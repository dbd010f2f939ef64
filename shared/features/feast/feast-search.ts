// SPDX-License-Identifier: Apache-2.0
/**
 * Searching a Feast project by name: features (with the view holding them), feature views of
 * every kind and entities (by name or join key) whose name contains the query, case aside; exact
 * names first, then by name, cluster, project. Pure, so main runs it on what it read or kept.
 */
import type { FeastEntity, FeastFeatureView, FeastMatch, RegistryId } from './feast.contract';

/** Where a project lives. */
export interface ProjectPlace {
  clusterId: string;
  registryId: RegistryId;
  registryLabel: string;
  project: string;
}

/** The matches in one project. */
export function matchProject(place: ProjectPlace, objects: { entities: FeastEntity[]; featureViews: FeastFeatureView[] }, query: string): FeastMatch[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const out: FeastMatch[] = [];
  const hit = (name: string) => name.toLowerCase().includes(q);
  const exact = (name: string) => name.toLowerCase() === q;
  for (const v of objects.featureViews) {
    if (hit(v.name)) out.push({ ...place, kind: 'featureView', name: v.name, featureView: v.name, viewKind: v.kind, valueType: '', exact: exact(v.name) });
    for (const f of v.features)
      if (hit(f.name))
        out.push({ ...place, kind: 'feature', name: f.name, featureView: v.name, viewKind: v.kind, valueType: f.valueType, exact: exact(f.name) });
  }
  for (const e of objects.entities)
    if (hit(e.name) || hit(e.joinKey))
      out.push({
        ...place,
        kind: 'entity',
        name: e.name,
        featureView: '',
        viewKind: undefined,
        valueType: e.valueType,
        exact: exact(e.name) || exact(e.joinKey),
      });
  return out;
}

const kindOrder: Record<FeastMatch['kind'], number> = { featureView: 0, feature: 1, entity: 2 };

/** Exact names first, then by name, kind, cluster name, registry, project and view. */
export function sortMatches(matches: FeastMatch[], clusterName: (id: string) => string = (id) => id): FeastMatch[] {
  return [...matches].sort(
    (a, b) =>
      Number(b.exact) - Number(a.exact) ||
      a.name.localeCompare(b.name) ||
      kindOrder[a.kind] - kindOrder[b.kind] ||
      clusterName(a.clusterId).localeCompare(clusterName(b.clusterId)) ||
      a.registryLabel.localeCompare(b.registryLabel) ||
      a.project.localeCompare(b.project) ||
      a.featureView.localeCompare(b.featureView),
  );
}
