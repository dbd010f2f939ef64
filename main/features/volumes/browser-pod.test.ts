// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { browserPodManifest, planBrowser, startProblem } from './browser-pod';

const nb = {
  name: 'alice-0',
  phase: 'Running',
  node: 'gpu-1',
  notebook: 'alice',
  securityContext: { fsGroup: 100 },
  tolerations: [{ key: 'gpu', operator: 'Exists' }],
};

describe('the volume browser pod', () => {
  it('runs where a ReadWriteOnce claim in use is attached, and says so', () => {
    const p = planBrowser('ws', ['ReadWriteOnce'], 'Bound', [nb], false);
    expect(p).toMatchObject({ readOnly: true, node: 'gpu-1', securityContext: { fsGroup: 100 }, tolerations: nb.tolerations });
    expect(p.notes[0]).toContain('ReadWriteOnce and in use by pod alice-0 (notebook server alice) on node gpu-1');
  });

  it('is placed by the scheduler for a ReadWriteMany claim or one nobody uses', () => {
    expect(planBrowser('ws', ['ReadWriteMany'], 'Bound', [nb], true).node).toBeUndefined();
    expect(planBrowser('ws', ['ReadWriteOnce'], 'Bound', [], true)).toMatchObject({ node: undefined, readOnly: false, notes: [] });
    expect(planBrowser('ws', ['ReadWriteOnce'], 'Pending', [], false).notes[0]).toContain('ws is Pending');
  });

  it('refuses writing a ReadOnlyMany claim and a ReadWriteOncePod claim in use', () => {
    expect(() => planBrowser('ws', ['ReadOnlyMany'], 'Bound', [], true)).toThrow(/only be mounted read-only/);
    expect(() => planBrowser('ws', ['ReadWriteOncePod'], 'Bound', [nb], false)).toThrow(/ReadWriteOncePod and pod alice-0/);
    expect(planBrowser('ws', ['ReadWriteOncePod'], 'Bound', [{ ...nb, phase: 'Succeeded' }], false).readOnly).toBe(true);
  });

  it('mounts the claim read-only unless asked, in a pod that cannot escalate and ends by itself', () => {
    const m = browserPodManifest('b', 'ns', 'ws', planBrowser('ws', ['ReadWriteOnce'], 'Bound', [nb], false), new Date('2026-01-01T00:00:00Z')) as {
      metadata: { labels: Record<string, string>; annotations: Record<string, string> };
      spec: Record<string, unknown> & { containers: { volumeMounts: unknown[]; workingDir: string; securityContext: unknown }[]; volumes: unknown[] };
    };
    expect(m.metadata.labels['mldeck.dev/volume-browser']).toBe('true');
    expect(m.metadata.annotations['mldeck.dev/expires-at']).toBe('2026-01-01T08:00:00.000Z');
    expect(m.spec).toMatchObject({ nodeName: 'gpu-1', activeDeadlineSeconds: 28800, automountServiceAccountToken: false, securityContext: { fsGroup: 100 } });
    expect(m.spec.containers[0]).toMatchObject({ workingDir: '/volume', volumeMounts: [{ mountPath: '/volume', readOnly: true }] });
    expect(m.spec.containers[0]?.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(m.spec.volumes).toEqual([{ name: 'volume', persistentVolumeClaim: { claimName: 'ws', readOnly: true } }]);
  });

  it('explains why the pod did not start, Multi-Attach in words', () => {
    expect(
      startProblem([{ reason: 'FailedAttachVolume', message: 'Multi-Attach error for volume "pv-1" Volume is already used by pod(s) alice-0' }]),
    ).toContain('in use on another node');
    expect(startProblem([{ reason: 'Scheduled', message: 'ok' }])).toBeUndefined();
    expect(startProblem([{ reason: 'FailedScheduling', message: '0/3 nodes are available' }])).toBe('FailedScheduling: 0/3 nodes are available');
  });
});
