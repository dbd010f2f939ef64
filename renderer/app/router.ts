// SPDX-License-Identifier: Apache-2.0
/**
 * Where the user is, as a small typed route kept in the URL hash, so deep links and the
 * back button work and an error never loses the user's place.
 */
import { create } from 'zustand';

/** A resource kind in a route. */
export interface RouteKind {
  group: string;
  version: string;
  resource: string;
}

/** Every page of the app. */
export type Route =
  | { page: 'home' }
  | { page: 'clusters' }
  | { page: 'overview'; clusterId: string }
  | { page: 'resources'; clusterId: string; kind: RouteKind; namespace?: string; selected?: { namespace?: string; name: string } }
  /** Training jobs of one cluster, or of every cluster when `clusterId` is absent. */
  | { page: 'jobs'; clusterId?: string }
  /** One training job. */
  | { page: 'job'; clusterId: string; kind: RouteKind; namespace: string; name: string }
  /** The new-job form; `cloneOf` fills it from an existing job. */
  | { page: 'job-new'; clusterId: string; kind?: RouteKind; namespace?: string; cloneOf?: { kind: RouteKind; namespace: string; name: string } }
  /** GPUs of one cluster, or of every cluster when `clusterId` is absent. */
  | { page: 'gpus'; clusterId?: string }
  /** Notebook servers of one cluster, or of every cluster when `clusterId` is absent. */
  | { page: 'notebooks'; clusterId?: string }
  /** One notebook server: status, events, logs and its files (`path`: the folder shown). */
  | { page: 'notebook-server'; clusterId: string; namespace: string; name: string; path?: string }
  /** The new-notebook-server form. */
  | { page: 'notebook-new'; clusterId: string; namespace?: string }
  /** A notebook open in the editor. */
  | { page: 'notebook'; clusterId: string; namespace: string; name: string; path: string }
  /** Registered models of the cluster's MLflow. */
  | { page: 'models'; clusterId: string }
  /** One registered model and its versions. */
  | { page: 'model'; clusterId: string; name: string }
  /** One model version: its run, artifacts, aliases. */
  | { page: 'model-version'; clusterId: string; name: string; version: string }
  /** Versions of a model side by side. */
  | { page: 'model-compare'; clusterId: string; name: string; versions: string[] }
  /** InferenceServices of one cluster, or of every cluster. */
  | { page: 'serving'; clusterId?: string }
  /** One InferenceService: status, revisions, traffic, rollouts, try it. */
  | { page: 'inference-service'; clusterId: string; namespace: string; name: string }
  /** Deploy a model (version) as a new InferenceService, or as a canary of `service`. */
  | { page: 'deploy'; clusterId: string; model?: string; version?: string; namespace?: string; service?: string }
  /** KFP pipelines of one cluster, or of every cluster. */
  | { page: 'pipelines'; clusterId?: string }
  /** One pipeline and its versions. */
  | { page: 'pipeline'; clusterId: string; pipelineId: string }
  /** One pipeline version: its tasks and spec. */
  | { page: 'pipeline-version'; clusterId: string; pipelineId: string; versionId: string }
  /** The visual pipeline builder; opens a version when both ids are given. */
  | { page: 'builder'; clusterId: string; pipelineId?: string; versionId?: string };

const kindPath = (k: RouteKind) => `${k.group || 'core'}/${k.version}/${k.resource}`;
const pathKind = (group: string, version: string, resource: string): RouteKind => ({ group: group === 'core' ? '' : group, version, resource });

/** The route as a hash. */
export function routeToHash(r: Route): string {
  switch (r.page) {
    case 'home':
      return '#/';
    case 'clusters':
      return '#/clusters';
    case 'overview':
      return `#/overview/${encodeURIComponent(r.clusterId)}`;
    case 'resources': {
      const q = new URLSearchParams();
      if (r.namespace) q.set('ns', r.namespace);
      if (r.selected) q.set('sel', `${r.selected.namespace ?? ''}/${r.selected.name}`);
      const qs = q.toString();
      return `#/r/${encodeURIComponent(r.clusterId)}/${r.kind.group || 'core'}/${r.kind.version}/${r.kind.resource}${qs ? `?${qs}` : ''}`;
    }
    case 'jobs':
      return r.clusterId ? `#/jobs/${encodeURIComponent(r.clusterId)}` : '#/jobs';
    case 'job':
      return `#/job/${encodeURIComponent(r.clusterId)}/${kindPath(r.kind)}/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.name)}`;
    case 'job-new': {
      const q = new URLSearchParams();
      if (r.kind) q.set('kind', kindPath(r.kind));
      if (r.namespace) q.set('ns', r.namespace);
      if (r.cloneOf) q.set('clone', `${kindPath(r.cloneOf.kind)}/${r.cloneOf.namespace}/${r.cloneOf.name}`);
      const qs = q.toString();
      return `#/job-new/${encodeURIComponent(r.clusterId)}${qs ? `?${qs}` : ''}`;
    }
    case 'gpus':
      return r.clusterId ? `#/gpus/${encodeURIComponent(r.clusterId)}` : '#/gpus';
    case 'notebooks':
      return r.clusterId ? `#/notebooks/${encodeURIComponent(r.clusterId)}` : '#/notebooks';
    case 'notebook-server': {
      const base = `#/nbserver/${encodeURIComponent(r.clusterId)}/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.name)}`;
      return r.path ? `${base}?path=${encodeURIComponent(r.path)}` : base;
    }
    case 'notebook-new':
      return `#/nbserver-new/${encodeURIComponent(r.clusterId)}${r.namespace ? `?ns=${encodeURIComponent(r.namespace)}` : ''}`;
    case 'models':
      return `#/models/${encodeURIComponent(r.clusterId)}`;
    case 'model':
      return `#/model/${encodeURIComponent(r.clusterId)}/${encodeURIComponent(r.name)}`;
    case 'model-version':
      return `#/model/${encodeURIComponent(r.clusterId)}/${encodeURIComponent(r.name)}/${encodeURIComponent(r.version)}`;
    case 'model-compare':
      return `#/model-compare/${encodeURIComponent(r.clusterId)}/${encodeURIComponent(r.name)}?v=${r.versions.map(encodeURIComponent).join(',')}`;
    case 'serving':
      return r.clusterId ? `#/serving/${encodeURIComponent(r.clusterId)}` : '#/serving';
    case 'inference-service':
      return `#/isvc/${encodeURIComponent(r.clusterId)}/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.name)}`;
    case 'deploy': {
      const q = new URLSearchParams();
      if (r.model) q.set('model', r.model);
      if (r.version) q.set('version', r.version);
      if (r.namespace) q.set('ns', r.namespace);
      if (r.service) q.set('service', r.service);
      const qs = q.toString();
      return `#/deploy/${encodeURIComponent(r.clusterId)}${qs ? `?${qs}` : ''}`;
    }
    case 'pipelines':
      return r.clusterId ? `#/pipelines/${encodeURIComponent(r.clusterId)}` : '#/pipelines';
    case 'pipeline':
      return `#/pipeline/${encodeURIComponent(r.clusterId)}/${encodeURIComponent(r.pipelineId)}`;
    case 'pipeline-version':
      return `#/pipeline/${encodeURIComponent(r.clusterId)}/${encodeURIComponent(r.pipelineId)}/${encodeURIComponent(r.versionId)}`;
    case 'builder':
      return `#/builder/${encodeURIComponent(r.clusterId)}${r.pipelineId && r.versionId ? `?p=${encodeURIComponent(r.pipelineId)}&v=${encodeURIComponent(r.versionId)}` : ''}`;
    case 'notebook':
      return `#/nb/${encodeURIComponent(r.clusterId)}/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.name)}?path=${encodeURIComponent(r.path)}`;
  }
}

/** Parses a hash; unknown hashes go home. */
export function hashToRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const q = new URLSearchParams(query);
  if (parts[0] === 'clusters') return { page: 'clusters' };
  if (parts[0] === 'overview' && parts[1]) return { page: 'overview', clusterId: parts[1] };
  if (parts[0] === 'r' && parts.length === 5) {
    const [, clusterId, group, version, resource] = parts as [string, string, string, string, string];
    const r: Route = { page: 'resources', clusterId, kind: { group: group === 'core' ? '' : group, version, resource } };
    const ns = q.get('ns');
    if (ns) r.namespace = ns;
    const sel = q.get('sel');
    if (sel) {
      const [namespace, name] = sel.split('/');
      if (name) r.selected = namespace ? { namespace, name } : { name };
    }
    return r;
  }
  if (parts[0] === 'jobs') return parts[1] ? { page: 'jobs', clusterId: parts[1] } : { page: 'jobs' };
  if (parts[0] === 'gpus') return parts[1] ? { page: 'gpus', clusterId: parts[1] } : { page: 'gpus' };
  if (parts[0] === 'notebooks') return parts[1] ? { page: 'notebooks', clusterId: parts[1] } : { page: 'notebooks' };
  if (parts[0] === 'nbserver' && parts.length === 4) {
    const [, clusterId, namespace, name] = parts as [string, string, string, string];
    const path = q.get('path');
    return path ? { page: 'notebook-server', clusterId, namespace, name, path } : { page: 'notebook-server', clusterId, namespace, name };
  }
  if (parts[0] === 'nbserver-new' && parts[1]) {
    const ns = q.get('ns');
    return ns ? { page: 'notebook-new', clusterId: parts[1], namespace: ns } : { page: 'notebook-new', clusterId: parts[1] };
  }
  if (parts[0] === 'nb' && parts.length === 4 && q.get('path')) {
    const [, clusterId, namespace, name] = parts as [string, string, string, string];
    return { page: 'notebook', clusterId, namespace, name, path: q.get('path') ?? '' };
  }
  if (parts[0] === 'models' && parts[1]) return { page: 'models', clusterId: parts[1] };
  if (parts[0] === 'model' && parts.length === 3) return { page: 'model', clusterId: parts[1] ?? '', name: parts[2] ?? '' };
  if (parts[0] === 'model' && parts.length === 4) return { page: 'model-version', clusterId: parts[1] ?? '', name: parts[2] ?? '', version: parts[3] ?? '' };
  if (parts[0] === 'model-compare' && parts.length === 3)
    return { page: 'model-compare', clusterId: parts[1] ?? '', name: parts[2] ?? '', versions: (q.get('v') ?? '').split(',').filter(Boolean) };
  if (parts[0] === 'builder' && parts[1]) {
    const p = q.get('p');
    const v = q.get('v');
    return p && v ? { page: 'builder', clusterId: parts[1], pipelineId: p, versionId: v } : { page: 'builder', clusterId: parts[1] };
  }
  if (parts[0] === 'pipelines') return parts[1] ? { page: 'pipelines', clusterId: parts[1] } : { page: 'pipelines' };
  if (parts[0] === 'pipeline' && parts.length === 3) return { page: 'pipeline', clusterId: parts[1] ?? '', pipelineId: parts[2] ?? '' };
  if (parts[0] === 'pipeline' && parts.length === 4)
    return { page: 'pipeline-version', clusterId: parts[1] ?? '', pipelineId: parts[2] ?? '', versionId: parts[3] ?? '' };
  if (parts[0] === 'serving') return parts[1] ? { page: 'serving', clusterId: parts[1] } : { page: 'serving' };
  if (parts[0] === 'isvc' && parts.length === 4)
    return { page: 'inference-service', clusterId: parts[1] ?? '', namespace: parts[2] ?? '', name: parts[3] ?? '' };
  if (parts[0] === 'deploy' && parts[1]) {
    const r: Route = { page: 'deploy', clusterId: parts[1] };
    for (const [key, field] of [
      ['model', 'model'],
      ['version', 'version'],
      ['ns', 'namespace'],
      ['service', 'service'],
    ] as const) {
      const v = q.get(key);
      if (v) r[field] = v;
    }
    return r;
  }
  if (parts[0] === 'job' && parts.length === 7) {
    const [, clusterId, group, version, resource, namespace, name] = parts as [string, string, string, string, string, string, string];
    return { page: 'job', clusterId, kind: pathKind(group, version, resource), namespace, name };
  }
  if (parts[0] === 'job-new' && parts[1]) {
    const r: Route = { page: 'job-new', clusterId: parts[1] };
    const kind = q.get('kind')?.split('/');
    if (kind?.length === 3) r.kind = pathKind(kind[0] ?? '', kind[1] ?? '', kind[2] ?? '');
    const ns = q.get('ns');
    if (ns) r.namespace = ns;
    const clone = q.get('clone')?.split('/');
    if (clone?.length === 5) {
      const [g = '', v = '', res = '', namespace = '', name = ''] = clone;
      r.cloneOf = { kind: pathKind(g, v, res), namespace, name };
    }
    return r;
  }
  return { page: 'home' };
}

interface RouterState {
  route: Route;
  go(r: Route): void;
}

/** The router store. */
export const useRouter = create<RouterState>((set) => {
  const inPage = typeof window !== 'undefined';
  if (inPage) window.addEventListener('hashchange', () => set({ route: hashToRoute(window.location.hash) }));
  return {
    route: inPage ? hashToRoute(window.location.hash) : { page: 'home' },
    go(r) {
      const h = routeToHash(r);
      if (window.location.hash !== h) window.location.hash = h;
      set({ route: r });
    },
  };
});
