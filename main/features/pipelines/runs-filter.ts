// SPDX-License-Identifier: Apache-2.0
/**
 * The runs list's query as KFP takes it (pure): the filter's predicates (`storage_state`, `state`
 * IN, `created_at` bounds, `display_name` IS_SUBSTRING, `recurring_run_id`), `experiment_id`,
 * `sort_by`, page size and token; what KFP cannot filter (pipeline, version) as a check MLDeck
 * applies to the rows it reads; and the streams one cluster is read in (each profile namespace of
 * a multi-user KFP, or one).
 */
import type { RunFilter, RunSort, RunSummary } from '../../../shared/features/pipelines/runs.contract';
import type { KfpQuery } from './kfp-client';

/** One KFP filter predicate (v2beta1 `Predicate`). */
export interface Predicate {
  key: string;
  operation: 'EQUALS' | 'IN' | 'IS_SUBSTRING' | 'GREATER_THAN_EQUALS' | 'LESS_THAN_EQUALS';
  string_value?: string;
  string_values?: { values: string[] };
  timestamp_value?: string;
}

/** The predicates of a filter, in a fixed order (the page token carries them too). */
export function runPredicates(f: RunFilter): Predicate[] {
  const p: Predicate[] = [{ key: 'storage_state', operation: 'EQUALS', string_value: f.archived ? 'ARCHIVED' : 'AVAILABLE' }];
  if (f.states?.length) p.push({ key: 'state', operation: 'IN', string_values: { values: [...new Set(f.states)].sort() } });
  if (f.createdAfter) p.push({ key: 'created_at', operation: 'GREATER_THAN_EQUALS', timestamp_value: new Date(f.createdAfter).toISOString() });
  if (f.createdBefore) p.push({ key: 'created_at', operation: 'LESS_THAN_EQUALS', timestamp_value: new Date(f.createdBefore).toISOString() });
  if (f.search?.trim()) p.push({ key: 'display_name', operation: 'IS_SUBSTRING', string_value: f.search.trim() });
  if (f.recurringRunId) p.push({ key: 'recurring_run_id', operation: 'EQUALS', string_value: f.recurringRunId });
  return p;
}

/**
 * The query of one page of one stream. A next page sends its token without the sort and filter:
 * the token carries them, and KFP 2.17 compares a filter sent again with the token's by
 * `reflect.DeepEqual` after the token's JSON round trip, where a `created_at` bound (kept as
 * int64 Unix seconds) comes back as a float64, so any time bound made the second page fail with
 * "page token does not match the supplied sort by and/or filtering criteria".
 * @param namespace - the stream's namespace ('' for none: single-user, or an experiment's runs)
 */
export function runsQuery(f: RunFilter, sort: RunSort, pageSize: number, namespace: string, pageToken?: string): KfpQuery {
  return {
    ...(namespace ? { namespace } : {}),
    ...(f.experimentId ? { experiment_id: f.experimentId } : {}),
    page_size: pageSize,
    ...(pageToken
      ? { page_token: pageToken }
      : { sort_by: sort.desc ? `${sort.key} desc` : sort.key, filter: JSON.stringify({ predicates: runPredicates(f) }) }),
  };
}

/** Whether the filter asks for what KFP cannot filter (so MLDeck checks each row it reads). */
export function filtersLocally(f: RunFilter): boolean {
  return !!(f.pipelineId || f.pipelineVersionId);
}

/** Whether a run passes the part of the filter MLDeck applies itself. */
export function matchesLocally(f: RunFilter, r: RunSummary): boolean {
  if (f.pipelineId && r.pipelineId !== f.pipelineId) return false;
  if (f.pipelineVersionId && r.pipelineVersionId !== f.pipelineVersionId) return false;
  return true;
}

/** The streams of one cluster: its namespaces to list, and those refused with why. */
export function streamNamespaces(
  access: { multiUser: boolean; namespaces: readonly string[]; refused: readonly { namespace: string; reason: string }[] },
  f: RunFilter,
): { namespaces: string[]; refused: { namespace: string; reason: string }[] } {
  if (!access.multiUser) return { namespaces: [''], refused: [] };
  // KFP finds an experiment's namespace itself (and refuses one that is not the user's)
  if (f.experimentId) return { namespaces: [''], refused: [] };
  if (f.namespace) {
    if (access.namespaces.includes(f.namespace)) return { namespaces: [f.namespace], refused: [] };
    const why = access.refused.find((r) => r.namespace === f.namespace)?.reason ?? `${f.namespace} is not one of your profile namespaces.`;
    return { namespaces: [], refused: [{ namespace: f.namespace, reason: why }] };
  }
  return { namespaces: [...access.namespaces], refused: [...access.refused] };
}
