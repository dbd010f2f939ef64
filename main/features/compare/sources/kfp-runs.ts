// SPDX-License-Identifier: Apache-2.0
/**
 * KFP runs as compared runs: the parameters are the run's runtime config (each value as written,
 * strings without their JSON quotes), the metrics those of its `system.Metrics` output artifacts
 * as the launcher stores them in the pipeline root
 * (`<root>/<pipeline name>/<run id>/<task>/<execution id>/<output>`, a JSON object of numbers),
 * read through the namespace's KFP artifact store (main/platform/object-store). A task KFP served
 * from its cache wrote nothing under this run: its metrics are those of the earlier run that made
 * them (platform/object-store/kfp-cached-outputs.ts, the lookup the run drawer uses too). A metric
 * one task reports keeps its name; a name two tasks report is kept once per task as
 * `<task>.<name>`. KFP keeps one value of each metric, so each metric's series is that one report
 * (step 1, at the run's end), which the overlaid curves show as a point.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { AppError } from '../../../../shared/errors';
import type { ComparedRun, RunRef } from '../../../../shared/features/compare/compare-model';
import { runKey } from '../../../../shared/features/compare/compare-model';
import type { RunDetail } from '../../../../shared/features/pipelines/run-details.contract';
import { cachedOutputs, type EarlierKfpRuns } from '../../../platform/object-store/kfp-cached-outputs';
import { runRoot, type RunRoot } from '../../../platform/object-store/kfp-run-outputs';
import { getObjectBytes, listPage, parseS3Uri, type ObjectEntry } from '../../../platform/object-store/object-reads';
import type { RunSourceReader, SourceClusters } from './run-source';

type KfpRef = Extract<RunRef, { source: 'kfp' }>;

/** A run with its spec (the run page's `pipeline-run:get`). */
export interface KfpRunDetails {
  get(req: { clusterId: string; runId: string }): Promise<RunDetail>;
}

/** KFP's artifact store of a namespace (main/platform/object-store's KfpArtifactStores). */
export interface KfpStores {
  store(clusterId: string, namespace: string): Promise<{ client: S3Client; store: string; root: string | undefined }>;
}

/** The largest metrics file read. */
const maxMetricsBytes = 1024 * 1024;

interface SpecComponent {
  outputDefinitions?: { artifacts?: Record<string, { artifactType?: { schemaTitle?: string } }> };
  dag?: { tasks?: Record<string, { componentRef?: { name?: string }; taskInfo?: { name?: string } }> };
}
interface PipelineSpec {
  pipelineInfo?: { name?: string };
  root?: SpecComponent;
  components?: Record<string, SpecComponent>;
}

/** `task → metrics output names` of every task (at any depth) whose component outputs system.Metrics. */
export function metricsOutputs(spec: PipelineSpec): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const metricsOf = (c: SpecComponent | undefined) =>
    Object.entries(c?.outputDefinitions?.artifacts ?? {})
      .filter(([, a]) => a.artifactType?.schemaTitle === 'system.Metrics')
      .map(([name]) => name);
  const walk = (c: SpecComponent | undefined, seen: Set<string>) => {
    for (const [name, t] of Object.entries(c?.dag?.tasks ?? {})) {
      const ref = t.componentRef?.name ?? '';
      const comp = spec.components?.[ref];
      const outs = metricsOf(comp);
      const task = t.taskInfo?.name ?? name;
      if (outs.length) out.set(task, outs);
      if (comp?.dag && !seen.has(ref)) walk(comp, new Set([...seen, ref]));
    }
  };
  walk(spec.root, new Set());
  return out;
}

/** A parameter value (JSON text) as shown: strings without quotes. */
function paramText(json: string): string {
  try {
    const v: unknown = JSON.parse(json);
    return typeof v === 'string' ? v : JSON.stringify(v);
  } catch {
    return json;
  }
}

/** Reads KFP runs. */
export class KfpRunsSource implements RunSourceReader<KfpRef> {
  constructor(
    private readonly clusters: SourceClusters,
    private readonly runs: KfpRunDetails,
    private readonly stores: KfpStores,
    private readonly earlier: EarlierKfpRuns,
    private readonly now: () => number = Date.now,
  ) {}

  async read(ref: KfpRef): Promise<ComparedRun> {
    const run = await this.runs.get({ clusterId: ref.clusterId, runId: ref.runId });
    const spec = (run.spec ?? {}) as PipelineSpec;
    const outputs = metricsOutputs(spec);
    const reports: { task: string; values: Record<string, number> }[] = [];
    if (outputs.size) {
      const store = await this.stores.store(ref.clusterId, run.namespace || 'kubeflow');
      let root: RunRoot;
      try {
        root = runRoot(run.spec, store.root, ref.runId);
      } catch (e) {
        throw new AppError('validation', e instanceof Error ? e.message : String(e));
      }
      const read = async (bucket: string, key: string, task: string) => {
        const body = await getObjectBytes(store.client, { store: store.store }, bucket, key, maxMetricsBytes);
        reports.push({ task, values: numbersOf(body.bytes.toString('utf8'), `s3://${bucket}/${key}`) });
      };
      const prefix = `${root.prefix}/`;
      for (const key of await allKeys(store.client, store.store, root.bucket, prefix)) {
        const [task, , output] = key.slice(prefix.length).split('/');
        if (!task || !output || !outputs.get(task)?.includes(output)) continue;
        await read(root.bucket, key, task);
      }
      // tasks KFP served from its cache: their metrics are in the earlier run that made them
      const deps = { runs: this.runs, earlier: this.earlier, list: (r: RunRoot, p: string) => allObjects(store.client, store.store, r.bucket, p) };
      for (const [task, names] of outputs) {
        if (reports.some((r) => r.task === task)) continue;
        const graphId = run.tasks.find((t) => t.role === 'node' && t.iterations.length === 0 && t.graphId.split('/').pop() === task)?.graphId;
        if (!graphId) continue;
        const got = await cachedOutputs(deps, run, graphId, names, store.root);
        if (!got?.found) continue;
        for (const f of got.outputs.values()) {
          const where = parseS3Uri(f.uri);
          if (where) await read(where.bucket, where.key, task);
        }
      }
    }
    const count = new Map<string, number>();
    for (const r of reports) for (const name of Object.keys(r.values)) count.set(name, (count.get(name) ?? 0) + 1);
    const metrics: Record<string, number> = {};
    for (const r of reports.sort((a, b) => a.task.localeCompare(b.task)))
      for (const [name, v] of Object.entries(r.values)) metrics[(count.get(name) ?? 0) > 1 ? `${r.task}.${name}` : name] = v;
    return {
      key: runKey(ref),
      ref,
      label: run.displayName || ref.runId,
      source: 'kfp',
      cluster: this.clusters.get(ref.clusterId).entry.name,
      where: [run.namespace, run.pipelineName && `pipeline ${run.pipelineName}`].filter(Boolean).join(' · '),
      state: run.state,
      params: Object.fromEntries(run.parameters.map((p) => [p.name, paramText(p.value)])),
      metrics,
      series: Object.entries(metrics)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([metric, v]) => ({ metric, steps: [1], times: [Number.isFinite(Date.parse(run.finishedAt)) ? Date.parse(run.finishedAt) : null], values: [v] })),
      directions: {},
      fetchedAt: this.now(),
    };
  }
}

/** Every object under a prefix (all pages, no folders; at most 10,000). */
async function allObjects(client: S3Client, store: string, bucket: string, prefix: string): Promise<ObjectEntry[]> {
  const out: ObjectEntry[] = [];
  let token: string | undefined;
  do {
    const page = await listPage(client, { store }, bucket, prefix, { delimiter: '', token });
    out.push(...page.objects);
    token = page.next;
  } while (token && out.length < 10_000);
  return out;
}

/** Every key under a prefix, sorted. */
const allKeys = async (client: S3Client, store: string, bucket: string, prefix: string) =>
  (await allObjects(client, store, bucket, prefix)).map((o) => o.key).sort();

/** The numbers of a metrics file: a JSON object (`{"accuracy": 0.9}`) or KFP's `{"metrics": [{"name", "numberValue"}]}`. */
export function numbersOf(text: string, where: string): Record<string, number> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new AppError('validation', `The metrics artifact ${where} is not JSON.`, (e as Error).message);
  }
  const out: Record<string, number> = {};
  if (v && typeof v === 'object' && Array.isArray((v as { metrics?: unknown }).metrics)) {
    for (const m of (v as { metrics: { name?: unknown; numberValue?: unknown }[] }).metrics)
      if (typeof m.name === 'string' && typeof m.numberValue === 'number') out[m.name] = m.numberValue;
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) if (typeof x === 'number' && Number.isFinite(x)) out[k] = x;
  }
  return out;
}
