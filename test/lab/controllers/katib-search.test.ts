// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the driven Katib's hyperband and pbt services (pure logic). */
import { describe, expect, it } from 'vitest';
import { quality, type Assignment, type Parameter } from './katib-algorithms.ts';
import { convert, hyperbandProblem, hyperbandSuggest, mergedSettings, type HyperbandTrial } from './katib-hyperband.ts';
import {
  generationLabel,
  nextGeneration,
  parentLabel,
  pbtSettings,
  pbtSuggest,
  pbtTrialName,
  perturb,
  quantile,
  sampleList,
  type PbtSettings,
  type PbtTrial,
} from './katib-pbt.ts';

const params: Parameter[] = [
  { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.001', max: '0.1' } },
  { name: 'optimizer', parameterType: 'categorical', feasibleSpace: { list: ['sgd', 'adam', 'ftrl'] } },
  { name: 'epochs', parameterType: 'int', feasibleSpace: { min: '1', max: '1' } },
];
const value = (a: Assignment[], n: string) => a.find((x) => x.name === n)?.value;
const without = (a: Assignment[], n: string) => a.filter((x) => x.name !== n);

/**
 * Plays the lab's loop against the service: each call asks `parallel` minus the trials still
 * running (the batch just made runs for one tick), and a batch succeeds before the next rung.
 */
function playHyperband(settings: Record<string, string>, parallel: number) {
  let state: Record<string, string> = settings;
  const trials: HyperbandTrial[] = [];
  const batches: Assignment[][][] = [];
  let running = 0;
  for (let call = 0; call < 50; call++) {
    const answer = hyperbandSuggest(
      mergedSettings(
        settings,
        Object.entries(state).map(([name, value]) => ({ name, value })),
      ),
      {
        request: parallel - running,
        trials,
        maximize: true,
        params,
        seed: 'hb',
        index: trials.length,
      },
    );
    state = answer.settings;
    if (answer.suggestions === 'end') return { batches, state, trials };
    if (!answer.suggestions.length) {
      running = 0; // the rung before had to finish first: now it has
      for (const t of trials) t.succeeded = true;
      continue;
    }
    batches.push(answer.suggestions);
    for (const a of answer.suggestions) trials.push({ assignments: a, objective: quality(params, a), succeeded: false });
    running = answer.suggestions.length;
  }
  throw new Error('hyperband did not end');
}

describe('hyperband', () => {
  it('fills upstream’s defaults and refuses settings upstream refuses', () => {
    expect(convert({ resource_name: 'epochs', r_l: '9' })).toMatchObject({ eta: 3, s_max: 2, b_l: 27, current_s: 2, current_i: 0, n: 9, r: 1 });
    expect(hyperbandProblem({ resource_name: 'epochs' }, params, 9)).toBe('r_l and resource_name must be set.');
    expect(hyperbandProblem({ resource_name: 'epochs', r_l: '9', eta: '3' }, params, 8)).toBe('parallelTrialCount must be not less than 9.');
    expect(hyperbandProblem({ resource_name: 'steps', r_l: '9' }, params, 9)).toBe('value of resource_name setting must be in parameters.');
    expect(hyperbandProblem({ resource_name: 'epochs', r_l: '4', eta: '2' }, params, 4)).toBeUndefined();
  });

  it('plays every bracket: rungs with eta× the budget, each the best 1/eta of the rung before, then the end', () => {
    const { batches, state } = playHyperband({ resource_name: 'epochs', eta: '2', r_l: '4' }, 4);
    // s=2: 4 at 1 epoch, the best 2 at 2, the best at 4; s=1 (asked 3: one still runs): 3 at 2, the best 2 at 4; s=0: 2 at 4
    expect(batches.map((b) => b.length)).toEqual([4, 2, 1, 3, 2, 2]);
    expect(batches.map((b) => [...new Set(b.map((a) => value(a, 'epochs')))])).toEqual([['1'], ['2'], ['4'], ['2'], ['4'], ['4']]);
    const q = (a: Assignment[]) => quality(params, a);
    const best = (b: Assignment[][], k: number) => [...b].sort((x, y) => q(y) - q(x)).slice(0, k);
    for (const [rung, before] of [
      [1, 0],
      [2, 1],
      [4, 3],
    ] as const) {
      const promoted = batches[rung] ?? [];
      expect(promoted.map((a) => without(a, 'epochs'))).toEqual(best(batches[before] ?? [], promoted.length).map((a) => without(a, 'epochs')));
    }
    // fresh samples in each bracket's first rung
    expect(new Set(batches[3]?.map((a) => value(a, 'lr'))).size).toBe(3);
    expect(state).toMatchObject({ current_s: '-1', resource_name: 'epochs', eta: '2.0', r_l: '4.0', s_max: '2' });
  });

  it('sizes a rung by the request: ceil(ceil(request·eta^−i)/eta) promoted', () => {
    const { batches } = playHyperband({ resource_name: 'epochs', eta: '3', r_l: '9' }, 10);
    // s=2: 10 at 1, ceil(10/3) = 4 at 3, ceil(ceil(10/3)/3) = 2 at 9; s=1 (asked 8): 8 at 3, 4 at 9; s=0 (asked 6): 6 at 9
    expect(batches.map((b) => b.length)).toEqual([10, 4, 2, 8, 4, 6]);
    expect(batches.map((b) => [...new Set(b.map((a) => value(a, 'epochs')))])).toEqual([['1'], ['3'], ['9'], ['3'], ['9'], ['9']]);
  });

  it('answers nothing while the rung before has not all succeeded, and keeps its state', () => {
    const s = { resource_name: 'epochs', eta: '2', r_l: '4' };
    const first = hyperbandSuggest(s, { request: 4, trials: [], maximize: true, params, seed: 'x', index: 0 });
    const trials = (first.suggestions as Assignment[][]).map((a, i) => ({ assignments: a, objective: i, succeeded: i !== 2 }));
    const wait = hyperbandSuggest(first.settings, { request: 4, trials, maximize: true, params, seed: 'x', index: 4 });
    expect(wait).toEqual({ suggestions: [], settings: first.settings });
    const min = hyperbandSuggest(first.settings, {
      request: 4,
      trials: trials.map((t) => ({ ...t, succeeded: true })),
      maximize: false,
      params,
      seed: 'x',
      index: 4,
    });
    expect((min.suggestions as Assignment[][]).map((a) => value(a, 'lr'))).toEqual([trials[0], trials[1]].map((t) => value(t?.assignments ?? [], 'lr')));
  });
});

const pbtParams: Parameter[] = [
  { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.01', max: '0.05', step: '0.01' } },
  { name: 'layers', parameterType: 'int', feasibleSpace: { min: '2', max: '9' } },
  { name: 'optimizer', parameterType: 'categorical', feasibleSpace: { list: ['sgd', 'adam', 'ftrl'] } },
];
const pbt: PbtSettings = { population: 5, truncation: 0.2 };

describe('pbt', () => {
  it('reads settings as upstream validates them', () => {
    expect(pbtSettings({ n_population: '5' })).toBe('Required params missing: suggestion_trial_dir, truncation_threshold');
    expect(pbtSettings({ suggestion_trial_dir: '/c', n_population: '4', truncation_threshold: '0.2' })).toBe('Param(n_population) should be >= 5');
    expect(pbtSettings({ suggestion_trial_dir: '/c', n_population: '6', truncation_threshold: '0.3', resample_probability: '0.5' })).toEqual({
      population: 6,
      truncation: 0.3,
      resample: 0.5,
    });
  });

  it('samples from upstream’s lists, perturbs by 0.8 or 1.2 within the range, and moves along a list cyclically', () => {
    expect(sampleList(pbtParams[0] as Parameter)).toEqual(['0.01', '0.02', '0.03', '0.04', '0.05']);
    expect(sampleList(pbtParams[1] as Parameter)).toHaveLength(8);
    expect(perturb(pbtParams[0] as Parameter, '0.03', 0.1)).toBe('0.024');
    expect(perturb(pbtParams[0] as Parameter, '0.05', 0.9)).toBe('0.05');
    expect(perturb(pbtParams[1] as Parameter, '7', 0.9)).toBe('8');
    expect(perturb(pbtParams[2] as Parameter, 'sgd', 0.1)).toBe('ftrl');
    expect(perturb(pbtParams[2] as Parameter, 'ftrl', 0.9)).toBe('sgd');
    expect(quantile([1, 2, 3, 4, 5], 0.2)).toBeCloseTo(1.8, 12);
    expect(pbtTrialName('pbt', 's')).toMatch(/^pbt-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('exploits the truncated trials with an upper trial’s values and explores the others', () => {
    const pool: PbtTrial[] = [0.1, 0.5, 0.6, 0.7, 0.9].map((v, i) => ({
      name: `t${i}`,
      labels: { [generationLabel]: '0' },
      assignments: [
        { name: 'lr', value: '0.03' },
        { name: 'layers', value: String(3 + i) },
        { name: 'optimizer', value: 'adam' },
      ],
      state: 'completed',
      objective: v,
    }));
    const kids = nextGeneration(pool, pbt, pbtParams, 1, 'g');
    expect(kids).toHaveLength(5);
    const exploited = kids.filter((k) => k.exploited);
    // below the 0.2 quantile (0.42): t0; int(5·0.2) = 1 exploited, its values from an upper trial (≥ 0.78: t4)
    expect(exploited).toEqual([{ assignments: pool[4]?.assignments, parent: 't0', exploited: true }]);
    const explored = kids.filter((k) => !k.exploited);
    expect(explored.map((k) => k.parent).sort()).toEqual(['t1', 't2', 't3', 't4']);
    for (const k of explored) {
      const parent = pool.find((t) => t.name === k.parent) as PbtTrial;
      expect(['0.024', '0.036']).toContain(value(k.assignments, 'lr'));
      const layers = Number(value(parent.assignments, 'layers'));
      expect([Math.trunc(layers * 0.8), Math.min(9, Math.trunc(layers * 1.2))]).toContain(Number(value(k.assignments, 'layers')));
      expect(['sgd', 'ftrl']).toContain(value(k.assignments, 'optimizer'));
    }
    // minimising: the scale turns the order round, so t4 is the one truncated
    expect(nextGeneration(pool, pbt, pbtParams, -1, 'g').find((k) => k.exploited)?.parent).toBe('t4');
  });

  it('makes generation 0, waits for it, then makes generation 1 from it; retries failed trials', () => {
    const input = { experiment: 'pbt', seed: 's', params: pbtParams, maximize: true, want: 3 };
    const first = pbtSuggest({ ...input, trials: [] }, pbt);
    expect(first).toHaveLength(3);
    const trials: PbtTrial[] = first.map((s) => ({ ...s, state: 'active' }));
    const rest = pbtSuggest({ ...input, want: 5, trials }, pbt);
    expect(rest).toHaveLength(2);
    expect(rest.every((s) => s.labels[generationLabel] === '0' && !(parentLabel in s.labels))).toBe(true);
    trials.push(...rest.map((s): PbtTrial => ({ ...s, state: 'active' })));
    expect(pbtSuggest({ ...input, want: 5, trials }, pbt)).toEqual([]);
    trials.forEach((t, i) => Object.assign(t, { state: i === 1 ? 'failed' : 'completed', objective: quality(pbtParams, t.assignments) }));
    const retry = pbtSuggest({ ...input, want: 5, trials }, pbt);
    expect(retry).toHaveLength(1);
    expect(retry[0]).toMatchObject({ assignments: trials[1]?.assignments, labels: { [generationLabel]: '0' } });
    trials.push({ ...(retry[0] as PbtTrial), state: 'completed', objective: quality(pbtParams, trials[1]?.assignments ?? []) });
    const gen1 = pbtSuggest({ ...input, want: 10, trials }, pbt);
    expect(gen1).toHaveLength(5);
    const names = new Set(trials.filter((t) => t.state === 'completed').map((t) => t.name));
    for (const s of gen1) {
      expect(s.labels[generationLabel]).toBe('1');
      expect(names.has(s.labels[parentLabel] ?? '')).toBe(true);
    }
    expect(pbtSuggest({ ...input, want: 10, trials }, pbt)).toEqual(gen1);
  });
});
