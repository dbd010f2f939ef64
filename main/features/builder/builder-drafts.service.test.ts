// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the builder's drafts (a real SQLite file in a temp folder). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors';
import { DraftGraph, maxDraftChars } from '../../../shared/features/builder/builder-drafts.contract';
import { emptyGraph } from '../../../shared/kfp/graph-edit';
import { buildEverythingPipeline } from '../../../shared/kfp/testing/example-builds';
import { BuilderDraftStore } from './builder-draft-store';
import { BuilderDraftsService, refOf, slotOf } from './builder-drafts.service';

const dirs: string[] = [];
const stores: BuilderDraftStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fresh(): { file: string; open(now?: number): BuilderDraftsService } {
  const dir = mkdtempSync(join(tmpdir(), 'mldeck-builder-drafts-'));
  dirs.push(dir);
  const file = join(dir, 'builder-drafts.sqlite');
  return {
    file,
    open: (now = 1000) => {
      const s = new BuilderDraftStore(file);
      stores.push(s);
      return new BuilderDraftsService(s, () => now);
    },
  };
}

describe('builder drafts', () => {
  it('keeps one draft per cluster and starting point, newest first, read back equal', () => {
    const f = fresh();
    const g = buildEverythingPipeline();
    const a = f.open(1000);
    a.save({ ref: { clusterId: 'c1' }, graph: g });
    const b = f.open(2000);
    b.save({ ref: { clusterId: 'c1', pipelineId: 'p-1', versionId: 'v-1' }, graph: emptyGraph('opened') });
    b.save({ ref: { clusterId: 'c2' }, graph: emptyGraph('elsewhere') });
    expect(b.get({ clusterId: 'c1' })?.graph).toEqual(g);
    expect(b.list('c1').map((d) => [d.name, d.ref, d.savedAt])).toEqual([
      ['opened', { clusterId: 'c1', pipelineId: 'p-1', versionId: 'v-1' }, 2000],
      [g.info.name, { clusterId: 'c1' }, 1000],
    ]);
    expect(b.list(undefined)).toHaveLength(3);
    expect(b.list('c1')[1]).toMatchObject({ tasks: g.nodes.length, chars: JSON.stringify(g).length });
    b.discard({ clusterId: 'c1' });
    expect(b.get({ clusterId: 'c1' })).toBeNull();
    expect(b.list('c1')).toHaveLength(1);
  });

  it('refuses a draft over the limit with its size', () => {
    const g = emptyGraph('big');
    g.info.description = 'x'.repeat(maxDraftChars);
    let err: unknown;
    try {
      fresh()
        .open()
        .save({ ref: { clusterId: 'c' }, graph: g });
    } catch (e) {
      err = e;
    }
    expect(isAppError(err) && err.code).toBe('validation');
    expect(String((err as Error).message)).toMatch(/The draft is 8\.0 MiB; drafts are kept up to 8\.0 MiB/);
  });

  it('checks the graph shape and names where it is wrong', () => {
    expect(DraftGraph.safeParse(buildEverythingPipeline()).success).toBe(true);
    const bad = DraftGraph.safeParse({ ...emptyGraph('x'), nodes: [{ id: 'a' }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['nodes', 0, 'name']);
  });

  it('reports a kept row that is not a graph instead of handing it to the canvas', () => {
    const f = fresh();
    const store = new BuilderDraftStore(f.file);
    stores.push(store);
    store.put({ cluster: 'c', slot: '', name: 'old', tasks: 0, savedAt: 5, json: '{"info":{}}' });
    expect(() => new BuilderDraftsService(store).get({ clusterId: 'c' })).toThrow(/"old" is not a pipeline this version of MLDeck can open/);
  });

  it('moves a damaged file aside and starts fresh', () => {
    const f = fresh();
    writeFileSync(f.file, 'this is not a database'.repeat(100));
    expect(f.open().list(undefined)).toEqual([]);
  });

  it('names slots both ways', () => {
    expect(slotOf({ clusterId: 'c' })).toBe('');
    expect(slotOf({ clusterId: 'c', pipelineId: 'p', versionId: 'v' })).toBe('p/v');
    expect(refOf('c', 'p/v')).toEqual({ clusterId: 'c', pipelineId: 'p', versionId: 'v' });
    expect(refOf('c', '')).toEqual({ clusterId: 'c' });
  });
});
