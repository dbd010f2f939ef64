// SPDX-License-Identifier: Apache-2.0
/** The comparison service over its SQLite file, with sources that answer as told: order, kept runs when unreachable, saved comparisons. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { runKey, type ComparedRun, type RunRef } from '../../../shared/features/compare/compare-model';
import { defaultViewSettings } from '../../../shared/features/compare/compare.contract';
import { CompareService } from './compare.service';
import { CompareStore } from './compare-store';
import { metricsOutputs, numbersOf } from './sources/kfp-runs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(read: (ref: RunRef) => Promise<ComparedRun>, now = () => 1000) {
  const dir = mkdtempSync(join(tmpdir(), 'mldeck-compare-'));
  dirs.push(dir);
  const store = new CompareStore(join(dir, 'comparisons.sqlite'));
  const logged: unknown[] = [];
  const svc = new CompareService(store, { kfp: { read }, katib: { read } }, now, (e) => logged.push(e));
  return { svc, store, logged, file: join(dir, 'comparisons.sqlite') };
}

const runOf = (ref: RunRef, fetchedAt: number): ComparedRun => ({
  key: runKey(ref),
  ref,
  label: runKey(ref),
  source: ref.source,
  cluster: 'c',
  where: '',
  state: '',
  params: { a: '1' },
  metrics: { m: 1 },
  series: [],
  directions: {},
  fetchedAt,
});

describe('CompareService', () => {
  const a: RunRef = { source: 'kfp', clusterId: 'c', runId: 'a' };
  const b: RunRef = { source: 'kfp', clusterId: 'c', runId: 'b' };

  it('answers in the order asked, serves a run as last read only when its source cannot be reached, and never makes one up', async () => {
    let mode: 'live' | 'down' | 'gone' | 'bug' = 'live';
    const { svc, logged } = setup(async (ref) => {
      if (mode === 'down') throw new AppError('unavailable', 'KFP cannot be reached.');
      if (mode === 'gone') throw new AppError('not-found', 'No such run.');
      if (mode === 'bug') throw new TypeError('x is undefined');
      await new Promise((r) => setTimeout(r, ref === a ? 20 : 0));
      return runOf(ref, 500);
    });
    const live = await svc.resolve([a, b]);
    expect(live.map((r) => r.key)).toEqual([runKey(a), runKey(b)]);
    mode = 'down';
    const kept = await svc.resolve([a, { ...a, runId: 'never' }]);
    expect(kept[0]).toEqual({ key: runKey(a), ok: true, run: runOf(a, 500), cachedAt: 500, problem: 'KFP cannot be reached.' });
    expect(kept[1]).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    mode = 'gone';
    expect((await svc.resolve([a]))[0]).toMatchObject({ ok: false, error: { code: 'not-found', message: 'No such run.' } });
    mode = 'bug';
    expect((await svc.resolve([a]))[0]).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logged).toHaveLength(1);
    const noSource = await svc.resolve([{ source: 'mlflow', serverId: 'cluster:x', runId: 'r' }]);
    expect(noSource[0]).toMatchObject({ ok: false, error: { code: 'unavailable', message: 'MLDeck cannot read MLflow runs here.' } });
  });

  it('saves, lists newest first, renames, deletes; refuses unknown ids; reports a comparison it cannot read', () => {
    let t = 1;
    const { svc, store } = setup(
      () => Promise.reject(new Error('unused')),
      () => t++,
    );
    const first = svc.save({ name: 'one', refs: [a], view: defaultViewSettings });
    const second = svc.save({ name: 'two', refs: [a, b], view: { ...defaultViewSettings, differencesOnly: true } });
    expect(svc.list().map((c) => c.name)).toEqual(['two', 'one']);
    const again = svc.save({ id: first.id, name: 'one again', refs: [b], view: defaultViewSettings });
    expect(again).toMatchObject({ id: first.id, createdAt: first.createdAt, runs: 1 });
    expect(svc.get(second.id)).toMatchObject({ name: 'two', refs: [a, b], view: { differencesOnly: true } });
    expect(svc.rename({ id: second.id, name: 'renamed' }).name).toBe('renamed');
    svc.delete(first.id);
    expect(svc.list().map((c) => c.name)).toEqual(['renamed']);
    expect(() => svc.get(first.id)).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => svc.save({ id: first.id, name: 'x', refs: [a], view: defaultViewSettings })).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => svc.delete(first.id)).toThrow(expect.objectContaining({ code: 'not-found' }));
    store.put({ id: 'bad', name: 'bad', createdAt: 1, updatedAt: 99, runs: 1, refsJson: '[{"source":"nope"}]', viewJson: '{}' });
    expect(() => svc.get('bad')).toThrow(expect.objectContaining({ code: 'internal' }));
  });
});

describe('the saved comparisons’ order', () => {
  it('lists the most recently changed first when changes share one millisecond', () => {
    const { svc } = setup(
      () => Promise.reject(new Error('unused')),
      () => 5000,
    );
    const a: RunRef = { source: 'kfp', clusterId: 'c', runId: 'a' };
    const lr = svc.save({ name: 'lr sweep', refs: [a, { ...a, runId: 'b' }], view: defaultViewSettings });
    const other = svc.save({ name: 'other', refs: [a], view: defaultViewSettings });
    expect(svc.list().map((c) => c.name)).toEqual(['other', 'lr sweep']);
    expect(other.updatedAt).toBeGreaterThan(lr.updatedAt);
    svc.rename({ id: lr.id, name: 'lr' });
    expect(svc.list().map((c) => c.name)).toEqual(['lr', 'other']);
  });
});

describe('KFP metrics artifacts', () => {
  it('finds the tasks whose components output system.Metrics, nested DAGs included', () => {
    const spec = {
      components: {
        'comp-train': {
          outputDefinitions: {
            artifacts: { metrics: { artifactType: { schemaTitle: 'system.Metrics' } }, model: { artifactType: { schemaTitle: 'system.Model' } } },
          },
        },
        'comp-eval': { outputDefinitions: { artifacts: { report: { artifactType: { schemaTitle: 'system.ClassificationMetrics' } } } } },
        'comp-loop': { dag: { tasks: { score: { componentRef: { name: 'comp-train' }, taskInfo: { name: 'score' } } } } },
      },
      root: {
        dag: {
          tasks: {
            train: { componentRef: { name: 'comp-train' }, taskInfo: { name: 'train' } },
            evaluate: { componentRef: { name: 'comp-eval' } },
            'for-loop-1': { componentRef: { name: 'comp-loop' } },
          },
        },
      },
    };
    expect([...metricsOutputs(spec).entries()]).toEqual([
      ['train', ['metrics']],
      ['score', ['metrics']],
    ]);
  });

  it('reads a metrics file as a JSON object of numbers or KFP’s metrics list, and refuses what is not JSON', () => {
    expect(numbersOf('{"accuracy": 0.9, "note": "x", "loss": 0.2}', 's3://b/k')).toEqual({ accuracy: 0.9, loss: 0.2 });
    expect(numbersOf('{"metrics": [{"name": "f1", "numberValue": 0.7}, {"name": "bad"}]}', 's3://b/k')).toEqual({ f1: 0.7 });
    expect(() => numbersOf('not json', 's3://b/k')).toThrow('The metrics artifact s3://b/k is not JSON.');
  });
});
