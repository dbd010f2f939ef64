// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the pipelines view models. */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { PipelinesList, PipelineSummary } from '../../../shared/features/pipelines/pipelines.contract';
import { fixture } from '../../../shared/kfp/testing/fixtures';
import { clusterNotes, nextSort, originText, pipelineRows, taskRows } from './pipelines-view-model';

const p = (clusterId: string, name: string, createdAt: string, extra: Partial<PipelineSummary> = {}): PipelineSummary => ({
  clusterId,
  pipelineId: `${clusterId}-${name}`,
  name,
  displayName: name,
  description: '',
  createdAt,
  namespace: '',
  ...extra,
});

const list: PipelinesList = {
  clusters: [
    {
      clusterId: 'a',
      ok: true,
      origin: { kind: 'port-forward', namespace: 'kubeflow', service: 'ml-pipeline', pod: 'ml-pipeline-0', port: 8888 },
      refused: [],
      pipelines: [p('a', 'training', '2026-01-02T00:00:00Z', { description: 'GPU train' }), p('a', 'sweep', '2026-01-03T00:00:00Z')],
    },
    {
      clusterId: 'b',
      ok: true,
      origin: { kind: 'cache', seenAt: 5, why: 'gone' },
      refused: [{ namespace: 'research', reason: 'not yours' }],
      pipelines: [p('b', 'training', '2026-01-01T00:00:00Z', { namespace: 'team-a' })],
    },
    { clusterId: 'c', ok: false, error: { code: 'unauthenticated', message: 'set the user' } },
  ],
};
const names: Record<string, string> = { a: 'lab-a', b: 'lab-b', c: 'lab-c' };
const nameOf = (id: string) => names[id] ?? id;

describe('pipelines table', () => {
  it('joins clusters, searches every word and sorts', () => {
    expect(pipelineRows(list, nameOf, '', { key: 'name', desc: false }).map((r) => `${r.clusterName}/${r.name}`)).toEqual([
      'lab-a/sweep',
      'lab-a/training',
      'lab-b/training',
    ]);
    expect(pipelineRows(list, nameOf, 'TRAIN team-a', { key: 'name', desc: false }).map((r) => r.clusterName)).toEqual(['lab-b']);
    expect(pipelineRows(list, nameOf, 'gpu', { key: 'name', desc: false }).map((r) => r.pipelineId)).toEqual(['a-training']);
    expect(pipelineRows(list, nameOf, '', { key: 'createdAt', desc: true }).map((r) => r.pipelineId)).toEqual(['a-sweep', 'a-training', 'b-training']);
    expect(pipelineRows(list, nameOf, '', { key: 'cluster', desc: true }).map((r) => r.clusterName)).toEqual(['lab-b', 'lab-a', 'lab-a']);
  });

  it('flips a column and starts dates newest first', () => {
    expect(nextSort({ key: 'name', desc: false }, 'name')).toEqual({ key: 'name', desc: true });
    expect(nextSort({ key: 'name', desc: false }, 'createdAt')).toEqual({ key: 'createdAt', desc: true });
    expect(nextSort({ key: 'createdAt', desc: true }, 'cluster')).toEqual({ key: 'cluster', desc: false });
  });

  it('says which clusters failed, came from the cache, or left namespaces out', () => {
    expect(clusterNotes(list, nameOf)).toEqual([
      { kind: 'cached', clusterId: 'b', clusterName: 'lab-b', seenAt: 5, why: 'gone' },
      { kind: 'refused', clusterId: 'b', clusterName: 'lab-b', namespace: 'research', reason: 'not yours' },
      { kind: 'error', clusterId: 'c', clusterName: 'lab-c', error: { code: 'unauthenticated', message: 'set the user' } },
    ]);
    expect(originText({ kind: 'gateway', url: 'https://kf/pipeline' })).toBe('through the Kubeflow gateway https://kf/pipeline');
    expect(originText({ kind: 'port-forward', namespace: 'kubeflow', service: 'ml-pipeline', pod: 'ml-pipeline-0', port: 8888 })).toBe(
      'port-forward to kubeflow/ml-pipeline (pod ml-pipeline-0)',
    );
  });
});

describe('task list', () => {
  it("reads a compiled pipeline's tasks with their images and what they run after", () => {
    const spec = parseAllDocuments(fixture('lab/training--v1'))[0]?.toJS() as unknown;
    const { tasks, problem } = taskRows(spec);
    expect(problem).toBeUndefined();
    expect(tasks.map((t) => [t.name, t.component, t.image, t.after.join(',')])).toEqual([
      ['evaluate', 'comp-evaluate', 'python:3.11-slim', 'train'],
      ['prepare-data', 'comp-prepare-data', 'python:3.11-slim', ''],
      ['train', 'comp-train', 'pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime', 'prepare-data'],
    ]);
  });

  it('says why there are no tasks for a v1 pipeline or an unreadable spec', () => {
    expect(taskRows({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'w' }, spec: {} }).problem).toMatch(/KFP v1 pipeline/);
    expect(taskRows({ nope: 1 }).problem).toMatch(/^MLDeck could not read this spec's tasks: /);
  });
});
