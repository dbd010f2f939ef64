// SPDX-License-Identifier: Apache-2.0
/**
 * A pipeline for the run page's loop and cache tests, compiled by the real kfp SDK (the lab's
 * `kfp` environment) from the lab's components and uploaded to lab-a's KFP under a unique name:
 * `prepare-data` with caching on (a second run with the same `rows` is served from KFP's cache),
 * then a ParallelFor over `fails` whose `step` fails in the iteration whose item names it (the
 * lab's `fail_at`): with the default list, the second of four iterations fails.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KfpClient } from '../lab/kfp/client';
import { ensureEnv, python, pythonEnv } from '../lab/peers/python-envs';

const execFileAsync = promisify(execFile);

/** The loop's items: the iteration whose item is `step` fails. */
export const loopItems = ['', 'step', '', ''];

/** The pipeline's Python source: the loop over `items`, its step cached or not. */
const source = (items: readonly string[], stepCaching: boolean) => String.raw`
import sys
sys.path.insert(0, sys.argv[1])
from kfp import compiler, dsl
from components import prepare_data, step

@dsl.pipeline(name="loop-iterations", description="prepare-data (cached), then a ParallelFor whose step fails where its item says so.")
def loop_iterations(rows: int = 10, fails: list = ${JSON.stringify(items)}):
    prepare_data(rows=rows)
    with dsl.ParallelFor(fails) as f:
        step(index=1, fail_at=f).set_caching_options(${stepCaching ? 'True' : 'False'})

compiler.Compiler().compile(loop_iterations, sys.argv[2])
`;

/** The uploaded pipeline: its id, its version's id, and how to delete it. */
export interface LoopPipeline {
  pipelineId: string;
  versionId: string;
  remove(): Promise<void>;
}

/**
 * Compiles the pipeline with the kfp SDK and uploads it as `name`.
 * @param opts - the loop's items (default {@link loopItems}) and whether its step has caching on (default off)
 */
export async function uploadLoopPipeline(kfp: KfpClient, name: string, opts: { items?: readonly string[]; stepCaching?: boolean } = {}): Promise<LoopPipeline> {
  await ensureEnv('kfp');
  const dir = mkdtempSync(join(tmpdir(), 'mldeck-loop-'));
  try {
    const script = join(dir, 'compile.py');
    const out = join(dir, 'loop-iterations.yaml');
    writeFileSync(script, source(opts.items ?? loopItems, opts.stepCaching ?? false));
    await execFileAsync(python('kfp'), [script, join(import.meta.dirname, '..', 'lab', 'pipelines'), out], {
      env: { ...process.env, ...pythonEnv() },
      timeout: 120_000,
    }).catch((e: unknown) => {
      throw new Error(`the kfp SDK could not compile the loop pipeline: ${typeof e === 'object' && e && 'stderr' in e ? String(e.stderr) : String(e)}`);
    });
    const pipelineId = await kfp.uploadPipeline(out, name, 'uploaded by the run page tests (loop iterations, cache)');
    const [version] = await kfp.versions(pipelineId);
    if (!version) throw new Error(`the uploaded pipeline ${name} has no version`);
    return {
      pipelineId,
      versionId: version.pipeline_version_id,
      remove: async () => void (await kfp.request('DELETE', `/pipelines/${pipelineId}?cascade=true`)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Two runs of the pipeline with the same fresh `rows`, the second started once the first has
 * settled (it fails, in its loop's second iteration): the second's prepare-data is served from
 * KFP's cache, made by the first.
 */
export async function twoLoopRuns(kfp: KfpClient, p: LoopPipeline, experimentId: string, prefix: string): Promise<{ first: string; second: string }> {
  const parameters = { rows: 100 + (Date.now() % 900_000) };
  const start = (name: string) =>
    kfp.createRun({ displayName: `${prefix}-${name}`, experimentId, pipelineId: p.pipelineId, versionId: p.versionId, parameters });
  const first = (await start('first')).run_id;
  await kfp.waitRun(first, undefined, 180_000);
  const second = (await start('second')).run_id;
  await kfp.waitRun(second, undefined, 180_000);
  return { first, second };
}
