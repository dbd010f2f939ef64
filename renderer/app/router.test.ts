// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { hashToRoute, routeToHash, type Route } from './router';

describe('routes', () => {
  const cases: Route[] = [
    { page: 'home' },
    { page: 'clusters' },
    { page: 'overview', clusterId: 'file:/home/u/.kube/config#lab-a' },
    { page: 'resources', clusterId: 'c1', kind: { group: '', version: 'v1', resource: 'pods' } },
    {
      page: 'resources',
      clusterId: 'c1',
      kind: { group: 'kubeflow.org', version: 'v1', resource: 'pytorchjobs' },
      namespace: 'team-a',
      selected: { namespace: 'team-a', name: 'mnist' },
    },
    { page: 'resources', clusterId: 'c1', kind: { group: '', version: 'v1', resource: 'nodes' }, selected: { name: 'gpu-a100-0' } },
    { page: 'storage' },
    { page: 'storage', clusterId: 'file:/k#lab-a', uri: 's3://mlpipeline/v2/artifacts/a b?c' },
    { page: 'jobs' },
    { page: 'jobs', clusterId: 'file:/k#lab-b' },
    { page: 'job', clusterId: 'c1', kind: { group: 'kubeflow.org', version: 'v1', resource: 'pytorchjobs' }, namespace: 'team-a', name: 'mnist' },
    { page: 'job-new', clusterId: 'c1' },
    {
      page: 'job-new',
      clusterId: 'c1',
      kind: { group: 'trainer.kubeflow.org', version: 'v1alpha1', resource: 'trainjobs' },
      namespace: 'team-a',
      cloneOf: { kind: { group: 'kubeflow.org', version: 'v1', resource: 'tfjobs' }, namespace: 'team-a', name: 'resnet' },
    },
    { page: 'gpus' },
    { page: 'gpus', clusterId: 'c1' },
    { page: 'katib' },
    { page: 'katib', clusterId: 'file:/k#lab-b' },
    { page: 'experiment', clusterId: 'file:/k#lab-a', namespace: 'team-a', name: 'mnist-grid' },
    { page: 'experiment', clusterId: 'c1', namespace: 'team-a', name: 'mnist-grid', trial: 'mnist-grid-abcd1234' },
    { page: 'experiment-new', clusterId: 'c1' },
    {
      page: 'experiment-new',
      clusterId: 'c1',
      namespace: 'team-a',
      fromJob: { kind: { group: 'kubeflow.org', version: 'v1', resource: 'pytorchjobs' }, namespace: 'team-a', name: 'bert' },
      cloneOf: { namespace: 'team-a', name: 'mnist-grid' },
    },
    { page: 'pipelines' },
    { page: 'pipelines', clusterId: 'file:/k#lab-b' },
    { page: 'pipeline-runs' },
    { page: 'pipeline-runs', clusterId: 'file:/k#lab-b' },
    { page: 'pipeline', clusterId: 'c1', pipelineId: '9cb6b4a3-f35b-4432-8a07-20308dff85b4' },
    { page: 'pipeline-version', clusterId: 'c1', pipelineId: '9cb6b4a3-f35b-4432-8a07-20308dff85b4', versionId: '6e0678c1-c050-4747-85a6-0a4955a05e61' },
    { page: 'builder', clusterId: 'file:/k#lab-a' },
    { page: 'builder', clusterId: 'c1', pipelineId: '9cb6b4a3-f35b-4432-8a07-20308dff85b4', versionId: '6e0678c1-c050-4747-85a6-0a4955a05e61' },
  ];
  it.each(cases)('round-trips %j', (r) => {
    expect(hashToRoute(routeToHash(r))).toEqual(r);
  });

  it('sends unknown hashes home', () => {
    expect(hashToRoute('#/nowhere/at/all')).toEqual({ page: 'home' });
    expect(hashToRoute('')).toEqual({ page: 'home' });
  });
});
