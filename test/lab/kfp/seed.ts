// SPDX-License-Identifier: Apache-2.0
/**
 * Seeds Kubeflow Pipelines on both clusters through the real REST API (idempotent: what exists
 * by name is kept): the pipelines of test/lab/pipelines compiled by the real kfp SDK in the
 * lab's `kfp` environment, in their versions (`data-report`, with HTML and Markdown outputs, is
 * uploaded without runs); experiments (lab-a in `kubeflow`, lab-b in the
 * `team-a` and `research` profiles, as their owners); about 50 runs in every state with
 * metrics (they finish in the background as the status driver plays them; one is terminated);
 * one recurring run on lab-a. `scale` adds scale × 2,000 finished runs for the runs-list benchmark.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabCluster } from '../control-plane.ts';
import { repoRoot, stateDir } from '../paths.ts';
import { ensureEnv, envSpecs, python, pythonEnv } from '../peers/python-envs.ts';
import { kfpApiUrl } from './backend.ts';
import { KfpClient } from './client.ts';
import { isMultiUser } from './manifests.ts';
import { seedScaleRuns } from './scale.ts';
import { labNamespaces } from '../seed-cluster.ts';
import { mapLimit } from '../controllers/kube.ts';

const sources = join(repoRoot, 'test', 'lab', 'pipelines');

/** Compiles every pipeline version (once per change of the sources or the SDK); returns the output folder. */
export async function compilePipelines(): Promise<string> {
  await ensureEnv('kfp');
  const hash = createHash('sha256');
  for (const f of readdirSync(sources)
    .filter((x) => x.endsWith('.py'))
    .sort())
    hash.update(f).update(readFileSync(join(sources, f)));
  hash.update(envSpecs.kfp.requirements.join(','));
  const out = join(stateDir, 'kfp', 'compiled', hash.digest('hex').slice(0, 16));
  if (!existsSync(join(out, 'done'))) {
    execFileSync(python('kfp'), [join(sources, 'compile.py'), out], {
      env: { ...process.env, ...pythonEnv() },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000,
    });
    execFileSync('touch', [join(out, 'done')]);
  }
  return out;
}

/** The compiled versions of each pipeline: name → [version, file] in version order. */
function compiled(dir: string): Map<string, [string, string][]> {
  const out = new Map<string, [string, string][]>();
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.yaml'))
    .sort()) {
    const [name, version] = f.replace(/\.yaml$/, '').split('--') as [string, string];
    out.set(name, [...(out.get(name) ?? []), [version, join(dir, f)]]);
  }
  return out;
}

function description(file: string): string {
  return /^# Description: (.*)$/m.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
}

/** A pipeline uploaded with all its versions; returns the id and the newest version's id. */
async function ensurePipeline(kfp: KfpClient, name: string, versions: [string, string][], namespace?: string): Promise<{ id: string; version: string }> {
  const [first] = versions;
  if (!first) throw new Error(`pipeline ${name} has no compiled version`);
  const id = (await kfp.findPipeline(name, namespace))?.pipeline_id ?? (await kfp.uploadPipeline(first[1], name, description(first[1]), namespace));
  let have = await kfp.versions(id);
  // the upload made a first version named after the pipeline; each compiled version is uploaded as
  // `<name>-<version>-<content hash>`, so a changed source becomes a new version on the next seed
  for (const [version, file] of versions) {
    const vname = `${name}-${version}-${createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 6)}`;
    if (!have.some((v) => v.name === vname)) await kfp.uploadVersion(id, file, vname, `${description(file)} (${version})`);
  }
  have = await kfp.versions(id);
  const newest = have[have.length - 1];
  if (!newest) throw new Error(`pipeline ${name} has no versions`);
  return { id, version: newest.pipeline_version_id };
}

/** One run the seed makes: pipeline, parameters, and whether to terminate it once it runs. */
interface RunPlan {
  name: string;
  pipeline: string;
  params?: Record<string, unknown>;
  terminate?: boolean;
}

/** The runs of one experiment: successes with metrics, failures, conditions, sweeps, exit handlers, one terminated. */
function runPlans(prefix: string, count: number): RunPlan[] {
  const plans: RunPlan[] = [];
  const lrs = [0.001, 0.003, 0.01, 0.03, 0.1];
  for (let i = 0; plans.length < count; i++) {
    const k = i % 8;
    const lr = lrs[i % lrs.length];
    if (k === 0 || k === 4) plans.push({ name: `${prefix}-train-${i}`, pipeline: 'training', params: { learning_rate: lr, epochs: 3 + (i % 5) } });
    else if (k === 1) plans.push({ name: `${prefix}-conditions-${i}`, pipeline: 'conditions', params: { seed: i } });
    else if (k === 2) plans.push({ name: `${prefix}-sweep-${i}`, pipeline: 'sweep' });
    else if (k === 3) plans.push({ name: `${prefix}-failing-${i}`, pipeline: 'failing' });
    else if (k === 5) plans.push({ name: `${prefix}-exit-handler-${i}`, pipeline: 'exit-handler', params: i % 2 ? { fail_at: 'prepare-data' } : {} });
    else if (k === 6) plans.push({ name: `${prefix}-train-eval-fails-${i}`, pipeline: 'training', params: { learning_rate: lr, fail_at: 'evaluate' } });
    else plans.push({ name: `${prefix}-cached-${i}`, pipeline: 'training-cached' });
  }
  plans.push({ name: `${prefix}-terminated`, pipeline: 'training', params: { epochs: 50, train_seconds: 3600 }, terminate: true });
  return plans;
}

/** Creates the runs of a plan that do not exist yet (by display name) in an experiment. */
async function ensureRuns(
  kfp: KfpClient,
  experimentId: string,
  plans: RunPlan[],
  pipelines: Map<string, { id: string; version: string }>,
  namespace?: string,
): Promise<number> {
  const existing = new Set((await kfp.runs(experimentId, namespace)).map((r) => r.display_name));
  const missing = plans.filter((p) => !existing.has(p.name));
  const toTerminate: string[] = [];
  await mapLimit(missing, 4, async (plan) => {
    const p = pipelines.get(plan.pipeline);
    if (!p) throw new Error(`seed: pipeline ${plan.pipeline} was not uploaded`);
    const run = await kfp.createRun({ displayName: plan.name, experimentId, pipelineId: p.id, versionId: p.version, parameters: plan.params });
    if (plan.terminate) toTerminate.push(run.run_id);
  });
  // its train step runs for an hour: terminated while it runs
  for (const id of toTerminate) {
    await kfp.waitRun(id, (r) => r.state === 'RUNNING', 60_000);
    await kfp.terminate(id);
  }
  return missing.length;
}

/** What the pipeline seed did on one cluster. */
export interface PipelineSeedSummary {
  pipelines: number;
  experiments: number;
  runsCreated: number;
  recurringRuns: number;
  scaleRuns?: number;
}

async function ensureRecurringRun(kfp: KfpClient, experimentId: string, p: { id: string; version: string }): Promise<number> {
  const name = 'training-nightly';
  const q = new URLSearchParams({ experiment_id: experimentId, page_size: '50' });
  const have = (await kfp.request<{ recurringRuns?: { display_name: string }[] }>('GET', `/recurringruns?${q}`)).recurringRuns ?? [];
  if (have.some((r) => r.display_name === name)) return 1;
  await kfp.request('POST', '/recurringruns', {
    display_name: name,
    description: 'Trains every night at 02:00 UTC',
    experiment_id: experimentId,
    pipeline_version_reference: { pipeline_id: p.id, pipeline_version_id: p.version },
    runtime_config: { parameters: { learning_rate: 0.01 } },
    trigger: { cron_schedule: { cron: '0 0 2 * * *' } },
    max_concurrency: '1',
    mode: 'ENABLE',
    no_catchup: true,
  });
  return 1;
}

/** Seeds one cluster. */
async function seedCluster(c: LabCluster, dir: string, scale?: number): Promise<PipelineSeedSummary> {
  const all = compiled(dir);
  const summary: PipelineSeedSummary = { pipelines: 0, experiments: 0, runsCreated: 0, recurringRuns: 0 };
  const spaces = isMultiUser(c)
    ? labNamespaces[c.name].map((n) => ({ namespace: n.name as string | undefined, user: n.owner as string | undefined }))
    : [{ namespace: undefined, user: undefined }];
  // the profiles of a multi-user cluster are seeded side by side
  await Promise.all(
    spaces.map(async ({ namespace, user }) => {
      const kfp = new KfpClient(kfpApiUrl(c), user);
      const pipelines = new Map<string, { id: string; version: string }>();
      for (const [name, versions] of all) {
        pipelines.set(name, await ensurePipeline(kfp, name, versions, namespace));
        summary.pipelines++;
      }
      const prefix = namespace ?? 'kf';
      const experiments = namespace ? [`${namespace}-experiments`] : ['baseline', 'tuning'];
      for (const [i, e] of experiments.entries()) {
        const id = await kfp.ensureExperiment(e, `Seeded by the lab (${c.name}${namespace ? `, ${namespace}` : ''})`, namespace);
        summary.experiments++;
        summary.runsCreated += await ensureRuns(kfp, id, runPlans(`${prefix}-${i}`, 12), pipelines, namespace);
        if (!isMultiUser(c) && i === 0) {
          summary.recurringRuns += await ensureRecurringRun(kfp, id, pipelines.get('training') as { id: string; version: string });
          if (scale) summary.scaleRuns = await seedScaleRuns(c, id, scale);
        }
      }
    }),
  );
  return summary;
}

/** Seeds both clusters (idempotent). */
export async function seedPipelines(clusters: LabCluster[], opts: { scale?: number } = {}): Promise<Record<string, PipelineSeedSummary>> {
  const t = Date.now();
  const dir = await compilePipelines();
  console.log(`[kfp] pipelines compiled (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  const out: Record<string, PipelineSeedSummary> = {};
  // both clusters side by side: separate API servers
  await Promise.all(
    clusters.map(async (c) => {
      const started = Date.now();
      out[c.name] = await seedCluster(c, dir, c.name === 'lab-a' ? opts.scale : undefined);
      console.log(`[kfp] ${c.name} seeded (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }),
  );
  return out;
}
