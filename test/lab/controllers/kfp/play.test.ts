// SPDX-License-Identifier: Apache-2.0
/**
 * Unit tests of the lab's Workflow player (pure logic): Workflows the real KFP 2.17.0 API
 * server made from pipelines the real kfp SDK compiled (fixtures/, see its README), played to
 * their end by simulate.ts without a cluster.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalDepends, evalWhen, fnv32a, nodeId, podName, type NodeStatus, type Workflow } from './argo.ts';
import { evalCondition } from './cel.ts';
import type { CachedExecution } from './play.ts';
import { simulate } from './simulate.ts';

const fixtures = join(import.meta.dirname, 'fixtures');

/** A fixture Workflow, with pipeline parameters overridden in its runtime config. */
function workflow(name: string, params: Record<string, unknown> = {}): Workflow {
  const wf = JSON.parse(readFileSync(join(fixtures, `${name}.workflow.json`), 'utf8')) as Workflow;
  delete wf.status;
  const entry = wf.spec.templates?.find((t) => t.name === 'entrypoint');
  const rc = entry?.dag?.tasks[0]?.arguments?.parameters?.find((p) => p.name === 'runtime-config');
  if (!rc?.value) throw new Error(`${name}: no runtime-config`);
  const v = JSON.parse(rc.value) as { parameterValues: Record<string, unknown> };
  Object.assign(v.parameterValues, params);
  rc.value = JSON.stringify(v);
  return wf;
}

function nodes(wf: Workflow): NodeStatus[] {
  return Object.values(wf.status?.nodes ?? {});
}

function byName(wf: Workflow, suffix: string): NodeStatus {
  const n = nodes(wf).find((x) => x.name.endsWith(suffix));
  if (!n)
    throw new Error(
      `no node ending in ${suffix}: ${nodes(wf)
        .map((x) => x.name)
        .join(', ')}`,
    );
  return n;
}

describe('Argo naming and expressions', () => {
  it('hashes node names with FNV-32a as Go does', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(nodeId('wf', 'wf')).toBe('wf');
    expect(nodeId('wf', 'wf.root')).toBe(`wf-${fnv32a('wf.root')}`);
    expect(podName('wf', 'wf.root.train.executor', 'system-container-impl')).toBe(`wf-system-container-impl-${fnv32a('wf.root.train.executor')}`);
  });

  it('evaluates depends and when as the KFP compiler writes them', () => {
    const phases: Record<string, NodeStatus['phase']> = { a: 'Succeeded', b: 'Failed', c: 'Running' };
    expect(evalDepends('a.Succeeded', (t) => phases[t])).toBe(true);
    expect(evalDepends('a.Succeeded && b.Succeeded', (t) => phases[t])).toBe(false);
    expect(evalDepends('a.Succeeded && c.Succeeded', (t) => phases[t])).toBeUndefined();
    expect(evalWhen('true != false')).toBe(true);
    expect(evalWhen('false != false')).toBe(false);
    expect(evalWhen('true != true')).toBe(false);
  });

  it('evaluates the CEL conditions dsl.If/Elif/Else compile to', () => {
    const v = { 'pipelinechannel--coin': 'tails', 'pipelinechannel--n': '7' };
    expect(evalCondition("inputs.parameter_values['pipelinechannel--coin'] == 'heads'", v)).toBe(false);
    expect(
      evalCondition("!(inputs.parameter_values['pipelinechannel--coin'] == 'heads') && inputs.parameter_values['pipelinechannel--coin'] == 'tails'", v),
    ).toBe(true);
    expect(evalCondition("int(inputs.parameter_values['pipelinechannel--n']) > 5", v)).toBe(true);
    expect(() => evalCondition('inputs.foo', v)).toThrow(/parameter_values/);
  });
});

describe('playing KFP Workflows', () => {
  it('runs the training pipeline to Succeeded: pods with the pipeline’s images and GPU requests, artifacts, metrics', () => {
    const sim = simulate(workflow('training'));
    expect(sim.wf.status?.phase).toBe('Succeeded');
    const train = sim.pods.find((p) => JSON.stringify(p.pod).includes('pytorch/pytorch'));
    const spec = train?.pod.spec as { containers: { name: string; resources?: { limits?: Record<string, string> } }[] };
    expect(spec.containers.map((c) => c.name)).toEqual(['wait', 'main']);
    expect(spec.containers[1]?.resources?.limits).toMatchObject({ cpu: '4', memory: '16G', 'nvidia.com/gpu': '1' });
    const meta = train?.pod.metadata;
    expect(meta?.labels['workflows.argoproj.io/workflow']).toBe(sim.wf.metadata.name);
    expect(meta?.annotations['workflows.argoproj.io/node-name']).toMatch(/\.root\.train\.executor\(0\)$/);
    const metrics = sim.files.find((f) => f.uri.endsWith('/metrics'));
    expect(metrics?.uri).toMatch(/^minio:\/\/mlpipeline\/v2\/artifacts\/training\/[^/]+\/train\/\d+\/metrics$/);
    expect(Object.keys(JSON.parse(metrics?.body ?? '{}') as object)).toEqual(['accuracy', 'loss', 'f1']);
    expect(train?.log.join('\n')).toMatch(/input learning_rate = 0\.01[\s\S]*output Output = /);
    // the same inputs give the same values; other inputs others
    expect(simulate(workflow('training')).files.find((f) => f.uri.endsWith('/metrics'))?.body).toBe(metrics?.body);
    expect(simulate(workflow('training', { learning_rate: 0.5 })).files.find((f) => f.uri.endsWith('/metrics'))?.body).not.toBe(metrics?.body);
  });

  it('fails the run at the task fail_at names, and starts nothing after it', () => {
    const sim = simulate(workflow('failing'));
    expect(sim.wf.status?.phase).toBe('Failed');
    const train = byName(sim.wf, '.root.train.executor');
    expect(train.phase).toBe('Failed');
    expect(train.message).toMatch(/failed at step train/);
    expect(byName(sim.wf, '.root.prepare-data.executor').phase).toBe('Succeeded');
  });

  it('retries a failed attempt when the task has a retry policy', () => {
    const sim = simulate(workflow('training', { fail_at: 'train#1' }));
    expect(sim.wf.status?.phase).toBe('Succeeded');
    const retry = byName(sim.wf, '.root.train.executor');
    expect(retry.type).toBe('Retry');
    expect(retry.children).toHaveLength(2);
    expect(byName(sim.wf, '.root.train.executor(0)').phase).toBe('Failed');
    expect(byName(sim.wf, '.root.train.executor(1)').phase).toBe('Succeeded');
  });

  it('runs exactly one branch of dsl.If/Elif/Else, decided by the real parameter value', () => {
    for (const seed of [1, 2, 3, 4]) {
      const sim = simulate(workflow('conditions', { seed }));
      expect(sim.wf.status?.phase).toBe('Succeeded');
      const coin = sim.pods.find((p) => p.log.some((l) => l.includes('flip-coin')));
      const side = /output Output = "(heads|tails)"/.exec(coin?.log.join('\n') ?? '')?.[1];
      const ran = ['condition-2', 'condition-3', 'condition-4'].filter((c) => nodes(sim.wf).some((n) => n.name.endsWith(`.${c}`) && n.type === 'DAG'));
      expect(ran).toEqual([side === 'heads' ? 'condition-2' : 'condition-3']);
    }
  });

  it('fans a ParallelFor out (at most its parallelism at a time) and collects the outputs', () => {
    let maxRunning = 0;
    const sim = simulate(workflow('sweep'), {
      onPass: (wf) => {
        const running = nodes(wf).filter(
          (n) => n.type === 'Pod' && n.name.includes('iteration-iterations(') && !['Succeeded', 'Failed'].includes(n.phase),
        ).length;
        maxRunning = Math.max(maxRunning, running);
      },
    });
    expect(sim.wf.status?.phase).toBe('Succeeded');
    expect(nodes(sim.wf).filter((n) => /iteration-iterations\(\d:\d\)$/.test(n.name))).toHaveLength(4);
    expect(maxRunning).toBe(2);
    const best = sim.pods.find((p) => p.log.some((l) => l.includes('component pick-best')));
    expect(best?.log.find((l) => l.includes('input scores'))).toMatch(/input scores = \[[\d.]+,[\d.]+,[\d.]+,[\d.]+\]/);
  });

  it('runs the exit handler when a step inside it fails', () => {
    const sim = simulate(workflow('exit-handler', { fail_at: 'prepare-data' }));
    expect(sim.wf.status?.phase).toBe('Failed');
    expect(byName(sim.wf, '.onExit.cleanup.executor').phase).toBe('Succeeded');
    expect(byName(sim.wf, '.exit-handler-1.announce').phase).toBe('Omitted');
  });

  it('reuses cached outputs on a second run with the same inputs', () => {
    const cache = new Map<string, CachedExecution>();
    const first = simulate(workflow('training-cached'), { cache });
    expect(first.wf.status?.phase).toBe('Succeeded');
    expect(first.pods).toHaveLength(3);
    const second = simulate(workflow('training-cached'), { cache });
    expect(second.wf.status?.phase).toBe('Succeeded');
    expect(second.pods).toHaveLength(0);
    expect(byName(second.wf, '.root.train-driver').outputs?.parameters?.find((p) => p.name === 'cached-decision')?.value).toBe('true');
    expect(simulate(workflow('training-cached', { epochs: 9 }), { cache }).pods.length).toBeGreaterThan(0);
  });

  it('terminates on activeDeadlineSeconds 0: running pods deleted, nothing new, Failed', () => {
    const sim = simulate(workflow('training'), {
      maxPasses: 3,
    });
    expect(sim.wf.status?.phase).toBe('Running');
    sim.wf.spec.activeDeadlineSeconds = 0;
    const after = simulate(sim.wf);
    expect(after.wf.status?.phase).toBe('Failed');
    expect(after.wf.status?.message).toMatch(/Terminate/);
    expect(after.pods).toHaveLength(0);
    expect(nodes(after.wf).some((n) => n.message === 'Step exceeded its deadline')).toBe(true);
  });
});
