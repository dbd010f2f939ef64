// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { isStopped, podProblem, portForwardProblem, portOf, prefixOf } from './server-target';

describe('server target', () => {
  it('takes the first container port, else 8888', () => {
    expect(portOf({})).toBe(8888);
    expect(portOf({ spec: { template: { spec: { containers: [{ name: 'nb', ports: [{ containerPort: 8080 }] }] } } } })).toBe(8080);
    expect(portOf({ spec: { template: { spec: { containers: [{ name: 'nb', ports: [{ containerPort: 0 }] }] } } } })).toBe(8888);
  });

  it('uses NB_PREFIX from the pod, else Kubeflow’s path, always with a trailing slash', () => {
    const ref = { namespace: 'team-a', name: 'nb' };
    expect(prefixOf(ref)).toBe('/notebook/team-a/nb/');
    expect(prefixOf(ref, { spec: { containers: [{ env: [{ name: 'NB_PREFIX', value: '/notebook/team-a/nb' }] }] } })).toBe('/notebook/team-a/nb/');
    expect(prefixOf(ref, { spec: { containers: [{ env: [{ name: 'NB_PREFIX', value: '/custom/' }] }] } })).toBe('/custom/');
  });

  it('reads the stop annotation and the pod phase', () => {
    expect(isStopped({ metadata: { annotations: { 'kubeflow-resource-stopped': '2026-01-01T00:00:00Z' } } })).toBe(true);
    expect(isStopped({ metadata: { annotations: {} } })).toBe(false);
    expect(podProblem('nb-0', { status: { phase: 'Running' } })).toBeUndefined();
    expect(podProblem('nb-0', { status: { phase: 'Pending' } })).toBe('The server is not running yet: its pod nb-0 is Pending.');
    expect(podProblem('nb-0', { metadata: { deletionTimestamp: 'x' }, status: { phase: 'Running' } })).toMatch(/being deleted/);
  });

  it('names the permission a refused port-forward needs', () => {
    const ref = { clusterId: 'c', namespace: 'team-b', name: 'nb' };
    const p = portForwardProblem(new AppError('forbidden', 'pods "nb-0" is forbidden: User "alice" cannot create resource "pods/portforward"'), ref);
    expect(p.retry).toBe(false);
    expect(p.reason).toMatch(/User "alice".*may not create pods\/portforward in team-b/);
    expect(portForwardProblem(new AppError('unavailable', 'reset'), ref)).toEqual({ reason: 'The port-forward to the server failed: reset', retry: true });
  });
});
