// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { ApiResourceInfo } from '../../../shared/features/resources/resources.contract';
import { kubeflowDiscovery } from './kubeflow-discovery';

const r = (group: string, version: string, resource: string, kind: string): ApiResourceInfo => ({
  group,
  version,
  resource,
  kind,
  namespaced: true,
  verbs: ['list'],
  shortNames: [],
});

describe('kubeflowDiscovery', () => {
  it('finds training v1 and MPI v2beta1 separately and reports what is missing', () => {
    const d = kubeflowDiscovery('c', [
      r('kubeflow.org', 'v1', 'pytorchjobs', 'PyTorchJob'),
      r('kubeflow.org', 'v2beta1', 'mpijobs', 'MPIJob'),
      r('', 'v1', 'pods', 'Pod'),
    ]);
    const by = Object.fromEntries(d.components.map((c) => [c.component, c]));
    expect(by['training-v1']).toMatchObject({ served: true, kinds: ['PyTorchJob'] });
    expect(by['mpi-v2beta1']).toMatchObject({ served: true, groupVersion: 'kubeflow.org/v2beta1' });
    expect(by.kserve?.served).toBe(false);
    expect(by.katib?.served).toBe(false);
  });
});
