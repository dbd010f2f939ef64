// SPDX-License-Identifier: Apache-2.0
/**
 * The Features pages' view models, pure: the projects of every registry found as rows, with the
 * notes of what could not be read or comes from the cache; a TTL in words; what uses a feature
 * view (feature services, on-demand views, saved datasets); and the lineage as boxes and edges
 * for the graph (the registry's own relationships; features are listed in their views, not drawn).
 */
import type { AppErrorData } from '../../../shared/errors';
import type { FeastOrigin, FeastProjectDetail, FeastProtocol, FeastRegistries, RegistryId } from '../../../shared/features/feast/feast.contract';

/** One project of one registry, as the registries table shows it. */
export interface ProjectRow {
  clusterId: string;
  clusterName: string;
  registryId: RegistryId;
  registryLabel: string;
  /** How the registry is read. */
  protocol: FeastProtocol;
  foundBy: string;
  project: string;
  description: string;
  owner: string;
  /** When the row comes from the cache: the time it was seen. */
  cachedAt: number | undefined;
}

/** A note above the table. */
export type RegistryNote =
  | { kind: 'error'; clusterId: string; clusterName: string; registryLabel: string; error: AppErrorData }
  | { kind: 'cached'; clusterId: string; clusterName: string; registryLabel: string; seenAt: number; why: string }
  | { kind: 'none'; clusterId: string; clusterName: string; lookedIn: string }
  | { kind: 'empty'; clusterId: string; clusterName: string; registryLabel: string; foundBy: string };

/** Rows (by cluster name, registry, project) and notes. */
export function registryRows(value: FeastRegistries | undefined, nameOf: (id: string) => string): { rows: ProjectRow[]; notes: RegistryNote[] } {
  const rows: ProjectRow[] = [];
  const notes: RegistryNote[] = [];
  for (const c of value?.clusters ?? []) {
    const clusterName = nameOf(c.clusterId);
    if (!c.ok) {
      notes.push({ kind: 'error', clusterId: c.clusterId, clusterName, registryLabel: '', error: c.error });
      continue;
    }
    if (c.registries.length === 0) notes.push({ kind: 'none', clusterId: c.clusterId, clusterName, lookedIn: c.lookedIn });
    for (const r of c.registries) {
      if (!r.ok) {
        notes.push({ kind: 'error', clusterId: c.clusterId, clusterName, registryLabel: r.registry.label, error: r.error });
        continue;
      }
      const cachedAt = r.origin.kind === 'cache' ? r.origin.seenAt : undefined;
      if (r.origin.kind === 'cache')
        notes.push({ kind: 'cached', clusterId: c.clusterId, clusterName, registryLabel: r.registry.label, seenAt: r.origin.seenAt, why: r.origin.why });
      if (r.projects.length === 0)
        notes.push({ kind: 'empty', clusterId: c.clusterId, clusterName, registryLabel: r.registry.label, foundBy: r.registry.foundBy });
      for (const p of r.projects)
        rows.push({
          clusterId: c.clusterId,
          clusterName,
          registryId: r.registry.id,
          registryLabel: r.registry.label,
          protocol: r.registry.protocol,
          foundBy: r.registry.foundBy,
          project: p.name,
          description: p.description,
          owner: p.owner,
          cachedAt,
        });
    }
  }
  rows.sort((a, b) => a.clusterName.localeCompare(b.clusterName) || a.registryLabel.localeCompare(b.registryLabel) || a.project.localeCompare(b.project));
  return { rows, notes };
}

/** A TTL in words ("1 day", "12 hours", "90 seconds"); none means features never expire. */
export function ttlText(seconds: number | undefined): string {
  if (seconds === undefined) return 'none (never expires)';
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) if (seconds >= size && seconds % size === 0) return `${seconds / size} ${name}${seconds / size === 1 ? '' : 's'}`;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** How a registry is read, in a word or two. */
export const protocolWords: Record<FeastProtocol, string> = { rest: 'REST', grpc: 'gRPC', file: 'registry file' };

/** Where a page's data came from, in words. */
export function originText(o: FeastOrigin): string {
  if (o.kind === 'url') return `Read from ${o.url}`;
  if (o.kind === 'port-forward') return `Read through a port-forward to ${o.namespace}/${o.service} (pod ${o.pod}, port ${o.port})`;
  if (o.kind === 'grpc') return `Read over gRPC through a port-forward to ${o.namespace}/${o.service} (pod ${o.pod}, port ${o.port})`;
  if (o.kind === 'file') return `Read from the registry file ${o.uri} (${o.store})`;
  return `Cached at ${new Date(o.seenAt).toLocaleString()}`;
}

/** What uses a feature view. */
export interface ViewUses {
  featureServices: { name: string; features: string[] }[];
  onDemandViews: string[];
  savedDatasets: string[];
}

/** The feature services taking features of a view, the on-demand views reading it, and the saved datasets made of them. */
export function usesOf(d: Pick<FeastProjectDetail, 'featureViews' | 'featureServices' | 'savedDatasets'>, view: string): ViewUses {
  const featureServices = d.featureServices
    .map((s) => ({ name: s.name, projections: s.projections.filter((p) => p.featureView === view) }))
    .filter((s) => s.projections.length > 0)
    .map((s) => ({ name: s.name, features: s.projections.flatMap((p) => p.features) }));
  const services = new Set(featureServices.map((s) => s.name));
  return {
    featureServices,
    onDemandViews: d.featureViews.filter((v) => v.sources.some((s) => s.kind === 'featureView' && s.name === view)).map((v) => v.name),
    savedDatasets: d.savedDatasets.filter((s) => services.has(s.featureService) || s.features.some((f) => f.startsWith(`${view}:`))).map((s) => s.name),
  };
}

/** A box of the lineage graph. */
export interface LineageNode {
  id: string;
  type: string;
  name: string;
  /** The kind in words ("feature view"). */
  kindLabel: string;
}

/** An edge of the lineage graph. */
export interface LineageEdge {
  id: string;
  from: string;
  to: string;
  /** Derived by MLDeck from the objects rather than given by the registry's lineage. */
  derived: boolean;
}

const kindLabels: Record<string, string> = {
  dataSource: 'data source',
  entity: 'entity',
  featureView: 'feature view',
  onDemandFeatureView: 'on-demand view',
  streamFeatureView: 'stream view',
  featureService: 'feature service',
  savedDataset: 'saved dataset',
  labelView: 'label view',
};

const nodeId = (type: string, name: string) => `${type}:${name}`;

/**
 * The lineage as boxes and edges: every object of the project is a box (views by their own kind),
 * the registry's relationships between them are the edges (features are not drawn; duplicates
 * dropped; an edge to an object the project does not list still gets its box).
 */
export function lineageGraph(d: Pick<FeastProjectDetail, 'entities' | 'dataSources' | 'featureViews' | 'featureServices' | 'savedDatasets' | 'lineage'>): {
  nodes: LineageNode[];
  edges: LineageEdge[];
} {
  const nodes = new Map<string, LineageNode>();
  const add = (type: string, name: string, kind = type) => {
    const id = nodeId(type, name);
    if (!nodes.has(id)) nodes.set(id, { id, type, name, kindLabel: kindLabels[kind] ?? type });
    return id;
  };
  for (const s of d.dataSources) add('dataSource', s.name);
  for (const e of d.entities) add('entity', e.name);
  for (const v of d.featureViews) add('featureView', v.name, v.kind);
  for (const s of d.featureServices) add('featureService', s.name);
  for (const s of d.savedDatasets) add('savedDataset', s.name);
  const edges = new Map<string, LineageEdge>();
  for (const r of d.lineage) {
    if (r.source.type === 'feature' || r.target.type === 'feature') continue;
    const from = add(r.source.type, r.source.name);
    const to = add(r.target.type, r.target.name);
    const id = `${from}->${to}`;
    if (from !== to && !edges.has(id)) edges.set(id, { id, from, to, derived: r.from === 'objects' });
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
