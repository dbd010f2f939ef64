// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the trials' summaries across the page's clock: kept while no duration runs on. */
import { describe, expect, it } from 'vitest';
import type { KatibObjective, TrialObject } from '../../../shared/features/katib/katib-objects';
import { summarizeTrial } from '../../../shared/features/katib/experiment-summary';
import { retimedSummaries, runsOn } from './trial-summaries';

const objective: KatibObjective = { type: 'maximize', objectiveMetricName: 'accuracy' };
const start = '2026-01-01T00:00:00Z';
const t0 = Date.parse(start);

function trial(name: string, state: 'running' | 'succeeded' | 'created'): TrialObject {
  const conditions =
    state === 'running'
      ? [{ type: 'Running', status: 'True' }]
      : state === 'succeeded'
        ? [{ type: 'Succeeded', status: 'True' }]
        : [{ type: 'Created', status: 'True' }];
  return {
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Trial',
    metadata: { name, namespace: 'ns' },
    status: {
      ...(state === 'created' ? {} : { startTime: start }),
      ...(state === 'succeeded' ? { completionTime: '2026-01-01T00:01:00Z' } : {}),
      conditions,
      observation: { metrics: [{ name: 'accuracy', min: '0.5', max: '0.9', latest: '0.9' }] },
    },
  } as TrialObject;
}

describe('trial summaries across the clock', () => {
  const finished = [trial('a', 'succeeded'), trial('b', 'created')];

  it('says which durations run on: started and not ended', () => {
    const first = retimedSummaries(undefined, [...finished, trial('c', 'running')], objective, t0 + 5000);
    expect(first.list.map((s) => [s.name, runsOn(s), s.durationMs])).toEqual([
      ['a', false, 60_000],
      ['b', false, undefined],
      ['c', true, 5000],
    ]);
  });

  it('keeps the same list while no trial runs', () => {
    const first = retimedSummaries(undefined, finished, objective, t0 + 5000);
    const next = retimedSummaries(first, finished, objective, t0 + 10_000);
    expect(next).toBe(first);
    expect(next.list).toBe(first.list);
  });

  it('makes a new list with new summaries of the running trials only', () => {
    const objects = [...finished, trial('c', 'running')];
    const first = retimedSummaries(undefined, objects, objective, t0 + 5000);
    const next = retimedSummaries(first, objects, objective, t0 + 10_000);
    expect(next.list).not.toBe(first.list);
    expect(next.list[0]).toBe(first.list[0]);
    expect(next.list[1]).toBe(first.list[1]);
    expect(next.list[2]).not.toBe(first.list[2]);
    expect(next.list[2]?.durationMs).toBe(10_000);
  });

  it('summarises anew when the trials or the objective are other objects', () => {
    const first = retimedSummaries(undefined, finished, objective, t0);
    const other = retimedSummaries(first, [...finished], objective, t0);
    expect(other.list).not.toBe(first.list);
    expect(other.list[0]).not.toBe(first.list[0]);
    const minimize = retimedSummaries(first, finished, { ...objective, type: 'minimize' }, t0);
    expect(minimize.list[0]).not.toBe(first.list[0]);
    // a minimised objective is read by its min
    expect(minimize.list[0]?.objective).toBe(0.5);
  });

  it('made from the summaries at time 0, is what summarising at the time gives', () => {
    const objects = [...finished, trial('c', 'running')];
    const atZero = objects.map((t) => summarizeTrial(t, objective, 0));
    const made = retimedSummaries(undefined, objects, objective, t0 + 7000, atZero);
    expect(made.list).toEqual(objects.map((t) => summarizeTrial(t, objective, t0 + 7000)));
    // the finished ones are the very summaries at time 0
    expect(made.list[0]).toBe(atZero[0]);
    expect(made.list[2]?.durationMs).toBe(7000);
  });
});
