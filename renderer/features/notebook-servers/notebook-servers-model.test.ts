// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/kube/object';
import { listNotes } from '../../lib/list-notes';
import {
  filterServers,
  notServingNotes,
  requestLimit,
  serverConditions,
  serverNamespaces,
  serverNoteWords,
  serverRows,
  serverSliceProblems,
  serverSlices,
  shortImage,
} from './notebook-servers-model';

const nb = (name: string, namespace: string, annotations: Record<string, string> = {}, ready = 0): KubeObject =>
  ({
    metadata: { name, namespace, creationTimestamp: '2026-01-01T00:00:00Z', annotations },
    spec: { template: { spec: { containers: [{ name, image: 'kubeflownotebookswg/jupyter-scipy:v1.9.0' }] } } },
    status: { readyReplicas: ready },
  }) as KubeObject;
const pod = (name: string, namespace: string, owner: string, state: unknown): KubeObject =>
  ({ metadata: { name, namespace, labels: { 'notebook-name': owner } }, status: { containerStatuses: [{ name: owner, state }] } }) as KubeObject;

describe('the notebook-server list model', () => {
  it('follows Notebooks and pods per cluster, narrowed where asked', () => {
    expect(serverSlices(['a', 'b'], (id) => (id === 'b' ? 'team-a' : undefined))).toEqual([
      { req: { clusterId: 'a', group: 'kubeflow.org', version: 'v1', resource: 'notebooks' }, tag: 'notebooks' },
      { req: { clusterId: 'a', group: '', version: 'v1', resource: 'pods' }, tag: 'pods' },
      { req: { clusterId: 'b', group: 'kubeflow.org', version: 'v1', resource: 'notebooks', namespace: 'team-a' }, tag: 'notebooks' },
      { req: { clusterId: 'b', group: '', version: 'v1', resource: 'pods', namespace: 'team-a' }, tag: 'pods' },
    ]);
  });

  it('joins each Notebook with its own pod (same cluster and namespace) and filters by status and namespace', () => {
    const now = Date.parse('2026-01-02T00:00:00Z');
    const rows = serverRows(
      [
        { clusterId: 'a', tag: 'notebooks', object: nb('web', 'ns1') },
        { clusterId: 'a', tag: 'notebooks', object: nb('old', 'ns2', { 'kubeflow-resource-stopped': '2026-01-01T01:00:00Z' }) },
        { clusterId: 'b', tag: 'notebooks', object: nb('web', 'ns1', {}, 1) },
        { clusterId: 'a', tag: 'pods', object: pod('web-0', 'ns1', 'web', { waiting: { reason: 'ContainerCreating' } }) },
        { clusterId: 'a', tag: 'pods', object: pod('web-0', 'ns2', 'web', { waiting: { reason: 'ErrImagePull' } }) },
      ],
      (id) => `cluster ${id}`,
      now,
    );
    expect(rows.map((r) => [r.key, r.clusterName, r.summary.status, r.summary.reason])).toEqual([
      ['a|ns1/web', 'cluster a', 'waiting', 'ContainerCreating'],
      ['a|ns2/old', 'cluster a', 'stopped', 'Stopped'],
      ['b|ns1/web', 'cluster b', 'ready', 'Running'],
    ]);
    expect(filterServers(rows, { status: 'stopped', namespace: '' }).map((r) => r.key)).toEqual(['a|ns2/old']);
    expect(filterServers(rows, { status: '', namespace: 'ns1' }).map((r) => r.key)).toEqual(['a|ns1/web', 'b|ns1/web']);
    expect(serverNamespaces(rows)).toEqual(['ns1', 'ns2']);
  });

  it('names slices that are not live, per cluster', () => {
    const problems = serverSliceProblems(
      [
        {
          req: { clusterId: 'a', group: 'kubeflow.org', version: 'v1', resource: 'notebooks' },
          tag: 'notebooks',
          status: { freshness: 'offline', lastSyncedAt: 5 } as never,
          error: undefined,
        },
        {
          req: { clusterId: 'a', group: '', version: 'v1', resource: 'pods' },
          tag: 'pods',
          status: { freshness: 'offline', lastSyncedAt: 3 } as never,
          error: undefined,
        },
        { req: { clusterId: 'b', group: '', version: 'v1', resource: 'pods' }, tag: 'pods', status: { freshness: 'live' } as never, error: undefined },
      ],
      (id) => id,
    );
    expect(problems).toEqual([{ clusterId: 'a', clusterName: 'a', freshness: 'offline', what: ['notebook servers', 'pods'], reason: '', lastSyncedAt: 3 }]);
    const notes = listNotes(
      {
        problems: [{ ...problems[0]!, freshness: 'forbidden', reason: 'alice cannot list notebooks' }],
        narrowed: [],
        notes: notServingNotes([{ id: 'b', displayName: 'lab-b' }]),
        discoveryErrors: [{ id: 'c', name: 'lab-c', message: 'timeout' }],
      },
      serverNoteWords,
    );
    expect(notes.map((n) => [n.cluster, n.text, n.detail])).toEqual([
      ['a', '— not allowed to list notebook servers and pods.', 'alice cannot list notebooks'],
      ['lab-b', '— does not serve Kubeflow Notebooks (kubeflow.org/v1).', undefined],
      ['lab-c', '— could not learn whether it serves Notebooks: timeout', undefined],
    ]);
  });

  it('words requests, limits and images', () => {
    expect(requestLimit({ request: '1', limit: '1.2' })).toBe('1 / 1.2');
    expect(requestLimit({ request: '4Gi', limit: '4Gi' })).toBe('4Gi');
    expect(requestLimit({ request: undefined, limit: undefined })).toBe('');
    expect(shortImage('kubeflownotebookswg/jupyter-scipy:v1.9.0')).toBe('jupyter-scipy:v1.9.0');
  });

  it('reads the pod’s conditions, else the Notebook’s, with the time each last changed', () => {
    const pod = {
      metadata: { name: 'web-0' },
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: 't1' }] },
    };
    const nb = { metadata: { name: 'web' }, status: { conditions: [{ type: 'Running', status: 'True' }] } };
    expect(serverConditions(pod, nb)).toEqual([{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', at: 't1' }]);
    expect(serverConditions(undefined, nb)).toEqual([{ type: 'Running', status: 'True' }]);
    expect(serverConditions(undefined, { metadata: { name: 'web' } })).toEqual([]);
  });
});
