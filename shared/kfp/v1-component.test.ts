// SPDX-License-Identifier: Apache-2.0
/**
 * KFP v1 component files read as v2 container components, compared with what the kfp SDK (2.17.3,
 * the lab venv's) compiled from the same files: each component's IR component and executor, and a
 * pipeline built with the edit API from two of them exporting exactly the pipeline the SDK compiled.
 */
import { describe, expect, it } from 'vitest';
import { addParam, addTask, connect, emptyGraph, setConstant } from './graph-edit';
import { exportIr } from './ir-export';
import { parseIrYaml, requireIr } from './ir-parse';
import { refusal } from './testing/edit-helpers';
import { v1Components, v1Pipeline } from './testing/v1-fixtures';
import { isV1Component, v1ComponentFromYaml } from './v1-component';
import { parse } from 'yaml';

describe('KFP v1 component files', () => {
  it.each(v1Components)('reads $name as the kfp SDK compiles it', ({ name, text, compiled }) => {
    const doc = requireIr(parseIrYaml(compiled));
    const c = v1ComponentFromYaml(text);
    expect(c.name).toBe(name);
    expect(c.spec).toEqual(doc.spec.components?.[`comp-${name}`]);
    expect(c.executor).toEqual(doc.spec.deploymentSpec?.executors?.[`exec-${name}`]);
    expect(isV1Component(parse(text))).toBe(true);
    expect(isV1Component(parse(compiled))).toBe(false);
  });

  it('builds with the edit API the same pipeline the kfp SDK compiles from two v1 components', () => {
    const [download, train] = ['download-csv', 'train-model'].map((n) => v1ComponentFromYaml(v1Components.find((c) => c.name === n)!.text));
    let g = emptyGraph('v1-components', 'Two KFP v1 components in a KFP v2 pipeline.');
    g = addParam(g, { name: 'url', type: 'STRING', defaultValue: 'http://127.0.0.1:17070/datasets/iris.csv' });
    g = addParam(g, { name: 'lr', type: 'NUMBER_DOUBLE', defaultValue: 0.05 });
    const d = addTask(g, download!);
    g = connect(d.graph, { kind: 'param', name: 'url' }, { node: d.id, port: 'url' });
    const t = addTask(g, train!);
    g = connect(t.graph, { kind: 'output', item: d.id, key: 'data', io: 'artifact' }, { node: t.id, port: 'training_data' });
    g = connect(g, { kind: 'param', name: 'lr' }, { node: t.id, port: 'learning_rate' });
    g = connect(g, { kind: 'output', item: d.id, key: 'row_count', io: 'parameter' }, { node: t.id, port: 'epochs' });
    g = setConstant(g, t.id, 'note', 'from a v1 file');
    expect([d.id, t.id]).toEqual(['download-csv', 'train-model']);
    const expected = requireIr(parseIrYaml(v1Pipeline));
    const { sdkVersion: _sdk, ...spec } = exportIr(g).spec;
    const { sdkVersion: _sdk2, ...want } = expected.spec;
    expect(spec).toEqual(want);
  });

  it('refuses what the kfp SDK refuses, with the reason', () => {
    const base = (args: string) =>
      `name: x\ninputs:\n- {name: Text, type: String}\n- {name: Data, type: Dataset}\noutputs:\n- {name: Out, type: Integer}\nimplementation:\n  container:\n    image: alpine\n    args: ${args}\n`;
    expect(refusal(() => v1ComponentFromYaml(base('[{inputPath: Text}]'))).message).toMatch(
      /"text" with type "String" cannot be paired with InputPathPlaceholder/,
    );
    expect(refusal(() => v1ComponentFromYaml(base('[{inputValue: Data}]'))).message).toMatch(
      /"data" with type "Dataset" cannot be paired with InputValuePlaceholder/,
    );
    expect(refusal(() => v1ComponentFromYaml(base('[{outputUri: Out}]'))).message).toMatch(/cannot be paired with OutputUriPlaceholder/);
    expect(refusal(() => v1ComponentFromYaml(base('[{inputValue: Nope}]'))).message).toMatch(/names no input/);
    expect(refusal(() => v1ComponentFromYaml(base('[{outputPath: Nope}]'))).message).toMatch(/names no output/);
    expect(refusal(() => v1ComponentFromYaml('name: x\nimplementation:\n  graph: {}\n')).message).toMatch(/Only container components/);
    expect(refusal(() => v1ComponentFromYaml('name: x\n')).message).toMatch(/Implementation field not found/);
    expect(
      refusal(() => v1ComponentFromYaml('name: x\ninputs:\n- {name: n, type: Integer, default: "ten"}\nimplementation:\n  container: {image: a}\n')).message,
    ).toMatch(/default of "n" \(ten\) is not a Integer/);
  });
});
