// SPDX-License-Identifier: Apache-2.0
/** Which earlier run a task served from KFP's cache took its outputs from (runs and listings given in memory; the lab's real KFP in test/integration/kfp-cached-outputs.int.test.ts). */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { RunDetail, RunTask } from '../../../shared/features/pipelines/run-details.contract';
import { fixture } from '../../../shared/kfp/testing/fixtures';
import { cachedOutputs, earlierRunsFrom, type CachedOutputsDeps } from './kfp-cached-outputs';
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
