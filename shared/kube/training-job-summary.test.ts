// SPDX-License-Identifier: Apache-2.0
/** Job summaries over objects shaped as the lab's Training Operator, MPI Operator and Trainer write them. */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from './object';
import { findTrainingKind, type TrainingKind } from './training-kinds';
import {
  conditionTimeline,
  groupPodsByReplica,
  jobGpus,
  jobPhase,
  replicaSpecViews,
  replicaSummaries,
  replicaText,
  summarizeJob,
  trainerProgress,
} from './training-job-summary';

const kind = (group: string, version: string, resource: string): TrainingKind => {
  const k = findTrainingKind({ group, version, resource });
  if (!k) throw new Error(resource);
  return k;
};
const pytorch = kind('kubeflow.org', 'v1', 'pytorchjobs');
const tfjob = kind('kubeflow.org', 'v1', 'tfjobs');
const mpiV2 = kind('kubeflow.org', 'v2beta1', 'mpijobs');
const trainJobKind = kind('trainer.kubeflow.org', 'v1alpha1', 'trainjobs');

const cond = (type: string, status: string, at: string, reason: string, message: string) => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: at,
  lastUpdateTime: at,
});

const gpuPod = (gpus: number, name = 'pytorch') => ({
  spec: {
    containers: [
      {
        name,
        image: 'nvcr.io/nvidia/pytorch:24.07-py3',
        command: ['/bin/sh', '-c', 'torchrun finetune_lora.py --bf16'],
        resources: {
          requests: { cpu: '8', memory: '64Gi', 'nvidia.com/gpu': String(gpus) },
          limits: { memory: '64Gi', 'nvidia.com/gpu': String(gpus) },
        },
      },
    ],
  },
});

/** The lab's `llama-7b-lora`: its Master failed with a CUDA OOM. Conditions listed out of order on purpose. */
const failedPytorch: KubeObject = {
  apiVersion: 'kubeflow.org/v1',
  kind: 'PyTorchJob',
  metadata: { name: 'llama-7b-lora', namespace: 'team-a', uid: 'u-llama', creationTimestamp: '2026-11-28T14:01:30Z' },
  spec: { pytorchReplicaSpecs: { Master: { replicas: 1, restartPolicy: 'Never', template: gpuPod(1) } }, runPolicy: { cleanPodPolicy: 'None' } },
  status: {
    completionTime: '2026-11-28T14:01:52Z',
    conditions: [
      cond('Failed', 'True', '2026-11-28T14:01:52Z', 'PyTorchJobFailed', 'PyTorchJob llama-7b-lora is failed because 1 Master replica(s) failed.'),
      cond('Created', 'True', '2026-11-28T14:01:30Z', 'PyTorchJobCreated', 'PyTorchJob llama-7b-lora is created.'),
      cond('Running', 'False', '2026-11-28T14:01:32Z', 'PyTorchJobRunning', 'PyTorchJob llama-7b-lora is running.'),
    ],
    replicaStatuses: { Master: { failed: 1, selector: 'training.kubeflow.org/job-name=llama-7b-lora' } },
    startTime: '2026-11-28T14:01:31Z',
  },
};

/** The lab's `bert-finetune-squad`, running. */
const runningPytorch: KubeObject = {
  apiVersion: 'kubeflow.org/v1',
  kind: 'PyTorchJob',
  metadata: { name: 'bert-finetune-squad', namespace: 'team-a', creationTimestamp: '2026-11-28T14:01:30Z' },
  spec: { pytorchReplicaSpecs: { Worker: { replicas: 3, template: gpuPod(2) }, Master: { replicas: 1, template: gpuPod(1) } } },
  status: {
    conditions: [
      cond('Created', 'True', '2026-11-28T14:01:30Z', 'PyTorchJobCreated', 'PyTorchJob bert-finetune-squad is created.'),
      cond('Running', 'True', '2026-11-28T14:01:30Z', 'PyTorchJobRunning', 'PyTorchJob bert-finetune-squad is running.'),
    ],
    replicaStatuses: { Master: { active: 1 }, Worker: { active: 2, failed: 1 } },
    startTime: '2026-11-28T14:01:30Z',
  },
};

const trainJob = (status: unknown, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'trainer.kubeflow.org/v1alpha1',
  kind: 'TrainJob',
  metadata: { name: 'llm-sft-trainjob', namespace: 'team-vision', creationTimestamp: '2026-11-28T14:01:30Z' },
  spec: {
    runtimeRef: { name: 'torch-distributed', apiGroup: 'trainer.kubeflow.org', kind: 'ClusterTrainingRuntime' },
    trainer: {
      image: 'nvcr.io/nvidia/pytorch:24.07-py3',
      command: ['torchrun', 'sft.py'],
      numNodes: 2,
      resourcesPerNode: { requests: { cpu: '4', memory: '32Gi', 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' } },
    },
    ...extra,
  },
  status,
});

describe('jobPhase (Training Operator)', () => {
  it('picks Failed by type, not by the array’s order, with its reason and message', () => {
    const { phase, condition } = jobPhase(failedPytorch, pytorch);
    expect(phase).toBe('Failed');
    expect(condition?.reason).toBe('PyTorchJobFailed');
    expect(condition?.message).toContain('1 Master replica(s) failed');
  });
  it('a job whose last listed condition is Created but Running is True is Running', () => {
    const job = JSON.parse(JSON.stringify(runningPytorch)) as KubeObject;
    (job.status as { conditions: unknown[] }).conditions.reverse();
    expect(jobPhase(job, pytorch).phase).toBe('Running');
  });
  it('Restarting replaces Running; a resumed job (Suspended False) is not Suspended', () => {
    const restarting: KubeObject = {
      ...runningPytorch,
      status: {
        conditions: [
          cond('Created', 'True', '2026-11-28T14:01:30Z', 'PyTorchJobCreated', ''),
          cond('Running', 'False', '2026-11-28T14:01:40Z', 'PyTorchJobRunning', ''),
          cond('Restarting', 'True', '2026-11-28T14:01:40Z', 'PyTorchJobRestarting', 'Worker restarting'),
          cond('Suspended', 'False', '2026-11-28T14:01:35Z', 'PyTorchJobResumed', 'resumed'),
        ],
      },
    };
    expect(jobPhase(restarting, pytorch)).toMatchObject({ phase: 'Restarting', condition: { message: 'Worker restarting' } });
  });
  it('only Created is Created (the operator made it, nothing runs); no status is Pending', () => {
    const created: KubeObject = { ...runningPytorch, status: { conditions: [cond('Created', 'True', '2026-11-28T14:01:30Z', 'PyTorchJobCreated', 'x')] } };
    expect(jobPhase(created, pytorch).phase).toBe('Created');
    expect(jobPhase({ ...runningPytorch, status: undefined }, pytorch).phase).toBe('Pending');
  });
  it('Succeeded wins over Running True left behind', () => {
    const job: KubeObject = {
      ...runningPytorch,
      status: {
        conditions: [
          cond('Succeeded', 'True', '2026-11-28T14:02:00Z', 'PyTorchJobSucceeded', 'done'),
          cond('Running', 'True', '2026-11-28T14:01:31Z', 'PyTorchJobRunning', ''),
        ],
      },
    };
    expect(jobPhase(job, pytorch).phase).toBe('Succeeded');
  });
});

describe('jobPhase (TrainJob)', () => {
  it('Complete is Succeeded, Failed is Failed, Suspended is Suspended', () => {
    const c = (type: string, reason: string) => ({ type, status: 'True', reason, message: `${type} msg`, lastTransitionTime: '2026-11-28T14:02:04Z' });
    expect(jobPhase(trainJob({ conditions: [c('Complete', 'AllJobsCompleted')] }), trainJobKind)).toMatchObject({ phase: 'Succeeded' });
    expect(jobPhase(trainJob({ conditions: [c('Failed', 'FailedJobs')] }), trainJobKind)).toMatchObject({
      phase: 'Failed',
      condition: { reason: 'FailedJobs' },
    });
    expect(jobPhase(trainJob({ conditions: [c('Suspended', 'Suspended')] }), trainJobKind).phase).toBe('Suspended');
  });
  it('running = no terminal/suspended condition and an active, ready child job', () => {
    const running = trainJob({ jobsStatus: [{ name: 'node', active: 1, ready: 1, succeeded: 0, failed: 0, suspended: 0 }] });
    expect(jobPhase(running, trainJobKind).phase).toBe('Running');
  });
  it('active but not ready (pods pending) is Created; nothing yet is Pending; Suspended False does not count', () => {
    const starting = trainJob({ jobsStatus: [{ name: 'node', active: 1, ready: 0, succeeded: 0, failed: 0, suspended: 0 }] });
    expect(jobPhase(starting, trainJobKind).phase).toBe('Created');
    expect(jobPhase(trainJob(undefined), trainJobKind).phase).toBe('Pending');
    const resumed = trainJob({
      conditions: [{ type: 'Suspended', status: 'False', reason: 'Resumed', lastTransitionTime: '2026-11-28T14:02:04Z' }],
      jobsStatus: [{ name: 'node', active: 1, ready: 1 }],
    });
    expect(jobPhase(resumed, trainJobKind).phase).toBe('Running');
  });
});

describe('summarizeJob', () => {
  it('a failed job: reason, message, times and duration from startTime to completionTime', () => {
    const s = summarizeJob(failedPytorch, pytorch);
    expect(s).toMatchObject({
      phase: 'Failed',
      reason: 'PyTorchJobFailed',
      gpus: 1,
      startedAt: '2026-11-28T14:01:31Z',
      finishedAt: '2026-11-28T14:01:52Z',
      durationMs: 21_000,
    });
    expect(s.replicas).toEqual([{ type: 'Master', desired: 1, active: 0, succeeded: 0, failed: 1, unit: 'pods' }]);
  });
  it('a running job counts its duration up to now, and replicas in the kind’s order', () => {
    const now = Date.parse('2026-11-28T14:11:30Z');
    const s = summarizeJob(runningPytorch, pytorch, now);
    expect(s.durationMs).toBe(600_000);
    expect(s.finishedAt).toBeUndefined();
    expect(s.replicas.map(replicaText)).toEqual(['Master 1/1', 'Worker 2/3 ✗1']);
    // 1 master × 1 GPU + 3 workers × 2 GPUs
    expect(s.gpus).toBe(7);
  });
  it('a TrainJob: GPUs are numNodes × resourcesPerNode; finish time from the Complete condition', () => {
    const done = trainJob({
      conditions: [
        { type: 'Complete', status: 'True', reason: 'AllJobsCompleted', message: 'jobset completed successfully', lastTransitionTime: '2026-11-28T14:02:04Z' },
      ],
      jobsStatus: [{ name: 'node', active: 0, ready: 0, succeeded: 1, failed: 0, suspended: 0 }],
    });
    const s = summarizeJob(done, trainJobKind);
    expect(s).toMatchObject({ phase: 'Succeeded', gpus: 2, message: 'jobset completed successfully', finishedAt: '2026-11-28T14:02:04Z', durationMs: 34_000 });
    expect(s.replicas.map(replicaText)).toEqual(['node 0/1 ×2 ✓1']);
  });
  it('no GPUs when nothing asks for them; requests count when limits are absent', () => {
    const cpu: KubeObject = { ...runningPytorch, spec: { pytorchReplicaSpecs: { Master: { template: { spec: { containers: [{ name: 'pytorch' }] } } } } } };
    expect(jobGpus(cpu, pytorch)).toBe(0);
    const reqOnly: KubeObject = {
      ...runningPytorch,
      spec: { pytorchReplicaSpecs: { Worker: { replicas: 2, template: { spec: { containers: [{ resources: { requests: { 'nvidia.com/gpu': '4' } } }] } } } } },
    };
    expect(jobGpus(reqOnly, pytorch)).toBe(8);
  });
});

describe('details', () => {
  it('the timeline is sorted by lastTransitionTime', () => {
    expect(conditionTimeline(failedPytorch).map((c) => `${c.type}=${c.status}`)).toEqual(['Created=True', 'Running=False', 'Failed=True']);
  });
  it('replica specs: image, command, resources and GPUs of the default container', () => {
    const [master] = replicaSpecViews(failedPytorch, pytorch);
    expect(master).toMatchObject({
      type: 'Master',
      replicas: 1,
      restartPolicy: 'Never',
      container: 'pytorch',
      image: 'nvcr.io/nvidia/pytorch:24.07-py3',
      command: ['/bin/sh', '-c', 'torchrun finetune_lora.py --bf16'],
      limits: { memory: '64Gi', 'nvidia.com/gpu': '1' },
      gpusPerPod: 1,
    });
    expect(replicaSpecViews(trainJob(undefined), trainJobKind)[0]).toMatchObject({
      type: 'node',
      replicas: 2,
      image: 'nvcr.io/nvidia/pytorch:24.07-py3',
      gpusPerPod: 1,
    });
  });
  it('TrainJob progress when trainerStatus is there, nothing otherwise', () => {
    expect(trainerProgress(trainJob(undefined))).toBeUndefined();
    const p = trainerProgress(
      trainJob({
        trainerStatus: {
          progressPercentage: 42,
          estimatedRemainingSeconds: 900,
          metrics: [{ name: 'loss', value: '0.31' }],
          lastUpdatedTime: '2026-11-28T14:05:00Z',
        },
      }),
    );
    expect(p).toEqual({
      progressPercentage: 42,
      estimatedRemainingSeconds: 900,
      metrics: [{ name: 'loss', value: '0.31' }],
      lastUpdatedTime: '2026-11-28T14:05:00Z',
    });
  });
});

describe('groupPodsByReplica', () => {
  const pod = (name: string, labels: Record<string, string>): KubeObject => ({ metadata: { name, namespace: 'team-a', labels } });
  it('maps the lower-cased replica-type label back to the spec’s type, in the kind’s order, by index', () => {
    const job: KubeObject = { ...runningPytorch, metadata: { name: 'tf', namespace: 'team-a' }, spec: { tfReplicaSpecs: { Worker: {}, PS: {}, Chief: {} } } };
    const l = (type: string, i: string) => ({
      'training.kubeflow.org/job-name': 'tf',
      'training.kubeflow.org/replica-type': type,
      'training.kubeflow.org/replica-index': i,
    });
    const groups = groupPodsByReplica(job, tfjob, [
      pod('tf-worker-1', l('worker', '1')),
      pod('tf-ps-0', l('ps', '0')),
      pod('tf-worker-0', l('worker', '0')),
      pod('tf-chief-0', l('chief', '0')),
      pod('other-worker-0', { ...l('worker', '0'), 'training.kubeflow.org/job-name': 'other' }),
    ]);
    expect(groups.map((g) => [g.type, g.pods.map((p) => p.metadata.name)])).toEqual([
      ['Chief', ['tf-chief-0']],
      ['PS', ['tf-ps-0']],
      ['Worker', ['tf-worker-0', 'tf-worker-1']],
    ]);
  });
  it('MPI Operator v2beta1 pods are grouped by job-role', () => {
    const job: KubeObject = {
      apiVersion: 'kubeflow.org/v2beta1',
      kind: 'MPIJob',
      metadata: { name: 'h' },
      spec: { mpiReplicaSpecs: { Launcher: {}, Worker: {} } },
    };
    const groups = groupPodsByReplica(job, mpiV2, [
      pod('h-worker-0', { 'training.kubeflow.org/job-name': 'h', 'training.kubeflow.org/job-role': 'worker', 'training.kubeflow.org/replica-index': '0' }),
      pod('h-launcher-x', { 'training.kubeflow.org/job-name': 'h', 'training.kubeflow.org/job-role': 'launcher' }),
    ]);
    expect(groups.map((g) => g.type)).toEqual(['Launcher', 'Worker']);
  });
  it('TrainJob pods are grouped by replicated job', () => {
    const groups = groupPodsByReplica(trainJob(undefined), trainJobKind, [
      pod('llm-sft-trainjob-node-0-1-z', { 'jobset.sigs.k8s.io/jobset-name': 'llm-sft-trainjob', 'jobset.sigs.k8s.io/replicatedjob-name': 'node' }),
      pod('llm-sft-trainjob-dataset-initializer-0-0-a', {
        'jobset.sigs.k8s.io/jobset-name': 'llm-sft-trainjob',
        'jobset.sigs.k8s.io/replicatedjob-name': 'dataset-initializer',
      }),
    ]);
    expect(groups.map((g) => g.type)).toEqual(['dataset-initializer', 'node']);
    expect(replicaSummaries(trainJob(undefined), trainJobKind)).toEqual([{ type: 'node', desired: 2, active: 0, succeeded: 0, failed: 0, unit: 'jobs' }]);
  });
});
