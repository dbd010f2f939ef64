// SPDX-License-Identifier: Apache-2.0
/**
 * Training jobs through the lab's controllers: the real Training Operator (PyTorchJob
 * success and failure, a job that waits for GPUs no node has, webhook validation) and the
 * status driver (MPIJob v2beta1 on lab-b, TrainJob on lab-a).
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, tempNamespace } from '../../harness/lab.ts';
import { cond, coreApi, customApi, getObject, isTrue, type CustomObject } from './test-helpers.ts';

const fast = (outcome: 'succeeded' | 'failed', message?: string) => ({
  labels: { 'mldeck.dev/sim-outcome': outcome },
  annotations: { 'mldeck.dev/sim-duration': '2s', ...(message ? { 'mldeck.dev/sim-message': message } : {}) },
});

function pytorchJob(name: string, master: object, worker?: object, gpus = 0): object {
  const tpl = (meta: object) => ({
    metadata: meta,
    spec: {
      containers: [
        {
          name: 'pytorch',
          image: 'pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime',
          command: ['torchrun', 'train.py'],
          resources: gpus ? { limits: { 'nvidia.com/gpu': String(gpus) } } : {},
        },
      ],
    },
  });
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'PyTorchJob',
    metadata: { name },
    spec: {
      pytorchReplicaSpecs: {
        Master: { replicas: 1, restartPolicy: 'Never', template: tpl(master) },
        ...(worker ? { Worker: { replicas: 1, restartPolicy: 'Never', template: tpl(worker) } } : {}),
      },
    },
  };
}

const pt = { group: 'kubeflow.org', version: 'v1', plural: 'pytorchjobs' };

describe('training jobs (real Training Operator on lab-a)', () => {
  let ns: { name: string; remove(): Promise<void> };
  const api = customApi('lab-a');
  const read = (name: string) => getObject(api, pt.group, pt.version, pt.plural, ns.name, name);

  beforeAll(async () => {
    ns = await tempNamespace('trainjobs');
  });
  afterAll(async () => {
    await ns?.remove();
  });

  it('runs a PyTorchJob to Succeeded, with lower-case replica-type pod labels', async () => {
    await api.createNamespacedCustomObject({ ...pt, namespace: ns.name, body: pytorchJob('ok', fast('succeeded'), fast('succeeded')) });
    const job = await eventually('PyTorchJob Succeeded', async () => {
      const j = await read('ok');
      return isTrue(j, 'Succeeded') ? j : undefined;
    });
    expect(cond(job, 'Succeeded')?.reason).toBe('PyTorchJobSucceeded');
    expect(cond(job, 'Running')?.status).toBe('False');
    expect(cond(job, 'Created')?.status).toBe('True');
    const pods = await coreApi().listNamespacedPod({ namespace: ns.name, labelSelector: 'training.kubeflow.org/job-name=ok' });
    expect(pods.items.map((p) => p.metadata?.labels?.['training.kubeflow.org/replica-type']).sort()).toEqual(['master', 'worker']);
    expect(pods.items.find((p) => p.metadata?.name === 'ok-master-0')?.metadata?.labels?.['training.kubeflow.org/job-role']).toBe('master');
  });

  it('fails a PyTorchJob whose master fails, with the reason and the pod message', async () => {
    const msg = 'RuntimeError: CUDA error: an illegal memory access was encountered';
    await api.createNamespacedCustomObject({ ...pt, namespace: ns.name, body: pytorchJob('bad', fast('failed', msg)) });
    const job = await eventually('PyTorchJob Failed', async () => {
      const j = await read('bad');
      return isTrue(j, 'Failed') ? j : undefined;
    });
    expect(cond(job, 'Failed')?.reason).toBe('PyTorchJobFailed');
    expect(cond(job, 'Failed')?.message).toContain('1 Master replica(s) failed');
    const pod = await coreApi().readNamespacedPod({ namespace: ns.name, name: 'bad-master-0' });
    expect(pod.status?.containerStatuses?.[0]?.state?.terminated?.message).toBe(msg);
  });

  it('keeps a job that asks more GPUs than any node has Pending, with the scheduler’s reason in events', async () => {
    await api.createNamespacedCustomObject({ ...pt, namespace: ns.name, body: pytorchJob('huge', {}, undefined, 16) });
    const ev = await eventually('FailedScheduling event', async () => {
      const events = await coreApi().listNamespacedEvent({ namespace: ns.name, fieldSelector: 'involvedObject.name=huge-master-0' });
      return events.items.find((e) => e.reason === 'FailedScheduling');
    });
    expect(ev.message).toMatch(/Insufficient nvidia\.com\/gpu/);
    const pod = await coreApi().readNamespacedPod({ namespace: ns.name, name: 'huge-master-0' });
    expect(pod.status?.phase).toBe('Pending');
    const job = await read('huge');
    expect(isTrue(job, 'Created')).toBe(true);
    expect(isTrue(job, 'Running')).toBe(false);
  });

  it('rejects an invalid PyTorchJob through the operator’s admission webhook', async () => {
    const body = {
      apiVersion: 'kubeflow.org/v1',
      kind: 'PyTorchJob',
      metadata: { name: 'invalid' },
      spec: { pytorchReplicaSpecs: { Master: { replicas: 1, template: { spec: { containers: [{ name: 'trainer', image: 'x' }] } } } } },
    };
    await expect(api.createNamespacedCustomObject({ ...pt, namespace: ns.name, body })).rejects.toThrow(
      /validator\.pytorchjob\.training-operator\.kubeflow\.org|must have at least one container with name pytorch/,
    );
  });
});

describe('driven training kinds', () => {
  it('runs an MPIJob v2beta1 on lab-b to Succeeded (launcher decides)', async () => {
    const ns = await tempNamespace('mpiv2', 'lab-b');
    try {
      const api = customApi('lab-b');
      const tpl = (meta: object, cmd: string[]) => ({
        metadata: meta,
        spec: { containers: [{ name: 'mpi', image: 'mpioperator/mpi-pi:openmpi', command: cmd }] },
      });
      const body = {
        apiVersion: 'kubeflow.org/v2beta1',
        kind: 'MPIJob',
        metadata: { name: 'pi' },
        spec: {
          slotsPerWorker: 1,
          mpiReplicaSpecs: {
            Launcher: { replicas: 1, template: tpl(fast('succeeded'), ['mpirun', '-n', '2', '/home/mpiuser/pi']) },
            Worker: { replicas: 2, template: tpl({}, ['/usr/sbin/sshd', '-De']) },
          },
        },
      };
      await api.createNamespacedCustomObject({ group: 'kubeflow.org', version: 'v2beta1', plural: 'mpijobs', namespace: ns.name, body });
      const job = await eventually('MPIJob Succeeded', async () => {
        const j = await getObject(api, 'kubeflow.org', 'v2beta1', 'mpijobs', ns.name, 'pi');
        return isTrue(j, 'Succeeded') ? j : undefined;
      });
      expect(cond(job, 'Succeeded')?.reason).toBe('MPIJobSucceeded');
      const cm = await coreApi('lab-b').readNamespacedConfigMap({ namespace: ns.name, name: 'pi-config' });
      expect(cm.data?.['hostfile']).toContain('pi-worker-1');
      const workers = await coreApi('lab-b').listNamespacedPod({ namespace: ns.name, labelSelector: 'training.kubeflow.org/job-role=worker' });
      expect(workers.items).toHaveLength(2);
    } finally {
      await ns.remove();
    }
  });

  it('runs a TrainJob on the torch-distributed runtime to Complete with jobsStatus', async () => {
    const ns = await tempNamespace('trainjob');
    try {
      const api = customApi('lab-a');
      const body = {
        apiVersion: 'trainer.kubeflow.org/v1alpha1',
        kind: 'TrainJob',
        metadata: { name: 'mnist' },
        spec: {
          runtimeRef: { name: 'torch-distributed' },
          trainer: { image: 'docker.io/kubeflow/pytorch-dist-mnist:latest', command: ['torchrun', 'mnist.py'], numNodes: 2 },
          runtimePatches: [
            {
              manager: 'test',
              trainingRuntimeSpec: {
                template: { spec: { replicatedJobs: [{ name: 'node', template: { spec: { template: { metadata: fast('succeeded') } } } }] } },
              },
            },
          ],
        },
      };
      await api.createNamespacedCustomObject({ group: 'trainer.kubeflow.org', version: 'v1alpha1', plural: 'trainjobs', namespace: ns.name, body });
      const tj: CustomObject = await eventually('TrainJob Complete', async () => {
        const j = await getObject(api, 'trainer.kubeflow.org', 'v1alpha1', 'trainjobs', ns.name, 'mnist');
        return isTrue(j, 'Complete') ? j : undefined;
      });
      expect(cond(tj, 'Complete')?.reason).toBe('AllJobsCompleted');
      expect(tj.status?.['jobsStatus']).toEqual([{ name: 'node', ready: 0, succeeded: 1, failed: 0, active: 0, suspended: 0 }]);
      const pods = await coreApi().listNamespacedPod({ namespace: ns.name, labelSelector: 'jobset.sigs.k8s.io/jobset-name=mnist' });
      expect(pods.items).toHaveLength(2);
      expect(pods.items.every((p: k8s.V1Pod) => p.spec?.containers[0]?.env?.some((e) => e.name === 'PET_NNODES' && e.value === '2'))).toBe(true);
    } finally {
      await ns.remove();
    }
  });
});
