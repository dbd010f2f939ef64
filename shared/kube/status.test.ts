// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { KubeObject } from './object';
import { jobStatus, nodeStatus, objectStatus, podStatus } from './status';

const obj = (status: unknown, extra: Partial<KubeObject> = {}): KubeObject => ({ metadata: { name: 'x' }, status, ...extra });

describe('podStatus', () => {
  it('reports the phase', () => {
    expect(podStatus(obj({ phase: 'Running' }))).toMatchObject({ text: 'Running', tone: 'ok' });
  });
  it('reports why a container waits', () => {
    expect(
      podStatus(obj({ phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff', message: 'not found' } } }] })),
    ).toMatchObject({
      text: 'ImagePullBackOff',
      tone: 'error',
      reason: 'not found',
    });
  });
  it('gives the scheduler reason for an unschedulable pod', () => {
    const s = podStatus(
      obj({
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/7 nodes are available: 7 Insufficient nvidia.com/gpu.' }],
      }),
    );
    expect(s).toMatchObject({ text: 'Pending', tone: 'warn' });
    expect(s.reason).toContain('Insufficient nvidia.com/gpu');
  });
  it('says Terminating for a pod being deleted', () => {
    expect(podStatus(obj({ phase: 'Running' }, { metadata: { name: 'x', deletionTimestamp: '2026-01-01T00:00:00Z' } })).text).toBe('Terminating');
  });
  it('reports a failed container', () => {
    expect(podStatus(obj({ phase: 'Failed', containerStatuses: [{ state: { terminated: { reason: 'Error', exitCode: 1 } } }] }))).toMatchObject({
      text: 'Error',
      tone: 'error',
    });
  });
});

describe('jobStatus', () => {
  it('picks conditions by type, not order', () => {
    const conds = [
      { type: 'Succeeded', status: 'True', message: 'PyTorchJob mnist is successfully completed.' },
      { type: 'Created', status: 'True' },
      { type: 'Running', status: 'False' },
    ];
    expect(jobStatus(obj({ conditions: conds }))).toMatchObject({ text: 'Succeeded' });
  });
  it('prefers Failed over a stale Running', () => {
    expect(
      jobStatus(
        obj({
          conditions: [
            { type: 'Running', status: 'True' },
            { type: 'Failed', status: 'True', message: 'boom' },
          ],
        }),
      ),
    ).toMatchObject({ text: 'Failed', tone: 'error', reason: 'boom' });
  });
  it('calls a job without conditions Pending', () => {
    expect(jobStatus(obj(undefined)).text).toBe('Pending');
  });
});

describe('nodeStatus and objectStatus', () => {
  it('reads node readiness and cordons', () => {
    expect(nodeStatus(obj({ conditions: [{ type: 'Ready', status: 'True' }] })).text).toBe('Ready');
    expect(nodeStatus(obj({ conditions: [{ type: 'Ready', status: 'True' }] }, { spec: { unschedulable: true } })).text).toBe('Ready,SchedulingDisabled');
    expect(nodeStatus(obj({ conditions: [{ type: 'Ready', status: 'Unknown' }] })).text).toBe('NotReady');
  });
  it('routes by kind', () => {
    expect(objectStatus('PyTorchJob', obj({ conditions: [{ type: 'Running', status: 'True' }] })).text).toBe('Running');
    expect(objectStatus('Namespace', obj({ phase: 'Active' })).text).toBe('Active');
    expect(objectStatus('InferenceService', obj({ conditions: [{ type: 'Ready', status: 'False', message: 'no revision' }] }))).toMatchObject({
      text: 'NotReady',
      reason: 'no revision',
    });
  });
});
