// SPDX-License-Identifier: Apache-2.0
/**
 * A finished run of the lab's `large` pipeline (300 steps in 10 sub-pipelines) on lab-a, in the
 * experiment `mldeck-bench-b11`: found, or made and played to its end (about 100 s on the lab).
 * Shared by B11 (b11-run-graph.ts) and the big run graph's end-to-end test
 * (pipeline-run-large.e2e.ts): whichever comes first plays it.
 */
import { KfpClient, isFinalState } from './client';

export const largeRunName = 'bench-b11-large';

/** The finished 300-step run's id, made if missing. */
export async function largeRun(kfp: KfpClient, log: (m: string) => void = () => undefined): Promise<string> {
  const experimentId = await kfp.ensureExperiment('mldeck-bench-b11', 'B11: a 300-task run');
  const runs = await kfp.runs(experimentId);
  const found = runs.find((r) => r.display_name === largeRunName && isFinalState(r.state));
  if (found) return found.run_id;
  const playing = runs.find((r) => r.display_name === largeRunName && !isFinalState(r.state));
  const pipeline = await kfp.findPipeline('large');
  if (!pipeline) throw new Error('the seeded pipeline "large" is missing on lab-a (npm run lab -- seed)');
  const [version] = await kfp.versions(pipeline.pipeline_id);
  const run =
    playing ??
    (await kfp.createRun({ displayName: largeRunName, experimentId, pipelineId: pipeline.pipeline_id, versionId: version?.pipeline_version_id ?? '' }));
  log(`playing a run of "large" (${run.run_id})`);
  await kfp.waitRun(run.run_id, undefined, 900_000);
  return run.run_id;
}
