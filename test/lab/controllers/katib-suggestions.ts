// SPDX-License-Identifier: Apache-2.0
/**
 * What the driven Katib's suggestion service answers for an experiment's next trials, per
 * algorithm: grid and random (katib-algorithms.ts), the optimisers (katib-optimiser.ts),
 * hyperband (katib-hyperband.ts, its state in the Suggestion's `status.algorithmSettings` as
 * upstream) and pbt (katib-pbt.ts, trials named and labelled by the service as upstream).
 */
import { optimiserAlgorithms, suggest, unit, type Assignment, type Observed } from './katib-algorithms.ts';
import { hyperbandProblem, hyperbandSuggest, mergedSettings } from './katib-hyperband.ts';
import { pendingSuggestions } from './katib-optimiser.ts';
import { generationLabel, parentLabel, pbtSettings, pbtSuggest, type PbtTrial } from './katib-pbt.ts';
import { objectiveValue, trialState, type Experiment, type Trial } from './katib-trial.ts';

/** One suggested trial: its assignments, and the name and labels when the service gives them. */
export interface Suggested {
  assignments: Assignment[];
  name?: string;
  labels?: Record<string, string>;
}

/** The answer: trials to create (or the end), and the algorithm settings the Suggestion keeps. */
export interface SuggestionAnswer {
  items: Suggested[] | 'end';
  algorithmSettings?: { name: string; value: string }[];
}

/** The suggestion-service labels of a trial (kept in the Suggestion's `suggestions[].labels`). */
export function serviceLabels(t: Trial): Record<string, string> {
  return Object.fromEntries(Object.entries(t.metadata.labels ?? {}).filter(([k]) => k === generationLabel || k === parentLabel));
}

/**
 * The next `want` suggestions of the experiment (trials oldest first; `suggestion` is the
 * Suggestion's status). A bad algorithm setting is thrown (upstream's service refuses it).
 */
export function nextSuggestions(
  exp: Experiment,
  trials: Trial[],
  history: Observed[],
  want: number,
  suggestion: { suggestionCount?: number; algorithmSettings?: { name: string; value: string }[] } | undefined,
): SuggestionAnswer {
  const spec = exp.spec as NonNullable<Experiment['spec']>;
  const seed = exp.metadata.uid ?? exp.metadata.name;
  const alg = spec.algorithm.algorithmName;
  const settings = Object.fromEntries((spec.algorithm.algorithmSettings ?? []).map((s) => [s.name, s.value]));
  const maximize = spec.objective.type === 'maximize';
  if (optimiserAlgorithms.has(alg)) {
    const active = trials.filter((t) => ['running', 'pending'].includes(trialState(t))).map((t) => t.spec?.parameterAssignments ?? []);
    const batch = pendingSuggestions(`${seed}/${trials.length}/${want}`, () => ({
      algorithm: alg,
      settings,
      parameters: spec.parameters,
      seed: Math.floor(unit(seed) * 2 ** 31),
      count: want,
      observed: history,
      pending: active,
    }));
    return { items: (batch ?? []).map((assignments) => ({ assignments })) };
  }
  if (alg === 'hyperband') {
    const problem = hyperbandProblem(settings, spec.parameters, spec.parallelTrialCount ?? 3);
    if (problem) throw new Error(`hyperband: ${problem}`);
    // the state is in the Suggestion's status: it must already list every trial
    if (trials.length && (suggestion?.suggestionCount ?? 0) !== trials.length)
      throw new Error(`hyperband: Suggestion ${exp.metadata.name} lists ${suggestion?.suggestionCount ?? 0} of ${trials.length} trials; its state is behind`);
    const answer = hyperbandSuggest(mergedSettings(settings, suggestion?.algorithmSettings), {
      request: want,
      trials: trials.map((t) => ({ assignments: t.spec?.parameterAssignments ?? [], objective: objectiveValue(t), succeeded: trialState(t) === 'succeeded' })),
      maximize,
      params: spec.parameters,
      seed,
      index: trials.length,
    });
    return {
      items: answer.suggestions === 'end' ? 'end' : answer.suggestions.map((assignments) => ({ assignments })),
      algorithmSettings: Object.entries(answer.settings).map(([name, value]) => ({ name, value })),
    };
  }
  if (alg === 'pbt') {
    const s = pbtSettings(settings);
    if (typeof s === 'string') throw new Error(`pbt: ${s}`);
    const state = (t: Trial): PbtTrial['state'] => {
      const st = trialState(t);
      return st === 'failed' || st === 'killed' ? 'failed' : st === 'running' || st === 'pending' ? 'active' : 'completed';
    };
    const pbtTrials: PbtTrial[] = trials.map((t) => ({
      name: t.metadata.name,
      labels: serviceLabels(t),
      assignments: t.spec?.parameterAssignments ?? [],
      state: state(t),
      objective: objectiveValue(t),
    }));
    const items = pbtSuggest({ experiment: exp.metadata.name, seed, params: spec.parameters, maximize, trials: pbtTrials, want }, s);
    return { items };
  }
  const out: Suggested[] = [];
  for (let i = 0; i < want; i++) {
    const a = suggest(alg, spec.parameters, seed, trials.length + i);
    if (!a) return { items: out.length ? out : 'end' };
    out.push({ assignments: a });
  }
  return { items: out };
}
