// SPDX-License-Identifier: Apache-2.0
/**
 * The builder's drafts through MLDeck's real services and client: a draft saved is read back after
 * the services are stopped and started again on the same data directory (as after a crash or a
 * restart), listed, and discarded; a draft over the size limit and a malformed one are refused
 * with an error saying why, and the kept draft is unchanged by the refusals.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { builderDraftsContract as drafts, maxDraftChars } from '../../../shared/features/builder/builder-drafts.contract';
import type { PipelineGraph } from '../../../shared/kfp/graph-types';
import { buildDeployPipeline } from '../../../shared/kfp/testing/example-builds';
import { startApp, type AppUnderTest } from '../../../test/harness/app-under-test';

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('the call was not refused');
}

describe('builder drafts (main service)', () => {
  let app: AppUnderTest | undefined;
  afterEach(() => app?.close());

  it('keeps a draft across a new service instance, lists it, discards it, and refuses bad drafts', async () => {
    const first = await startApp(undefined);
    const ref = { clusterId: 'lab-a', pipelineId: 'p-1', versionId: 'v-1' };
    const graph = buildDeployPipeline();
    const saved = await first.api.call(drafts.save, { ref, graph });
    expect(saved).toMatchObject({ ref, name: graph.info.name, tasks: graph.nodes.length });
    first.services.dispose();

    app = await startApp(undefined, { dataDir: first.dataDir });
    const back = await app.api.call(drafts.get, ref);
    expect(back?.graph).toEqual(graph);
    expect(back?.savedAt).toBe(saved.savedAt);
    expect(await app.api.call(drafts.get, { clusterId: 'lab-a' })).toBeNull();
    expect((await app.api.call(drafts.list, { clusterId: 'lab-a' })).map((d) => d.ref)).toEqual([ref]);

    const big: PipelineGraph = { ...graph, info: { ...graph.info, description: 'x'.repeat(maxDraftChars) } };
    const tooBig = await refusal(app.api.call(drafts.save, { ref, graph: big }));
    expect(tooBig.code).toBe('validation');
    expect(tooBig.message).toContain('drafts are kept up to 8.0 MiB');

    const malformed = { ...graph, edges: [{ kind: 'wire', id: 'e1' }] } as unknown as PipelineGraph;
    const bad = await refusal(app.api.call(drafts.save, { ref, graph: malformed }));
    expect(bad.code).toBe('validation');
    expect(bad.detail).toContain('graph.edges.0.kind');
    const half = await refusal(app.api.call(drafts.get, { clusterId: 'lab-a', pipelineId: 'p-1' }));
    expect(half.detail).toContain('Give both the pipeline and the version, or neither');
    // the refusals left the kept draft as it was
    expect((await app.api.call(drafts.get, ref))?.graph).toEqual(graph);

    await app.api.call(drafts.discard, ref);
    expect(await app.api.call(drafts.get, ref)).toBeNull();
    expect(await app.api.call(drafts.list, {})).toEqual([]);
  });
});
