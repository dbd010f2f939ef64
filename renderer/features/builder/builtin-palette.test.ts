// SPDX-License-Identifier: Apache-2.0
/** The built-in components: each adds a task with the ports it declares, exports, and its placeholders name real ports. */
import { describe, expect, it } from 'vitest';
import { addTask, connect, emptyGraph } from '../../../shared/kfp/graph-edit';
import { exportIrYaml } from '../../../shared/kfp/ir-export';
import { parseIrYaml, requireIr } from '../../../shared/kfp/ir-parse';
import { checkGraph } from '../../../shared/kfp/pipeline-check';
import { builtinPalette } from './builtin-palette';

const placeholder = /\{\{\$\.(inputs|outputs)\.(parameters|artifacts)\['([^']+)'\]/g;

describe('built-in palette', () => {
  it('offers a container step, S3 read and write, and a training-job launcher', () => {
    expect(builtinPalette.map((c) => c.name)).toEqual(['container-step', 's3-read', 's3-write', 'launch-training-job']);
  });

  it.each(builtinPalette.map((c) => [c.name, c] as const))('%s: every placeholder names a declared port', (_, c) => {
    const args = [...(c.executor?.container?.command ?? []), ...(c.executor?.container?.args ?? [])].join('\n');
    const found = [...args.matchAll(placeholder)];
    expect(found.length).toBeGreaterThan(0);
    for (const [, side, kind, name] of found) {
      const defs = side === 'inputs' ? c.spec.inputDefinitions : c.spec.outputDefinitions;
      expect(Object.keys((kind === 'parameters' ? defs?.parameters : defs?.artifacts) ?? {})).toContain(name);
    }
  });

  it('builds a checked pipeline of them that exports and parses back', () => {
    const [step, read, write, launch] = builtinPalette;
    let g = emptyGraph('built-ins');
    g = addTask(g, read!).graph;
    g = addTask(g, step!).graph;
    g = addTask(g, write!).graph;
    g = addTask(g, launch!).graph;
    expect(checkGraph(g).map((p) => `${p.node}.${p.port}`)).toEqual([
      's3-read.uri',
      'container-step.script',
      's3-write.uri',
      's3-write.data',
      'launch-training-job.job_manifest',
    ]);
    g = connect(g, { kind: 'output', item: 's3-read', key: 'data', io: 'artifact' }, { node: 's3-write', port: 'data' });
    expect(checkGraph(g).some((p) => p.node === 's3-write' && p.port === 'data')).toBe(false);
    const back = requireIr(parseIrYaml(exportIrYaml(g)));
    expect(Object.keys(back.spec.root.dag?.tasks ?? {}).sort()).toEqual(['container-step', 'launch-training-job', 's3-read', 's3-write']);
    expect(back.spec.deploymentSpec?.executors?.['exec-s3-read']?.container?.image).toMatch(/aws-cli/);
  });
});
