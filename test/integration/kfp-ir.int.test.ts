// SPDX-License-Identifier: Apache-2.0
/**
 * The pipeline IR model against the real kfp SDK: every lab pipeline (compiled now by the lab's kfp
 * venv) and every fixture of test/fixtures/kfp is parsed, turned into the graph model and exported;
 * the exported file is loaded by `kfp.components.load_component_from_file` next to the original and
 * the two are compared in Python: per DAG, the tasks, their components, dependencies, inputs,
 * conditions and iterators, then the whole pipeline spec and platform spec. Pipelines built with the
 * edit API load as exported, and the lab's KFP API server (lab-a) stores them as they are and runs one
 * to SUCCEEDED.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportIr, exportIrYaml } from '../../shared/kfp/ir-export';
import { parseIrValue, parseIrYaml, requireIr } from '../../shared/kfp/ir-parse';
import { buildGraph } from '../../shared/kfp/pipeline-graph';
import { buildDeployPipeline, buildEverythingPipeline } from '../../shared/kfp/testing/example-builds';
import { kfpCompare, type KfpVerdict } from '../harness/kfp-compare';
import { labInfo } from '../harness/lab';
import { isSettled, KfpClient } from '../lab/kfp/client';
import { compilePipelines } from '../lab/kfp/seed';
import { ensureEnv, python, pythonEnv } from '../lab/peers/python-envs';

const execFileAsync = promisify(execFile);
const fixtures = resolve(__dirname, '..', 'fixtures', 'kfp');

/** Loads each file with the kfp SDK and prints what it read: the pipeline spec and platform spec as JSON, and its required inputs. */
const dump = String.raw`
import json, sys
from google.protobuf import json_format
from kfp import components

out = []
for path in json.load(open(sys.argv[1])):
    c = components.load_component_from_file(path)
    out.append({'name': c.name, 'spec': json_format.MessageToDict(c.pipeline_spec), 'platform': json_format.MessageToDict(c.platform_spec), 'requiredInputs': sorted(c.required_inputs)})
print(json.dumps(out))
`;

async function runPython(script: string, input: unknown, work: string): Promise<string> {
  const file = join(work, `input-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(input));
  const { stdout } = await execFileAsync(python('kfp'), ['-c', script, file], {
    env: { ...process.env, ...pythonEnv() },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((e: unknown) => {
    throw new Error(`the kfp SDK could not load the exported files: ${typeof e === 'object' && e && 'stderr' in e ? String(e.stderr) : String(e)}`);
  });
  return stdout;
}

describe('KFP IR export loads in the kfp SDK with the same structure', () => {
  let work: string;
  let verdicts: Map<string, KfpVerdict>;
  let files: string[];

  beforeAll(async () => {
    await ensureEnv('kfp');
    const lab = await compilePipelines();
    files = [
      ...readdirSync(lab)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => join(lab, f)),
      ...readdirSync(fixtures)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => join(fixtures, f)),
    ];
    work = mkdtempSync(join(tmpdir(), 'mldeck-kfp-ir-'));
    const pairs = files.map((file, i) => {
      const doc = requireIr(parseIrYaml(readFileSync(file, 'utf8')));
      const graph = buildGraph(doc);
      expect(exportIr(graph), file).toStrictEqual(doc);
      const out = join(work, `${i}-${file.split('/').pop() ?? 'pipeline.yaml'}`);
      writeFileSync(out, exportIrYaml(graph));
      return [file, out] as [string, string];
    });
    verdicts = new Map((await kfpCompare(pairs, work)).map((v) => [v.file, v]));
  }, 600_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('covers every lab pipeline and every fixture', () => {
    const names = files.map((f) => f.split('/').pop());
    for (const n of [
      'training--v1.yaml',
      'conditions--v1.yaml',
      'sweep--v2.yaml',
      'exit-handler--v1.yaml',
      'large--v1.yaml',
      'branches.yaml',
      'loops.yaml',
      'platform.yaml',
    ])
      expect(names).toContain(n);
    expect(verdicts.size).toBe(files.length);
  });

  it('keeps tasks, dependencies, inputs, conditions and loops of each pipeline', () => {
    for (const file of files) {
      const v = verdicts.get(file);
      expect(v, file).toBeDefined();
      expect(v?.tasks, file).toBeGreaterThan(0);
      expect(v?.inputs, file).toBeGreaterThan(0);
      expect(v?.structureEqual, file).toBe(true);
      expect(v?.specEqual, file).toBe(true);
    }
    const large = [...verdicts.values()].find((v) => v.file.endsWith('large--v1.yaml'));
    // 10 sub-pipelines of 30 steps each, plus the root
    expect(large?.tasks).toBe(310);
    const branches = [...verdicts.values()].find((v) => v.file.endsWith('branches.yaml'));
    expect(branches?.dags).toBe(7);
  });

  it('keeps the kubernetes platform spec', () => {
    const platform = [...verdicts.values()].find((v) => v.file.endsWith('platform.yaml'));
    expect(platform?.platformExecutors).toBe(2);
    for (const v of verdicts.values()) expect(v.platformEqual, v.file).toBe(true);
  });

  it('loads pipelines built with the edit API as exported, platform config included', async () => {
    const built = [buildDeployPipeline(), buildEverythingPipeline()];
    const paths = built.map((g) => {
      const path = join(work, `built-${g.info.name}.yaml`);
      writeFileSync(path, exportIrYaml(g));
      return path;
    });
    const read = JSON.parse(await runPython(dump, paths, work)) as { name: string; spec: unknown; platform: unknown; requiredInputs: string[] }[];
    expect(read.map((r) => r.name)).toEqual(['built', 'everything']);
    for (const [i, g] of built.entries()) {
      const doc = exportIr(g);
      expect(read[i]?.spec).toStrictEqual(doc.spec);
      expect(read[i]?.platform).toStrictEqual(doc.platform ?? {});
      expect(read[i]?.requiredInputs).toEqual([]);
    }
    // the example is what the SDK compiles for the same pipeline (test/fixtures/kfp/built.yaml), but for sdkVersion
    const compiled = JSON.parse(await runPython(dump, [join(fixtures, 'built.yaml')], work)) as { spec: Record<string, unknown> }[];
    const { sdkVersion, ...rest } = compiled[0]?.spec ?? {};
    expect(sdkVersion).toBe('kfp-2.17.3');
    expect(read[0]?.spec).toStrictEqual(rest);
    const everything = read[1]?.platform as { platforms: { kubernetes: { deploymentSpec: { executors: Record<string, unknown> } } } };
    expect(Object.keys(everything.platforms.kubernetes.deploymentSpec.executors)).toEqual(['exec-fit']);
  });

  it('the lab KFP API server stores exported pipelines as they are, and runs one to the end', async () => {
    const kfp = new KfpClient(labInfo().kfp?.['lab-a']?.url ?? '');
    const stamp = Date.now().toString(36);
    const uploaded: string[] = [];
    try {
      const versions = new Map<string, { pipelineId: string; versionId: string }>();
      // the everything pipeline names Secrets, a PVC and an A100 node the lab does not have: stored, not run
      for (const g of [buildDeployPipeline(), buildEverythingPipeline()]) {
        const path = join(work, `upload-${g.info.name}.yaml`);
        writeFileSync(path, exportIrYaml(g));
        const pipelineId = await kfp.uploadPipeline(path, `mldeck-kfp-ir-${g.info.name}-${stamp}`, 'exported by the graph model');
        uploaded.push(pipelineId);
        const [version] = await kfp.versions(pipelineId);
        if (!version) throw new Error('the upload made no version');
        const stored = await kfp.request<{ pipeline_spec: unknown }>('GET', `/pipelines/${pipelineId}/versions/${version.pipeline_version_id}`);
        expect(parseIrValue(stored.pipeline_spec)).toStrictEqual({ kind: 'ir', doc: exportIr(g) });
        versions.set(g.info.name, { pipelineId, versionId: version.pipeline_version_id });
      }
      const built = versions.get('built');
      if (!built) throw new Error('built was not uploaded');
      const experimentId = await kfp.ensureExperiment('mldeck-kfp-ir', 'runs of pipelines exported by the graph model');
      const run = await kfp.createRun({ displayName: `mldeck-kfp-ir-${stamp}`, experimentId, ...built, parameters: { threshold: 0.5 } });
      try {
        // the server compiles the spec to an Argo Workflow when the run starts: a spec it cannot run fails here
        const started = await kfp.waitRun(run.run_id, (r) => r.state === 'RUNNING' || isSettled(r), 180_000);
        expect(started.state === 'RUNNING' || started.state === 'SUCCEEDED', `run state ${started.state ?? ''} ${JSON.stringify(started.error ?? '')}`).toBe(
          true,
        );
        // and runs to the end (the lab's player runs the Workflow; steps run before with the same inputs are cached)
        const done = await kfp.waitRun(run.run_id, isSettled, 300_000);
        expect(done.state).toBe('SUCCEEDED');
        // the persistence agent reports the Workflow's nodes as the run's tasks, a moment after
        const reported = await kfp.waitRun(run.run_id, (r) => (r.run_details?.task_details?.length ?? 0) > 0, 120_000);
        const tasks = (reported.run_details?.task_details ?? []).map((t) => t.display_name);
        for (const t of ['load', 'fit', 'judge', 'condition-1', 'say']) expect(tasks).toContain(t);
      } finally {
        await kfp.request('DELETE', `/runs/${run.run_id}`);
      }
    } finally {
      for (const id of uploaded) {
        for (const v of await kfp.versions(id)) await kfp.request('DELETE', `/pipelines/${id}/versions/${v.pipeline_version_id}`);
        await kfp.request('DELETE', `/pipelines/${id}`);
      }
    }
  }, 400_000);
});
