// SPDX-License-Identifier: Apache-2.0
/** Which earlier run a task served from KFP's cache took its outputs from (runs and listings given in memory; the lab's real KFP in test/integration/kfp-cached-outputs.int.test.ts). */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { RunDetail, RunTask } from '../../../shared/features/pipelines/run-details.contract';
import { fixture } from '../../../shared/kfp/testing/fixtures';
import { cachedOutputs, earlierRunsFrom, producerRun, type CachedOutputsDeps } from './kfp-cached-outputs';
import type { ObjectEntry } from './object-reads';

const spec = parseYaml(fixture('lab/training-cached--v1')) as unknown;

function run(runId: string, createdAt: string, train: RunTask['state'], parameters: RunDetail['parameters'] = []): RunDetail {
  const t = (role: RunTask['role'], state: RunTask['state']) => ({ graphId: 'train', role, state, iterations: [] }) as unknown as RunTask;
  return {
    clusterId: 'c',
    runId,
    displayName: `run ${runId}`,
    namespace: 'kubeflow',
    pipelineId: 'p1',
    createdAt,
    parameters,
    spec,
    tasks: [t('node', train), t('driver', 'SUCCEEDED')],
  } as unknown as RunDetail;
}

function deps(runs: RunDetail[], objects: string[]): CachedOutputsDeps & { listed: string[] } {
  const listed: string[] = [];
  return {
    listed,
    runs: {
      get: async ({ runId }) => {
        const r = runs.find((x) => x.runId === runId);
        if (!r) throw new Error(`no run ${runId}`);
        return r;
      },
    },
    earlier: {
      earlier: async (q) =>
        runs
          .filter((r) => r.createdAt <= q.before)
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
          .map((r) => r.runId),
    },
    list: async (_root, prefix): Promise<ObjectEntry[]> => {
      listed.push(prefix);
      return objects.filter((k) => k.startsWith(prefix)).map((key) => ({ key, size: 3, lastModified: '2026-01-01T00:00:00Z', etag: undefined }));
    },
  };
}

describe('outputs of a task served from the cache', () => {
  const objects = ['v2/artifacts/training-cached/r1/train/11/metrics', 'v2/artifacts/training-cached/r1/train/11/model'];

  it('finds them in the newest earlier run that ran the task on the same parameters, passing over runs served from the cache too', async () => {
    const r1 = run('r1', '2026-01-01T00:00:01Z', 'SUCCEEDED');
    // served from the cache too (nothing in its folder), with the default written out
    const r2 = run('r2', '2026-01-01T00:00:02Z', 'SUCCEEDED', [{ name: 'epochs', value: '5' }]);
    const other = run('r3', '2026-01-01T00:00:03Z', 'SUCCEEDED', [{ name: 'epochs', value: '9' }]);
    const failed = run('r4', '2026-01-01T00:00:04Z', 'FAILED');
    const mine = run('r5', '2026-01-01T00:00:05Z', 'SUCCEEDED');
    const d = deps([r1, r2, other, failed, mine], objects);
    const got = await cachedOutputs(d, mine, 'train', ['metrics', 'model'], undefined);
    expect(got).toMatchObject({ found: true, run: { runId: 'r1', displayName: 'run r1' } });
    if (!got?.found) return;
    expect([...got.outputs].map(([k, f]) => `${k} ${f.uri}`)).toEqual([
      'metrics minio://mlpipeline/v2/artifacts/training-cached/r1/train/11/metrics',
      'model minio://mlpipeline/v2/artifacts/training-cached/r1/train/11/model',
    ]);
    // only the runs that qualified were listed
    expect(d.listed).toEqual(['v2/artifacts/training-cached/r2/train/', 'v2/artifacts/training-cached/r1/train/']);
  });

  it('is not asked for a task that did not succeed, and says why when no earlier run qualifies', async () => {
    const r1 = run('r1', '2026-01-01T00:00:01Z', 'SUCCEEDED', [{ name: 'rows', value: '7' }]);
    const mine = run('r2', '2026-01-01T00:00:02Z', 'SUCCEEDED');
    expect(await cachedOutputs(deps([r1, mine], objects), run('r3', '2026-01-01T00:00:03Z', 'FAILED'), 'train', ['metrics'], undefined)).toBeUndefined();
    const got = await cachedOutputs(deps([r1, mine], objects), mine, 'train', ['metrics'], undefined);
    expect(got).toEqual({
      found: false,
      why: "train succeeded with caching on and wrote nothing in this run's folder: KFP served it from its cache; none of the 2 earlier runs of its pipeline looked at (at most 20) ran train with the same component and parameters and kept its outputs.",
    });
  });

  it('reads earlier runs from the runs list, newest first, made no later than the run, and fails with a stream that could not be read', async () => {
    const summary = (runId: string, createdAt: string) => ({ runId, createdAt });
    const asked: unknown[] = [];
    const earlier = earlierRunsFrom(async (req) => {
      asked.push(req);
      return {
        streams: [
          {
            clusterId: 'c',
            namespace: 'team-a',
            ok: true,
            runs: [summary('later', '2026-01-03T00:00:00Z'), summary('a', '2026-01-01T00:00:01Z'), summary('b', '2026-01-01T00:00:03Z')],
          },
        ],
        refused: [],
      } as never;
    });
    expect(await earlier.earlier({ clusterId: 'c', namespace: 'team-a', pipelineId: 'p', before: '2026-01-02T00:00:00Z', limit: 20 })).toEqual(['b', 'a']);
    expect(asked).toEqual([
      {
        clusterId: 'c',
        filter: { pipelineId: 'p', namespace: 'team-a' },
        sort: { key: 'created_at', desc: true },
        pageSize: 20,
      },
    ]);
    const failing = earlierRunsFrom(
      async () =>
        ({
          streams: [{ clusterId: 'c', namespace: 'team-a', ok: false, error: { code: 'forbidden', message: 'no', retryable: false } }],
          refused: [],
        }) as never,
    );
    await expect(failing.earlier({ clusterId: 'c', namespace: 'team-a', pipelineId: 'p', before: '2026-01-02T00:00:00Z', limit: 20 })).rejects.toThrow('no');
  });
});

describe('the run whose execution the cache served', () => {
  /** A run whose train task ran once per iteration given (`[]`: outside a loop), cached or not. */
  const withTrain = (
    runId: string,
    createdAt: string,
    instances: { iterations: number[]; state?: RunTask['state']; cached?: boolean }[],
    parameters: RunDetail['parameters'] = [],
  ) => {
    const r = run(runId, createdAt, 'SUCCEEDED', parameters);
    r.tasks = instances.map(
      (i) =>
        ({
          graphId: 'train',
          role: 'node',
          state: i.state ?? 'SUCCEEDED',
          iterations: i.iterations,
          ...(i.cached === undefined ? {} : { cached: i.cached }),
        }) as unknown as RunTask,
    );
    return r;
  };

  it('names the newest earlier run in which the task ran on the same parameters, with no store and no artifacts to look for', async () => {
    const r1 = withTrain('r1', '2026-01-01T00:00:01Z', [{ iterations: [], cached: false }]);
    const cachedToo = withTrain('r2', '2026-01-01T00:00:02Z', [{ iterations: [], cached: true }]);
    const otherParams = withTrain('r3', '2026-01-01T00:00:03Z', [{ iterations: [], cached: false }], [{ name: 'epochs', value: '9' }]);
    const failed = withTrain('r4', '2026-01-01T00:00:04Z', [{ iterations: [], state: 'FAILED', cached: false }]);
    const unknown = withTrain('r5', '2026-01-01T00:00:05Z', [{ iterations: [] }]);
    const mine = withTrain('r6', '2026-01-01T00:00:06Z', [{ iterations: [], cached: true }]);
    const d = deps([r1, cachedToo, otherParams, failed, unknown, mine], []);
    expect(await producerRun(d, mine, 'train', [])).toEqual({ runId: 'r1', displayName: 'run r1' });
    expect(d.listed).toEqual([]);
    // a task that ran in this run has no producer elsewhere
    expect(await producerRun(d, r1, 'train', [])).toBeUndefined();
    // nor is one found when no earlier run ran it
    expect(await producerRun(deps([cachedToo, mine], []), mine, 'train', [])).toBeUndefined();
  });

  it('in a loop, takes the same iteration of the earlier run', async () => {
    const r1 = withTrain('r1', '2026-01-01T00:00:01Z', [
      { iterations: [0], cached: false },
      { iterations: [1], cached: false },
    ]);
    // iteration 1 was served from r1's cache here; iteration 0 ran again
    const r2 = withTrain('r2', '2026-01-01T00:00:02Z', [
      { iterations: [0], cached: false },
      { iterations: [1], cached: true },
    ]);
    const mine = withTrain('r3', '2026-01-01T00:00:03Z', [
      { iterations: [0], cached: true },
      { iterations: [1], cached: true },
    ]);
    const d = deps([r1, r2, mine], []);
    expect(await producerRun(d, mine, 'train', [0])).toEqual({ runId: 'r2', displayName: 'run r2' });
    expect(await producerRun(d, mine, 'train', [1])).toEqual({ runId: 'r1', displayName: 'run r1' });
    expect(await producerRun(d, mine, 'train', [2])).toBeUndefined();
  });
});
