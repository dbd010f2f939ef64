// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/kube/object';
import { jobEvents, jobPodNamePattern, podView } from './job-detail-model';

const job: KubeObject = {
  apiVersion: 'kubeflow.org/v1',
  kind: 'PyTorchJob',
  metadata: { name: 'llama-7b-lora', namespace: 'team-a', uid: 'job-2', creationTimestamp: '2026-11-28T14:01:29Z' },
};
const pod = (name: string, uid: string, status: unknown, spec: unknown = { containers: [{ name: 'pytorch' }] }): KubeObject => ({
  kind: 'Pod',
  metadata: { name, namespace: 'team-a', uid },
  spec,
  status,
});

describe('podView', () => {
  it('a pod the scheduler cannot place carries its message', () => {
    const v = podView(
      pod('gpt-pretrain-64gpu-master-0', 'p1', {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/21 nodes are available: 14 node(s) had untolerated taint(s), 2 Insufficient nvidia.com/gpu.',
          },
        ],
      }),
    );
    expect(v).toMatchObject({ phase: 'Pending', node: undefined, ready: '0/1', restarts: 0 });
    expect(v.schedulerReason).toContain('Insufficient nvidia.com/gpu');
    expect(v.containers).toEqual([
      {
        name: 'pytorch',
        init: false,
        state: 'unknown',
        reason: undefined,
        message: undefined,
        exitCode: undefined,
        restarts: 0,
        ready: false,
        lastTermination: undefined,
      },
    ]);
  });
  it('a failed container: terminated reason, exit code, restarts and the previous run', () => {
    const v = podView(
      pod(
        'llama-7b-lora-master-0',
        'p2',
        {
          phase: 'Failed',
          containerStatuses: [
            {
              name: 'pytorch',
              restartCount: 2,
              state: { terminated: { reason: 'Error', exitCode: 1, message: 'CUDA out of memory' } },
              lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
            },
          ],
          initContainerStatuses: [{ name: 'init', state: { terminated: { reason: 'Completed', exitCode: 0 } } }],
        },
        { nodeName: 'gpu-a100-0', containers: [{ name: 'pytorch' }], initContainers: [{ name: 'init' }] },
      ),
    );
    expect(v).toMatchObject({ node: 'gpu-a100-0', restarts: 2, schedulerReason: undefined });
    expect(v.containers).toEqual([
      {
        name: 'pytorch',
        init: false,
        state: 'terminated',
        reason: 'Error',
        message: 'CUDA out of memory',
        exitCode: 1,
        restarts: 2,
        ready: false,
        lastTermination: { reason: 'OOMKilled', exitCode: 137 },
      },
    ]);
    expect(v.status.tone).toBe('error');
  });
  it('a waiting container says why', () => {
    const v = podView(
      pod('x', 'p3', { phase: 'Pending', containerStatuses: [{ name: 'pytorch', state: { waiting: { reason: 'ImagePullBackOff', message: 'not found' } } }] }),
    );
    expect(v.containers[0]).toMatchObject({ state: 'waiting', reason: 'ImagePullBackOff', message: 'not found' });
  });
});

describe('jobEvents', () => {
  const ev = (name: string, involved: Record<string, string>, times: Record<string, string | null>, extra: Record<string, unknown> = {}): KubeObject => ({
    kind: 'Event',
    metadata: { name, namespace: 'team-a', creationTimestamp: '2026-11-28T14:00:00Z' },
    involvedObject: involved,
    type: 'Normal',
    reason: name,
    message: `${name} message`,
    count: 1,
    ...times,
    ...extra,
  });
  const pods = [pod('llama-7b-lora-master-0', 'pod-2', {})];
  const events = [
    ev('Failed', { kind: 'PyTorchJob', name: 'llama-7b-lora', uid: 'job-2' }, { lastTimestamp: '2026-11-28T14:01:52Z' }, { type: 'Warning' }),
    ev('Scheduled', { kind: 'Pod', name: 'llama-7b-lora-master-0', uid: 'pod-2' }, { lastTimestamp: null, eventTime: '2026-11-28T14:01:31.560072Z' }),
    ev('Created', { kind: 'PyTorchJob', name: 'llama-7b-lora', uid: 'job-2' }, { lastTimestamp: '2026-11-28T14:01:30Z' }, { count: 3 }),
    // an earlier job of the same name, and its pod: not this job's
    ev('OldJob', { kind: 'PyTorchJob', name: 'llama-7b-lora', uid: 'job-1' }, { lastTimestamp: '2026-11-28T13:58:48Z' }),
    ev('OldPod', { kind: 'Pod', name: 'llama-7b-lora-master-0', uid: 'pod-1' }, { lastTimestamp: '2026-11-28T13:59:08Z' }),
    ev('Other', { kind: 'Pod', name: 'bert-master-0', uid: 'pod-9' }, { lastTimestamp: '2026-11-28T14:01:40Z' }),
    ev('NoUid', { kind: 'Pod', name: 'llama-7b-lora-master-0' }, { lastTimestamp: '2026-11-28T14:01:50Z' }),
  ];
  it('merges the job’s and its pods’ events in time order, by uid', () => {
    const v = jobEvents(events, job, pods);
    expect(v.map((e) => e.reason)).toEqual(['Created', 'Scheduled', 'NoUid', 'Failed']);
    expect(v[0]).toMatchObject({ object: 'PyTorchJob/llama-7b-lora', count: 3, lastSeen: '2026-11-28T14:01:30Z' });
    expect(v[3]).toMatchObject({ type: 'Warning', message: 'Failed message' });
  });

  it('keeps the events of the job’s pods that are gone, by the names its kind gives them', () => {
    const gone = [
      // deleted worker of this job: its events are the failure story
      ev('OOMKilled', { kind: 'Pod', name: 'llama-7b-lora-worker-1', uid: 'pod-3' }, { lastTimestamp: '2026-11-28T14:01:45Z' }, { type: 'Warning' }),
      // the master pod's earlier incarnation, replaced by the operator after the job began
      ev('BackOff', { kind: 'Pod', name: 'llama-7b-lora-master-0', uid: 'pod-0' }, { lastTimestamp: '2026-11-28T14:01:35Z' }),
      // not this job's: another kind's replica type, another job whose name starts alike, no index
      ev('Launcher', { kind: 'Pod', name: 'llama-7b-lora-launcher-0', uid: 'x1' }, { lastTimestamp: '2026-11-28T14:01:41Z' }),
      ev('Longer', { kind: 'Pod', name: 'llama-7b-lora-worker-master-0', uid: 'x2' }, { lastTimestamp: '2026-11-28T14:01:42Z' }),
      ev('NoIndex', { kind: 'Pod', name: 'llama-7b-lora-worker-abc', uid: 'x3' }, { lastTimestamp: '2026-11-28T14:01:43Z' }),
      // a Job (not a Pod) of that name
      ev('NotPod', { kind: 'Job', name: 'llama-7b-lora-worker-0', uid: 'x4' }, { lastTimestamp: '2026-11-28T14:01:44Z' }),
    ];
    const v = jobEvents([...events, ...gone], job, pods);
    // OldPod (13:59, before this job was created) stays out
    expect(v.map((e) => e.reason)).toEqual(['Created', 'Scheduled', 'BackOff', 'OOMKilled', 'NoUid', 'Failed']);
    expect(v[3]).toMatchObject({ object: 'Pod/llama-7b-lora-worker-1', type: 'Warning' });
  });

  it('names pods after each kind’s replica types', () => {
    const of = (apiVersion: string, kind: string, name: string) => jobPodNamePattern({ apiVersion, kind, metadata: { name } });
    const tf = of('kubeflow.org/v1', 'TFJob', 'mnist.v2');
    expect(tf?.test('mnist.v2-ps-0')).toBe(true);
    expect(tf?.test('mnist.v2-evaluator-12')).toBe(true);
    expect(tf?.test('mnistxv2-ps-0')).toBe(false); // the dot is literal
    const mpi = of('kubeflow.org/v2beta1', 'MPIJob', 'allreduce');
    expect(mpi?.test('allreduce-worker-3')).toBe(true);
    expect(mpi?.test('allreduce-launcher-x7k2p')).toBe(true);
    const tj = of('trainer.kubeflow.org/v1alpha1', 'TrainJob', 'ft');
    expect(tj?.test('ft-node-0-1-abcde')).toBe(true);
    expect(tj?.test('ft-dataset-initializer-0-0-q2w3e')).toBe(true);
    expect(tj?.test('ft-node-node-0-0-abcde')).toBe(false);
    expect(of('v1', 'Deployment', 'web')).toBeUndefined();
  });
});
