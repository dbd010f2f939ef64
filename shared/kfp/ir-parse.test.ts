// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { parseIrValue, parseIrYaml, requireIr } from './ir-parse';
import { fixture, irFixtures } from './testing/fixtures';

function parseError(text: string): AppError {
  try {
    parseIrYaml(text);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('parsed without an error');
}

const minimal = `
pipelineInfo: {name: p}
components:
  comp-a: {executorLabel: exec-a}
deploymentSpec:
  executors:
    exec-a: {container: {image: alpine}}
root:
  dag:
    tasks:
      a:
        taskInfo: {name: a}
        componentRef: {name: comp-a}
`;

describe('parseIrYaml', () => {
  it('reads every fixture the kfp SDK compiled', () => {
    for (const f of irFixtures) {
      const r = parseIrYaml(f.text);
      expect(r.kind, f.name).toBe('ir');
      const doc = requireIr(r);
      expect(doc.spec.pipelineInfo.name.length, f.name).toBeGreaterThan(0);
      expect(Object.keys(doc.spec.root.dag?.tasks ?? {}).length, f.name).toBeGreaterThan(0);
    }
  });

  it('types the pipeline spec: parameters, artifacts, executors, retries, accelerators', () => {
    const { spec } = requireIr(parseIrYaml(fixture('lab/training--v1')));
    expect(spec.root.inputDefinitions?.parameters?.learning_rate).toEqual({ defaultValue: 0.01, isOptional: true, parameterType: 'NUMBER_DOUBLE' });
    expect(spec.components?.['comp-train']?.inputDefinitions?.artifacts?.dataset?.artifactType.schemaTitle).toBe('system.Dataset');
    expect(spec.components?.['comp-evaluate']?.outputDefinitions?.artifacts?.report?.artifactType.schemaTitle).toBe('system.ClassificationMetrics');
    const train = spec.root.dag?.tasks.train;
    expect(train?.retryPolicy?.maxRetryCount).toBe(1);
    expect(train?.inputs?.artifacts?.dataset?.taskOutputArtifact).toEqual({ outputArtifactKey: 'dataset', producerTask: 'prepare-data' });
    expect(spec.deploymentSpec?.executors?.['exec-train']?.container?.resources?.accelerator).toMatchObject({
      resourceType: 'nvidia.com/gpu',
      resourceCount: '1',
    });
  });

  it('reads the second document as the kubernetes platform spec', () => {
    const { platform } = requireIr(parseIrYaml(fixture('platform')));
    const fit = platform?.platforms.kubernetes?.deploymentSpec?.executors?.['exec-fit'];
    expect(fit?.secretAsVolume?.[0]).toMatchObject({ secretName: 's3-creds', mountPath: '/secrets/s3' });
    expect(fit?.secretAsEnv?.[0]?.keyToEnv).toEqual([{ envVar: 'WANDB_API_KEY', secretKey: 'token' }]);
    expect(fit?.pvcMount?.[0]).toMatchObject({ constant: 'datasets-pvc', mountPath: '/data' });
    expect(fit?.nodeSelector?.labels).toEqual({ 'nvidia.com/gpu.product': 'A100' });
    expect(fit?.tolerations).toEqual([{ effect: 'NoSchedule', key: 'nvidia.com/gpu', operator: 'Exists' }]);
  });

  it('keeps fields it does not name (a newer SDK)', () => {
    const { spec } = requireIr(parseIrYaml(minimal.replace('pipelineInfo: {name: p}', 'pipelineInfo: {name: p, futureField: 3}')));
    expect((spec.pipelineInfo as unknown as Record<string, unknown>).futureField).toBe(3);
  });

  it('recognises a KFP v1 Argo Workflow', () => {
    const r = parseIrYaml(`apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: my-pipeline-
  annotations: {pipelines.kubeflow.org/kfp_sdk_version: 1.8.22}
spec: {entrypoint: my-pipeline, templates: []}
`);
    expect(r).toMatchObject({ kind: 'argo-v1', name: 'my-pipeline', sdkVersion: '1.8.22' });
    expect(() => requireIr(r)).toThrow(/KFP v1 pipeline/);
  });

  it('says where the YAML is broken', () => {
    const e = parseError('pipelineInfo: {name: p}\nroot:\n  dag: [a\n');
    expect(e.code).toBe('validation');
    expect(e.message).toMatch(/not valid YAML/);
    expect(e.detail).toMatch(/line \d+/);
  });

  it('says which field has the wrong type, with its line', () => {
    const e = parseError(minimal.replace('componentRef: {name: comp-a}', 'componentRef: {name: comp-a}\n        dependentTasks: 3'));
    expect(e.code).toBe('validation');
    expect(e.message).toMatch(/root\.dag\.tasks\.a\.dependentTasks/);
    expect(e.detail).toMatch(/document 1 \(line 14, column 25\)/);
  });

  it('refuses an unknown parameter type', () => {
    const e = parseError(minimal + '  inputDefinitions: {parameters: {x: {parameterType: FLOAT}}}\n');
    expect(e.message).toMatch(/root\.inputDefinitions\.parameters\.x\.parameterType/);
  });

  it('refuses broken references: a missing component, producer, executor or input', () => {
    expect(parseError(minimal.replace('componentRef: {name: comp-a}', 'componentRef: {name: comp-b}')).message).toMatch(
      /component "comp-b" is not in components at root\.dag\.tasks\.a\.componentRef\.name/,
    );
    expect(parseError(minimal.replace('exec-a: {container', 'exec-b: {container')).message).toMatch(/executor "exec-a"/);
    expect(parseError(minimal + '        dependentTasks: [zz]\n').message).toMatch(/task "zz" is not in the same DAG/);
    expect(parseError(minimal + '        inputs: {parameters: {x: {componentInputParameter: nope}}}\n').message).toMatch(/"nope" is not an input parameter/);
    expect(parseError(minimal + '        inputs: {parameters: {x: {componentInputParameter: a, runtimeValue: {constant: 1}}}}\n').message).toMatch(
      /exactly one of/,
    );
  });

  it('refuses a platform spec for an executor that does not exist', () => {
    const e = parseError(minimal + '---\nplatforms: {kubernetes: {deploymentSpec: {executors: {exec-z: {}}}}}\n');
    expect(e.message).toMatch(/executor "exec-z" is not in the pipeline spec/);
    expect(e.detail).toMatch(/^document 2 \(line/);
  });

  it('refuses what is not a pipeline spec', () => {
    expect(parseError('').message).toMatch(/empty/);
    expect(parseError('- a\n- b\n').message).toMatch(/not a mapping/);
    expect(parseError('apiVersion: v1\nkind: Pod\n').message).toMatch(/no pipelineInfo and root/);
    expect(parseError(minimal + '---\nplatforms: {}\n---\na: 1\n').message).toMatch(/at most 2 documents/);
  });
});

describe('parseIrValue', () => {
  it('reads the API form that wraps the pipeline spec and the platform spec', () => {
    const { spec, platform } = requireIr(parseIrYaml(fixture('platform')));
    const r = parseIrValue({ pipeline_spec: spec, platform_spec: platform });
    expect(r).toEqual({ kind: 'ir', doc: { spec, platform } });
  });

  it('says where an object is wrong', () => {
    expect(() => parseIrValue({ pipelineInfo: {}, root: {} })).toThrow(/pipelineInfo\.name/);
  });
});

describe('JSON values in the spec', () => {
  it('refuses a value JSON cannot carry (YAML .nan) at its path', () => {
    expect(() => parseIrYaml(minimal + '  inputDefinitions: {parameters: {x: {parameterType: NUMBER_DOUBLE, defaultValue: .nan}}}\n')).toThrow(
      /expected a JSON value at root\.inputDefinitions\.parameters\.x\.defaultValue/,
    );
  });
});
