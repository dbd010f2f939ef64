// SPDX-License-Identifier: Apache-2.0
/**
 * The rollout history MLDeck keeps on an InferenceService, in annotations: which registry
 * model version the predictor serves now (`mldeck.dev/model`, `mldeck.dev/model-version`) and
 * every rollout step (`mldeck.dev/rollout-history`, a JSON list), each with the model it
 * served, so a revision can be traced to its registry version and returned to later.
 * Revisions are named by KServe after the change is applied, so an entry learns its revision
 * from the status once the controller has seen its generation ({@link resolveRevisions}).
 */

/** Annotation keys. */
export const modelAnnotation = 'mldeck.dev/model';
export const modelVersionAnnotation = 'mldeck.dev/model-version';
export const historyAnnotation = 'mldeck.dev/rollout-history';

/** What a rollout step did. */
export type RolloutAction = 'deploy' | 'canary' | 'traffic' | 'promote' | 'rollback' | 'restore';

/** Actions that change the predictor (and so make a new revision). */
const revisionMaking = new Set<RolloutAction>(['deploy', 'canary', 'restore']);

/** One step. */
export interface RolloutEntry {
  action: RolloutAction;
  /** ISO time the step was applied. */
  at: string;
  /** The revision the step made (deploy, canary, restore) or acted on (promote, rollback), once known. */
  revision?: string;
  /** The object's generation after the step (matched against `status.observedGeneration`). */
  generation?: number;
  storageUri?: string;
  format?: string;
  runtime?: string;
  /** Registry model name and version, when the model came from the registry. */
  model?: string;
  modelVersion?: string;
  /** The canary percentage set by the step. */
  percent?: number;
}

/** Most entries kept (annotations are limited to 256 KiB in total). */
export const maxHistoryEntries = 50;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v.slice(0, 2048) : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

const actions = new Set<string>(['deploy', 'canary', 'traffic', 'promote', 'rollback', 'restore']);

/** Parses the history annotation; entries that are not understood are skipped, never thrown on. */
export function parseHistory(text: string | undefined): RolloutEntry[] {
  if (!text) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const out: RolloutEntry[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) continue;
    const o = item as Record<string, unknown>;
    const action = str(o.action);
    const at = str(o.at);
    if (!action || !actions.has(action) || !at) continue;
    const e: RolloutEntry = { action: action as RolloutAction, at };
    const fields = { revision: str(o.revision), storageUri: str(o.storageUri), format: str(o.format), runtime: str(o.runtime), model: str(o.model) };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) (e as unknown as Record<string, unknown>)[k] = v;
    const mv = str(o.modelVersion) ?? (typeof o.modelVersion === 'number' ? String(o.modelVersion) : undefined);
    if (mv) e.modelVersion = mv;
    const g = num(o.generation);
    if (g !== undefined) e.generation = g;
    const p = num(o.percent);
    if (p !== undefined) e.percent = p;
    out.push(e);
  }
  return out;
}

/** The annotation text of a history (the newest {@link maxHistoryEntries} entries). */
export function formatHistory(entries: readonly RolloutEntry[]): string {
  return JSON.stringify(entries.slice(-maxHistoryEntries));
}

/** What the status says about revisions, for {@link resolveRevisions}. */
export interface RevisionStatus {
  observedGeneration?: number;
  latestCreatedRevision?: string;
}

/**
 * Fills in the revision of the newest revision-making entry that has none, when the controller
 * has seen its generation (and no later change has been made since): its revision is then
 * `latestCreatedRevision`. Entries that already know their revision are kept as they are.
 */
export function resolveRevisions(entries: readonly RolloutEntry[], status: RevisionStatus, currentGeneration: number | undefined): RolloutEntry[] {
  const out = entries.map((e) => ({ ...e }));
  const last = [...out].reverse().find((e) => revisionMaking.has(e.action));
  if (!last || last.revision || !status.latestCreatedRevision) return out;
  const gen = last.generation;
  if (gen === undefined || status.observedGeneration === undefined) return out;
  // the status speaks of this entry's predictor only if nothing changed the spec since
  if (status.observedGeneration >= gen && (currentGeneration === undefined || currentGeneration === status.observedGeneration))
    last.revision = status.latestCreatedRevision;
  return out;
}

/** Appends a step, after resolving earlier revisions; keeps the list bounded. */
export function appendHistory(
  entries: readonly RolloutEntry[],
  entry: RolloutEntry,
  status: RevisionStatus,
  currentGeneration: number | undefined,
): RolloutEntry[] {
  return [...resolveRevisions(entries, status, currentGeneration), entry].slice(-maxHistoryEntries);
}

/** Whether an entry can be returned to (it names a model location). */
export function canRestore(e: RolloutEntry): boolean {
  return revisionMaking.has(e.action) && !!e.storageUri;
}

/** A short text of the model an entry served: `iris v3 (s3://…)` or the storageUri alone. */
export function entryModelText(e: RolloutEntry): string {
  const reg = e.model ? `${e.model}${e.modelVersion ? ` v${e.modelVersion}` : ''}` : '';
  return reg && e.storageUri ? `${reg} (${e.storageUri})` : reg || e.storageUri || '—';
}
