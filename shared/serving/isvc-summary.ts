// SPDX-License-Identifier: Apache-2.0
/**
 * An InferenceService as a person reads it: ready or not and why (the failing condition's
 * message, the model's last failure), URLs, the model it serves (format, runtime, storageUri,
 * registry version), the traffic per revision, KServe's revision bookkeeping (latest created,
 * ready, rolled out, previous rolled out), whether a canary is in progress, and the rollout
 * history from MLDeck's annotations with revisions filled in from the status.
 */
import type { KubeObject } from '../kube/object';
import { historyAnnotation, modelAnnotation, modelVersionAnnotation, parseHistory, resolveRevisions, type RolloutEntry } from './rollout-history';

/** A Knative-style condition. */
export interface IsvcCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  severity?: string;
  lastTransitionTime?: string;
}

/** One traffic target, resolved to its revision. */
export interface TrafficShare {
  revision: string;
  percent: number;
  tag?: string;
  latest: boolean;
  url?: string;
}

/** The readiness in one word. */
export type IsvcState = 'Ready' | 'Failed' | 'Progressing' | 'Canary' | 'Unknown';

/** What the list and the page show. */
export interface IsvcSummary {
  name: string;
  namespace: string;
  state: IsvcState;
  ready: boolean;
  /** The condition behind a state that is not Ready. */
  reason?: string;
  message?: string;
  url?: string;
  internalUrl?: string;
  format: string;
  runtime?: string;
  protocolVersion?: string;
  storageUri?: string;
  serviceAccountName?: string;
  /** Registry model and version the predictor serves (annotations). */
  model?: string;
  modelVersion?: string;
  canaryPercent?: number;
  traffic: TrafficShare[];
  latestCreatedRevision?: string;
  latestReadyRevision?: string;
  latestRolledoutRevision?: string;
  previousRolledoutRevision?: string;
  modelStatus?: {
    transitionStatus?: string;
    activeModelState?: string;
    targetModelState?: string;
    failure?: { reason?: string; message?: string; location?: string; revision?: string; time?: string };
  };
  conditions: IsvcCondition[];
  history: RolloutEntry[];
  createdAt?: string;
  deploymentMode?: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const frameworks = ['sklearn', 'xgboost', 'lightgbm', 'tensorflow', 'pytorch', 'triton', 'onnx', 'huggingface', 'pmml', 'paddle'];

/** The predictor's model: the `model` field, else a legacy framework field, else a custom container. */
function predictorModel(predictor: Obj): { format: string; runtime?: string; protocolVersion?: string; storageUri?: string } {
  const model = obj(predictor.model);
  if (Object.keys(model).length)
    return {
      format: str(obj(model.modelFormat).name) ?? 'custom',
      runtime: str(model.runtime),
      protocolVersion: str(model.protocolVersion),
      storageUri: str(model.storageUri),
    };
  for (const f of frameworks) {
    const m = obj(predictor[f]);
    if (Object.keys(m).length) return { format: f, storageUri: str(m.storageUri), protocolVersion: str(m.protocolVersion) };
  }
  const containers = Array.isArray(predictor.containers) ? (predictor.containers as Obj[]) : [];
  const env = Array.isArray(containers[0]?.env) ? (containers[0]?.env as Obj[]) : [];
  return { format: 'custom', storageUri: str(env.find((e) => e.name === 'STORAGE_URI')?.value) };
}

/** Summarises an InferenceService. */
export function summarizeIsvc(o: KubeObject): IsvcSummary {
  const spec = obj(o.spec);
  const predictor = obj(spec.predictor);
  const status = obj(o.status);
  const comp = obj(obj(status.components).predictor);
  const conditions = (Array.isArray(status.conditions) ? (status.conditions as IsvcCondition[]) : []).filter((c) => typeof c?.type === 'string');
  const cond = (t: string) => conditions.find((c) => c.type === t);
  const ready = cond('Ready');
  const traffic: TrafficShare[] = (Array.isArray(comp.traffic) ? (comp.traffic as Obj[]) : []).map((t) => ({
    revision: str(t.revisionName) ?? (t.latestRevision === true ? (str(comp.latestReadyRevision) ?? 'latest') : '?'),
    percent: typeof t.percent === 'number' ? t.percent : 0,
    latest: t.latestRevision === true,
    ...(str(t.tag) ? { tag: str(t.tag) } : {}),
    ...(str(t.url) ? { url: str(t.url) } : {}),
  }));
  const canary = typeof predictor.canaryTrafficPercent === 'number' ? predictor.canaryTrafficPercent : undefined;
  const ms = obj(status.modelStatus);
  const states = obj(ms.states);
  const fail = obj(ms.lastFailureInfo);
  const model = predictorModel(predictor);
  const annotations = o.metadata.annotations ?? {};
  const gen = (o.metadata as unknown as { generation?: unknown }).generation;
  const generation = typeof gen === 'number' ? gen : undefined;
  const history = resolveRevisions(
    parseHistory(annotations[historyAnnotation]),
    {
      observedGeneration: typeof status.observedGeneration === 'number' ? status.observedGeneration : undefined,
      latestCreatedRevision: str(comp.latestCreatedRevision),
    },
    generation,
  );

  // the state: a False Ready with a failed revision or model is Failed; a split is a canary
  const failing = [ready, cond('PredictorReady'), cond('PredictorConfigurationReady')].find((c) => c?.status === 'False');
  const split = traffic.filter((t) => t.percent > 0).length > 1;
  let state: IsvcState;
  if (ready?.status === 'True') state = split ? 'Canary' : 'Ready';
  else if (failing || ms.transitionStatus === 'BlockedByFailedLoad' || ms.transitionStatus === 'InvalidSpec') state = 'Failed';
  else if (ready) state = 'Progressing';
  else state = 'Unknown';
  // a newer revision that failed while an older one still serves: Ready, but say why the new one is not
  const latestFailed = ms.transitionStatus === 'BlockedByFailedLoad' && str(fail.message);
  const why =
    state === 'Ready' || state === 'Canary' ? (latestFailed ? { reason: str(fail.reason), message: str(fail.message) } : {}) : (failing ?? ready ?? {});

  const out: IsvcSummary = {
    name: o.metadata.name,
    namespace: o.metadata.namespace ?? '',
    state,
    ready: ready?.status === 'True',
    url: str(status.url),
    internalUrl: str(obj(status.address).url),
    format: model.format,
    traffic,
    conditions,
    history,
  };
  const optional: Partial<IsvcSummary> = {
    reason: str(why.reason),
    message: str(why.message) ?? (state === 'Failed' ? str(fail.message) : undefined),
    runtime: model.runtime ?? str(status.servingRuntimeName) ?? str(status.clusterServingRuntimeName),
    protocolVersion: model.protocolVersion,
    storageUri: model.storageUri,
    serviceAccountName: str(predictor.serviceAccountName),
    model: str(annotations[modelAnnotation]),
    modelVersion: str(annotations[modelVersionAnnotation]),
    canaryPercent: canary,
    latestCreatedRevision: str(comp.latestCreatedRevision),
    latestReadyRevision: str(comp.latestReadyRevision),
    latestRolledoutRevision: str(comp.latestRolledoutRevision),
    previousRolledoutRevision: str(comp.previousRolledoutRevision),
    createdAt: o.metadata.creationTimestamp,
    deploymentMode: str(status.deploymentMode),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (out as unknown as Obj)[k] = v;
  if (Object.keys(ms).length) {
    out.modelStatus = {
      transitionStatus: str(ms.transitionStatus),
      activeModelState: str(states.activeModelState),
      targetModelState: str(states.targetModelState),
      ...(Object.keys(fail).length
        ? {
            failure: {
              reason: str(fail.reason),
              message: str(fail.message),
              location: str(fail.location),
              revision: str(fail.modelRevisionName),
              time: str(fail.time),
            },
          }
        : {}),
    };
  }
  return out;
}

/** The percentage each revision gets (several targets of one revision added up), largest first. */
export function trafficByRevision(traffic: readonly TrafficShare[]): { revision: string; percent: number; tags: string[] }[] {
  const m = new Map<string, { revision: string; percent: number; tags: string[] }>();
  for (const t of traffic) {
    const e = m.get(t.revision) ?? { revision: t.revision, percent: 0, tags: [] };
    e.percent += t.percent;
    if (t.tag) e.tags.push(t.tag);
    m.set(t.revision, e);
  }
  return [...m.values()].sort((a, b) => b.percent - a.percent || a.revision.localeCompare(b.revision));
}

/** A one-line traffic text, e.g. `00002 20% · 00001 80%` (revision numbers only when the prefix is the service's). */
export function trafficText(s: Pick<IsvcSummary, 'name' | 'traffic'>): string {
  const prefix = `${s.name}-predictor-`;
  return trafficByRevision(s.traffic)
    .map((t) => `${t.revision.startsWith(prefix) ? t.revision.slice(prefix.length) : t.revision} ${t.percent}%`)
    .join(' · ');
}

/** The tone of a state for pills. */
export function stateTone(state: IsvcState): 'ok' | 'warn' | 'error' | 'progress' | 'neutral' {
  return state === 'Ready' ? 'ok' : state === 'Canary' ? 'progress' : state === 'Failed' ? 'error' : state === 'Progressing' ? 'progress' : 'neutral';
}

/** The rollout actions that make sense now. */
export function rolloutChoices(s: IsvcSummary): { canSetTraffic: boolean; canPromote: boolean; canRollback: boolean } {
  const inCanary = s.canaryPercent !== undefined && s.canaryPercent < 100;
  return {
    canSetTraffic: s.latestCreatedRevision !== undefined,
    canPromote: s.canaryPercent !== undefined,
    // KServe rolls back to the previous rolled-out revision (or, mid-canary, to the rolled-out one)
    canRollback: (inCanary && !!s.latestRolledoutRevision) || !!s.previousRolledoutRevision,
  };
}
