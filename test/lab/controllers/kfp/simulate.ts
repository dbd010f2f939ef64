// SPDX-License-Identifier: Apache-2.0
/**
 * Plays a Workflow to its end without a cluster, for the player's unit tests: each pass's new
 * pods run on the next pass and end on the one after, as their `mldeck.dev/sim-outcome` label
 * says (what the lab's KWOK stages do in a real cluster).
 */
import type { Workflow } from './argo.ts';
import { play, type CachedExecution, type PlayResult } from './play.ts';
import type { ObservedPod } from './steps.ts';

/** What a simulated run did. */
export interface Simulation {
  wf: Workflow;
  passes: number;
  pods: PlayResult['create'];
  files: PlayResult['files'];
  cacheEntries: string[];
}

/** Plays `wf` (a copy) until it ends or `maxPasses` is reached; `cache` holds fingerprints already cached. */
export function simulate(
  input: Workflow,
  opts: { cache?: Map<string, CachedExecution>; maxPasses?: number; onPass?: (wf: Workflow, pass: number) => void } = {},
): Simulation {
  const wf = structuredClone(input);
  const cache = opts.cache ?? new Map<string, CachedExecution>();
  const pods = new Map<string, ObservedPod & { outcome: string; message?: string; age: number }>();
  const sim: Simulation = { wf, passes: 0, pods: [], files: [], cacheEntries: [] };
  for (let pass = 0; pass < (opts.maxPasses ?? 200); pass++) {
    sim.passes = pass + 1;
    for (const p of pods.values()) {
      p.age++;
      if (p.age === 1) p.phase = 'Running';
      if (p.age === 2) {
        p.phase = p.outcome === 'failed' ? 'Failed' : 'Succeeded';
        if (p.outcome === 'failed') p.message = p.message ?? 'Error';
      }
    }
    const result = play(wf, { pods, cached: (fp) => cache.get(fp), now: new Date(Date.UTC(2026, 0, 1, 0, 0, pass)).toISOString() });
    for (const c of result.create) {
      const m = c.pod.metadata;
      pods.set(m.name, {
        phase: 'Pending',
        outcome: m.labels['mldeck.dev/sim-outcome'] ?? 'succeeded',
        message: m.annotations['mldeck.dev/sim-message'],
        age: 0,
        nodeName: 'cpu-0',
      });
      sim.pods.push(c);
    }
    for (const name of result.deletePods) pods.delete(name);
    sim.files.push(...result.files);
    for (const e of result.cacheEntries) {
      cache.set(e.fingerprint, { outputs: e.execution.outputs ?? { params: {}, artifacts: {} }, outputBase: e.execution.outputBase ?? '' });
      sim.cacheEntries.push(e.fingerprint);
    }
    wf.status = result.status;
    opts.onPass?.(wf, pass);
    if (result.status.phase !== 'Running') break;
  }
  return sim;
}
