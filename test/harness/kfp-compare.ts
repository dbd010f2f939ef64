// SPDX-License-Identifier: Apache-2.0
/**
 * MLDeck's exported KFP pipelines checked by the real kfp SDK in the lab's `kfp` environment: each
 * (original, exported) pair of IR files is loaded with `kfp.components.load_component_from_file`,
 * and their DAG structure (tasks, dependencies, inputs, triggers, iterators), pipeline spec and
 * platform spec compared.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureEnv, python, pythonEnv } from '../lab/peers/python-envs';

const execFileAsync = promisify(execFile);

/** What the SDK read of one pair. */
export interface KfpVerdict {
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

/** Loads each (original, exported) pair with the kfp SDK (the pairs written to a file in `work`) and compares them. */
export async function kfpCompare(pairs: [string, string][], work: string): Promise<KfpVerdict[]> {
  await ensureEnv('kfp');
  const input = join(work, `pairs-${Date.now()}.json`);
  writeFileSync(input, JSON.stringify(pairs));
  const { stdout } = await execFileAsync(python('kfp'), ['-c', compare, input], {
    env: { ...process.env, ...pythonEnv() },
    timeout: 180_000,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((e: unknown) => {
    throw new Error(`the kfp SDK could not load the files: ${typeof e === 'object' && e && 'stderr' in e ? String(e.stderr) : String(e)}`);
  });
  return JSON.parse(stdout) as KfpVerdict[];
}
