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
  /** PVCs of one cluster, or of every cluster; `claim` opens its file browser. */
  | { page: 'volumes'; clusterId?: string; namespace?: string; claim?: string }
  /** The tunnels open for the user’s browser and tools. */
  | { page: 'tunnels' }
  /** Runs from anywhere (Katib, KFP, MLflow, jobs) side by side. */
  | { page: 'compare' }
  /** Kubeflow TensorBoards of one cluster, or of every cluster; `logs` (and `ns`, `from`: a job or run) prefill the create form. */
  | { page: 'tensorboards'; clusterId?: string; logs?: string; ns?: string; from?: string }
  /** Feast feature registries of one cluster, or of every cluster; `q` searches features, feature views and entities by name. */
  | { page: 'feast'; clusterId?: string; q?: string }
  /** A Feast project: its objects in tabs (`tab`) and its lineage. */
  | { page: 'feast-project'; clusterId: string; registry: string; project: string; tab?: string }
  /** A feature view of a Feast project. */
  | { page: 'feast-view'; clusterId: string; registry: string; project: string; name: string }
  /** Object storage of a cluster (its stores, a bucket's files); `uri` opens `s3://bucket/prefix`. */
  | { page: 'storage'; clusterId?: string; uri?: string }
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
  /** MLflow experiments of a tracking server (`server`: its id, `cluster:<id>` or `url:<url>`) and an experiment's runs. */
  | { page: 'mlflow'; server?: string; experimentId?: string; filter?: string }
  /** One MLflow run. */
  | { page: 'mlflow-run'; server: string; runId: string }
  /** InferenceServices of one cluster, or of every cluster. */
  | { page: 'serving'; clusterId?: string }
  /** One InferenceService: status, revisions, traffic, rollouts, try it. */
  | { page: 'inference-service'; clusterId: string; namespace: string; name: string }
  /** Deploy a model (version) as a new InferenceService, or as a canary of `service`; `uri`/`format` prefill a model folder's storageUri and format. */
  | { page: 'deploy'; clusterId: string; model?: string; version?: string; namespace?: string; service?: string; uri?: string; format?: string }
  /** KFP pipelines of one cluster, or of every cluster. */
  | { page: 'pipelines'; clusterId?: string }
  /** One pipeline and its versions. */
  | { page: 'pipeline'; clusterId: string; pipelineId: string }
  /** One pipeline version: its tasks and spec. */
  | { page: 'pipeline-version'; clusterId: string; pipelineId: string; versionId: string }
  /** The visual pipeline builder; opens a version when both ids are given. */
  | { page: 'builder'; clusterId: string; pipelineId?: string; versionId?: string }
  /** One KFP run: its graph with task states, a task's drawer, the timeline. */
  | { page: 'pipeline-run'; clusterId: string; runId: string }
  /** KFP runs, experiments and recurring runs of one cluster, or of every cluster. */
  | { page: 'pipeline-runs'; clusterId?: string }
  /** Katib experiments of one cluster, or of every cluster. */
  | { page: 'katib'; clusterId?: string }
  /** One Katib experiment: progress, best trial, trials, charts; `trial` opens a trial's detail. */
  | { page: 'experiment'; clusterId: string; namespace: string; name: string; trial?: string }
  /** The new-experiment form; `fromJob` makes the trial template from a training job ("Tune this job"), `cloneOf` fills it from an experiment. */
  | {
      page: 'experiment-new';
      clusterId: string;
      namespace?: string;
      fromJob?: { kind: RouteKind; namespace: string; name: string };
      cloneOf?: { namespace: string; name: string };
    };

const kindPath = (k: RouteKind) => `${k.group || 'core'}/${k.version}/${k.resource}`;
const pathKind = (group: string, version: string, resource: string): RouteKind => ({ group: group === 'core' ? '' : group, version, resource });

/** The route as a hash. */
/** `?a=1&b=2` of the given values ('' when none). */
function queryOf(values: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) q.set(k, v);
  const t = q.toString();
  return t ? `?${t}` : '';
}

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
    case 'katib':
      return r.clusterId ? `#/katib/${encodeURIComponent(r.clusterId)}` : '#/katib';
    case 'experiment':
      return `#/katib/${encodeURIComponent(r.clusterId)}/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.name)}${r.trial ? `?trial=${encodeURIComponent(r.trial)}` : ''}`;
    case 'experiment-new': {
      const q = new URLSearchParams();
      if (r.namespace) q.set('ns', r.namespace);
      if (r.fromJob) q.set('job', `${kindPath(r.fromJob.kind)}/${r.fromJob.namespace}/${r.fromJob.name}`);
      if (r.cloneOf) q.set('clone', `${r.cloneOf.namespace}/${r.cloneOf.name}`);
      const qs = q.toString();
      return `#/katib-new/${encodeURIComponent(r.clusterId)}${qs ? `?${qs}` : ''}`;
    }
    case 'gpus':
      return r.clusterId ? `#/gpus/${encodeURIComponent(r.clusterId)}` : '#/gpus';
    case 'tunnels':
      return '#/tunnels';
    case 'compare':
      return '#/compare';
    case 'tensorboards':
      return `${r.clusterId ? `#/tensorboards/${encodeURIComponent(r.clusterId)}` : '#/tensorboards'}${queryOf({ logs: r.logs, ns: r.ns, from: r.from })}`;
    case 'feast':
      return `#/feast${r.clusterId ? `/${encodeURIComponent(r.clusterId)}` : ''}${r.q ? `?q=${encodeURIComponent(r.q)}` : ''}`;
    case 'feast-project':
      return `#/feast-project/${[r.clusterId, r.registry, r.project].map(encodeURIComponent).join('/')}${r.tab ? `?tab=${encodeURIComponent(r.tab)}` : ''}`;
    case 'feast-view':
      return `#/feast-view/${[r.clusterId, r.registry, r.project, r.name].map(encodeURIComponent).join('/')}`;
    case 'volumes':
      if (r.clusterId && r.namespace && r.claim) return `#/volumes/${[r.clusterId, r.namespace, r.claim].map(encodeURIComponent).join('/')}`;
      return r.clusterId ? `#/volumes/${encodeURIComponent(r.clusterId)}` : '#/volumes';
    case 'storage':
      return `#/storage${r.clusterId ? `/${encodeURIComponent(r.clusterId)}` : ''}${r.uri ? `?uri=${encodeURIComponent(r.uri)}` : ''}`;
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
    case 'mlflow': {
      const q = new URLSearchParams();
      if (r.server) q.set('s', r.server);
      if (r.experimentId) q.set('e', r.experimentId);
      if (r.filter) q.set('f', r.filter);
      const qs = q.toString();
      return `#/mlflow${qs ? `?${qs}` : ''}`;
    }
    case 'mlflow-run':
      return `#/mlflow-run?${new URLSearchParams({ s: r.server, r: r.runId }).toString()}`;
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
      if (r.uri) q.set('uri', r.uri);
      if (r.format) q.set('format', r.format);
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
    case 'pipeline-runs':
      return r.clusterId ? `#/pipeline-runs/${encodeURIComponent(r.clusterId)}` : '#/pipeline-runs';
    case 'pipeline-run':
      return `#/pipeline-run/${encodeURIComponent(r.clusterId)}/${encodeURIComponent(r.runId)}`;
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
  if (parts[0] === 'katib' && parts.length === 4) {
    const [, clusterId, namespace, name] = parts as [string, string, string, string];
    const trial = q.get('trial');
    return trial ? { page: 'experiment', clusterId, namespace, name, trial } : { page: 'experiment', clusterId, namespace, name };
  }
  if (parts[0] === 'katib') return parts[1] ? { page: 'katib', clusterId: parts[1] } : { page: 'katib' };
  if (parts[0] === 'katib-new' && parts[1]) {
    const r: Route = { page: 'experiment-new', clusterId: parts[1] };
    const ns = q.get('ns');
    if (ns) r.namespace = ns;
    const job = q.get('job')?.split('/');
    if (job?.length === 5) {
      const [g = '', v = '', res = '', namespace = '', name = ''] = job;
      r.fromJob = { kind: pathKind(g, v, res), namespace, name };
    }
    const clone = q.get('clone')?.split('/');
    if (clone?.length === 2) r.cloneOf = { namespace: clone[0] ?? '', name: clone[1] ?? '' };
    return r;
  }
  if (parts[0] === 'tunnels') return { page: 'tunnels' };
  if (parts[0] === 'compare') return { page: 'compare' };
  if (parts[0] === 'tensorboards') {
    const r: Route = parts[1] ? { page: 'tensorboards', clusterId: parts[1] } : { page: 'tensorboards' };
    for (const k of ['logs', 'ns', 'from'] as const) if (q.get(k)) r[k] = q.get(k) ?? undefined;
    return r;
  }
  if (parts[0] === 'feast') {
    const r: Route = parts[1] ? { page: 'feast', clusterId: parts[1] } : { page: 'feast' };
    const fq = q.get('q');
    if (fq) r.q = fq;
    return r;
  }
  if (parts[0] === 'feast-project' && parts.length === 4) {
    const r: Route = { page: 'feast-project', clusterId: parts[1] ?? '', registry: parts[2] ?? '', project: parts[3] ?? '' };
    const tab = q.get('tab');
    if (tab) r.tab = tab;
    return r;
  }
  if (parts[0] === 'feast-view' && parts.length === 5)
    return { page: 'feast-view', clusterId: parts[1] ?? '', registry: parts[2] ?? '', project: parts[3] ?? '', name: parts[4] ?? '' };
  if (parts[0] === 'volumes' && parts.length === 4) return { page: 'volumes', clusterId: parts[1] ?? '', namespace: parts[2] ?? '', claim: parts[3] ?? '' };
  if (parts[0] === 'volumes') return parts[1] ? { page: 'volumes', clusterId: parts[1] } : { page: 'volumes' };
  if (parts[0] === 'gpus') return parts[1] ? { page: 'gpus', clusterId: parts[1] } : { page: 'gpus' };
  if (parts[0] === 'storage') {
    const r: Route = parts[1] ? { page: 'storage', clusterId: parts[1] } : { page: 'storage' };
    const uri = q.get('uri');
    if (uri) r.uri = uri;
    return r;
  }
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
  if (parts[0] === 'mlflow') {
    const r: Route = { page: 'mlflow' };
    const [server, experimentId, filter] = [q.get('s'), q.get('e'), q.get('f')];
    if (server) r.server = server;
    if (experimentId) r.experimentId = experimentId;
    if (filter) r.filter = filter;
    return r;
  }
  if (parts[0] === 'mlflow-run' && q.get('s') && q.get('r')) return { page: 'mlflow-run', server: q.get('s') ?? '', runId: q.get('r') ?? '' };
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
  if (parts[0] === 'pipeline-runs') return parts[1] ? { page: 'pipeline-runs', clusterId: parts[1] } : { page: 'pipeline-runs' };
  if (parts[0] === 'pipeline-run' && parts.length === 3) return { page: 'pipeline-run', clusterId: parts[1] ?? '', runId: parts[2] ?? '' };
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
      ['uri', 'uri'],
      ['format', 'format'],
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
