// SPDX-License-Identifier: Apache-2.0
/**
 * The run drawer's listing of a task KFP served from its cache, with no artifacts (an iteration of
 * the seeded sweep's loop): the earlier run that ran it is named, each run is read once, and a
 * runs list that cannot be read leaves the listing served with why (runs in memory; the lab's real
 * KFP in test/integration/kfp-cached-outputs.int.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../../../shared/errors';
import type { RunDetail, RunTask } from '../../../shared/features/pipelines/run-details.contract';
import { fixture } from '../../../shared/kfp/testing/fixtures';
import type { EarlierKfpRuns } from '../../platform/object-store/kfp-cached-outputs';
import { RunArtifactsCache } from './run-artifacts-cache';
import { RunArtifactsService } from './run-artifacts.service';

const spec = parseYaml(fixture('lab/sweep--v1')) as unknown;

/** A run of the sweep whose first iteration's score ran, or was served from the cache. */
function sweepRun(runId: string, createdAt: string, cached: boolean): RunDetail {
  const score = { graphId: 'for-loop-1/score', role: 'node', state: 'SUCCEEDED', iterations: [0], cached } as unknown as RunTask;
  return {
    clusterId: 'c',
    runId,
    displayName: `sweep ${runId}`,
    namespace: 'kubeflow',
    pipelineId: 'p1',
    createdAt,
    parameters: [],
    spec,
    tasks: [score],
    origin: { kind: 'port-forward' },
  } as unknown as RunDetail;
}

describe('the listing of a cached task with no artifacts', () => {
  let dir: string;
  let cache: RunArtifactsCache;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mldeck-artifacts-'));
    cache = new RunArtifactsCache(join(dir, 'a.sqlite'));
  });
  afterEach(() => {
    cache.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const runs = [sweepRun('r1', '2026-01-01T00:00:01Z', false), sweepRun('r2', '2026-01-01T00:00:02Z', true)];
  const task = { clusterId: 'c', runId: 'r2', graphId: 'for-loop-1/score', iterations: [0] };
  const service = (earlier: EarlierKfpRuns, reads: string[]) =>
    new RunArtifactsService(
      {
        get: async ({ runId }) => {
          reads.push(runId);
          const r = runs.find((x) => x.runId === runId);
          if (!r) throw new AppError('not-found', `no run ${runId}`);
          return r;
        },
      },
      {
        store: async () => {
          throw new Error('a task with no artifacts needs no store');
        },
        forget: () => undefined,
      },
      cache,
      earlier,
    );

  it('names the earlier run in which that iteration ran, reading each run once', async () => {
    const reads: string[] = [];
    const list = await service({ earlier: async () => ['r2', 'r1'] }, reads).list(task);
    expect(list.artifacts).toEqual([]);
    expect(list.cachedFrom).toEqual({ runId: 'r1', displayName: 'sweep r1' });
    expect(list.cachedFromProblem).toBeUndefined();
    expect(reads).toEqual(['r2', 'r1']);
  });

  it('is still served when the earlier runs cannot be listed, and says why', async () => {
    const refused: EarlierKfpRuns = {
      earlier: async () => {
        throw new AppError('forbidden', 'The runs of kubeflow may not be listed.');
      },
    };
    const list = await service(refused, []).list(task);
    expect(list.cachedFrom).toBeUndefined();
    expect(list.cachedFromProblem).toBe(
      "MLDeck could not look through the pipeline's earlier runs for the one KFP's cache served: The runs of kubeflow may not be listed.",
    );
  });
});
