// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { trainingKinds } from '../../../shared/kube/training-kinds';
import { jobPodMatcher, keptPodsOf, withKeptPods } from './kept-pods';

const kind = (k: string, version?: string) => {
  const found = trainingKinds.find((t) => t.kind === k && (version === undefined || t.version === version));
  if (!found) throw new Error(k);
  return found;
};

describe('kept logs of a job', () => {
  it('takes the replicas of a Training Operator job and not those of jobs named alike', () => {
    const is = jobPodMatcher('train', kind('PyTorchJob'));
    expect(is('train-master-0')).toBe(true);
    expect(is('train-worker-12')).toBe(true);
    expect(is('train-v2-worker-0')).toBe(false);
    expect(is('train-worker-0-extra')).toBe(false);
    expect(is('train-launcher')).toBe(false);
    expect(is('train-ps-0')).toBe(false);
    expect(is('other-worker-0')).toBe(false);
    expect(jobPodMatcher('train', kind('TFJob'))('train-ps-0')).toBe(true);
  });
  it('takes the MPI launcher of either operator', () => {
    const v1 = jobPodMatcher('mpi', kind('MPIJob', 'v1'));
    const v2 = jobPodMatcher('mpi', kind('MPIJob', 'v2beta1'));
    expect(v1('mpi-launcher')).toBe(true);
    expect(v2('mpi-launcher-x7k2p')).toBe(true);
    expect(v2('mpi-worker-1')).toBe(true);
    expect(v2('mpi-b-worker-1')).toBe(false);
  });
  it('takes the pods of a TrainJob’s replicated jobs', () => {
    const is = jobPodMatcher('tj', kind('TrainJob'));
    expect(is('tj-node-0-0-abcde')).toBe(true);
    expect(is('tj-dataset-initializer-0-0-q2w3e')).toBe(true);
    expect(is('tj-v2-node-0-0-abcde')).toBe(false);
    expect(is('tj-node-x')).toBe(false);
  });
  it('reads the job name literally', () => {
    expect(jobPodMatcher('a.b', kind('PyTorchJob'))('axb-worker-0')).toBe(false);
    expect(jobPodMatcher('a.b', kind('PyTorchJob'))('a.b-worker-0')).toBe(true);
  });

  it('offers the job’s pods that are gone with their kept containers, not live pods nor other jobs’', () => {
    const is = jobPodMatcher('train', kind('PyTorchJob'));
    const keys = [
      { pod: 'train-master-0', container: 'pytorch' },
      { pod: 'train-worker-0', container: 'pytorch' },
      { pod: 'train-worker-0', container: 'sidecar' },
      { pod: 'train-v2-master-0', container: 'pytorch' },
    ];
    expect(keptPodsOf(keys, is, new Set(['train-master-0']))).toEqual([
      { name: 'train-worker-0', containers: ['pytorch', 'sidecar'], replicaType: 'kept log' },
    ]);
  });

  it('puts first the container that logged last: a gone pod opens on its main container, not its init container', () => {
    const is = jobPodMatcher('train', kind('PyTorchJob'));
    const keys = [
      { pod: 'train-worker-0', container: 'init-pytorch', lastAt: 100 },
      { pod: 'train-worker-0', container: 'pytorch', lastAt: 900 },
      { pod: 'train-worker-0', container: 'sidecar', lastAt: 900 },
    ];
    expect(keptPodsOf(keys, is, new Set())).toEqual([{ name: 'train-worker-0', containers: ['pytorch', 'sidecar', 'init-pytorch'], replicaType: 'kept log' }]);
  });

  it('lists a pod made again under its old name once, as live', () => {
    const live: { name: string; containers: string[]; replicaType?: string }[] = [{ name: 'train-master-0', containers: ['pytorch'] }];
    const kept = [
      { name: 'train-master-0', containers: ['pytorch'], replicaType: 'kept log' },
      { name: 'train-worker-0', containers: ['pytorch'], replicaType: 'kept log' },
    ];
    expect(withKeptPods(live, kept).map((p) => [p.name, p.replicaType])).toEqual([
      ['train-master-0', undefined],
      ['train-worker-0', 'kept log'],
    ]);
  });
});
