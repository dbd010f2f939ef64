// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/kube/object';
import { usedByText, volumeRows, volumeSlices } from './volumes-model';

const pvc = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'team-a' },
  spec: { storageClassName: 'fast', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } },
  status: { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'] },
  ...extra,
});
const pod = (name: string, claim: string, labels: Record<string, string> = {}, phase = 'Running'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'team-a', labels },
  spec: { nodeName: 'gpu-1', volumes: [{ name: 'v', persistentVolumeClaim: { claimName: claim } }] },
  status: { phase },
});

describe('the volume list', () => {
  it('follows PVCs and pods per cluster, in the narrowed namespace', () => {
    expect(volumeSlices(['a'], () => 'team-a').map((s) => [s.tag, s.req.resource, s.req.namespace])).toEqual([
      ['pvcs', 'persistentvolumeclaims', 'team-a'],
      ['pods', 'pods', 'team-a'],
    ]);
  });

  it('joins each claim with the pods and notebook servers that mount it', () => {
    const rows = volumeRows(
      [
        { clusterId: 'a', tag: 'pvcs', object: pvc('ws') },
        { clusterId: 'a', tag: 'pvcs', object: pvc('free', { status: { phase: 'Pending' } }) },
        { clusterId: 'a', tag: 'pods', object: pod('alice-0', 'ws', { 'notebook-name': 'alice' }) },
        { clusterId: 'a', tag: 'pods', object: pod('job-1', 'ws', {}, 'Succeeded') },
        { clusterId: 'a', tag: 'pods', object: pod('mldeck-volume-1', 'ws', { 'mldeck.dev/volume-browser': 'true' }) },
        { clusterId: 'b', tag: 'pods', object: pod('other', 'ws') },
      ],
      (id) => id.toUpperCase(),
    );
    expect(rows[0]).toMatchObject({
      name: 'ws',
      capacity: '10Gi',
      storageClass: 'fast',
      accessModes: ['RWO'],
      phase: 'Bound',
      notebooks: ['alice'],
      clusterName: 'A',
    });
    expect(rows[0]?.pods).toEqual([{ name: 'alice-0', node: 'gpu-1', phase: 'Running' }]);
    expect(usedByText(rows[0] as never)).toBe('alice-0 (gpu-1)');
    expect(rows[1]).toMatchObject({ name: 'free', capacity: '5Gi', phase: 'Pending', pods: [] });
  });
});
