// SPDX-License-Identifier: Apache-2.0
/**
 * The pipeline IR model against the real kfp SDK: every lab pipeline (compiled now by the lab's kfp
 * venv) and every fixture of test/fixtures/kfp is parsed, turned into the graph model and exported;
 * the exported file is loaded by `kfp.components.load_component_from_file` next to the original and
 * the two are compared in Python: per DAG, the tasks, their components, dependencies, inputs,
 * conditions and iterators, then the whole pipeline spec and platform spec. Needs only the venv.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportIr, exportIrYaml } from '../../shared/kfp/ir-export';
import { parseIrYaml, requireIr } from '../../shared/kfp/ir-parse';
import { buildGraph } from '../../shared/kfp/pipeline-graph';
import { compilePipelines } from '../lab/kfp/seed';
import { ensureEnv, python, pythonEnv } from '../lab/peers/python-envs';

const execFileAsync = promisify(execFile);
const fixtures = resolve(__dirname, '..', 'fixtures', 'kfp');

/** Loads each (original, exported) pair with the kfp SDK and compares them. */
const compare = String.raw`
import json, sys
from google.protobuf import json_format
from kfp import components

def structure(spec):
    dags = {k: v for k, v in spec.get('components', {}).items() if 'dag' in v}
    dags['<root>'] = spec['root']
    return {
        name: {
            task: {
                'component': t['componentRef']['name'],
                'after': sorted(t.get('dependentTasks', [])),
                'inputs': t.get('inputs', {}),
                'trigger': t.get('triggerPolicy'),
                'iterator': t.get('parameterIterator') or t.get('artifactIterator'),
                'parallelism': t.get('iteratorPolicy'),
            }
            for task, t in c['dag']['tasks'].items()
        }
        for name, c in dags.items()
    }

out = []
for original, exported in json.load(open(sys.argv[1])):
    a = components.load_component_from_file(original)
    b = components.load_component_from_file(exported)
    sa, sb = json_format.MessageToDict(a.pipeline_spec), json_format.MessageToDict(b.pipeline_spec)
    pa, pb = json_format.MessageToDict(a.platform_spec), json_format.MessageToDict(b.platform_spec)
    st = structure(sb)
    out.append({
        'file': original,
        'name': b.name,
        'dags': len(st),
        'tasks': sum(len(t) for t in st.values()),
        'inputs': sum(len(x['inputs'].get('parameters', {})) + len(x['inputs'].get('artifacts', {})) for t in st.values() for x in t.values()),
        'structureEqual': structure(sa) == st,
        'specEqual': sa == sb,
        'platformEqual': pa == pb,
        'platformExecutors': len(pb.get('platforms', {}).get('kubernetes', {}).get('deploymentSpec', {}).get('executors', {})),
        'requiredInputs': sorted(b.required_inputs),
    })
print(json.dumps(out))
`;

interface Verdict {
  file: string;
  name: string;
  dags: number;
  tasks: number;
  inputs: number;
  structureEqual: boolean;
  specEqual: boolean;
  platformEqual: boolean;
  platformExecutors: number;
  requiredInputs: string[];
}

describe('KFP IR export loads in the kfp SDK with the same structure', () => {
  let work: string;
  let verdicts: Map<string, Verdict>;
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
      return [file, out];
    });
    writeFileSync(join(work, 'pairs.json'), JSON.stringify(pairs));
    const { stdout } = await execFileAsync(python('kfp'), ['-c', compare, join(work, 'pairs.json')], {
      env: { ...process.env, ...pythonEnv() },
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((e: unknown) => {
      throw new Error(`the kfp SDK could not load the exported files: ${typeof e === 'object' && e && 'stderr' in e ? String(e.stderr) : String(e)}`);
    });
    verdicts = new Map((JSON.parse(stdout) as Verdict[]).map((v) => [v.file, v]));
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
});
