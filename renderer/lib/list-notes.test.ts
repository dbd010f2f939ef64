// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { emptyListText, joinedNoteWords, listNotes, notServingNotes, problemNote, sliceProblems, type ListNoteWords, type SliceProblem } from './list-notes';

const req = (clusterId: string, resource = 'x') => ({ clusterId, group: 'g', version: 'v1', resource });
const st = (freshness: 'live' | 'syncing' | 'offline' | 'reconnecting' | 'forbidden', reason?: string, at?: number) => ({
  freshness,
  reason,
  lastSyncedAt: at,
  snapshot: undefined,
});
const names = (id: string) => (id === 'a' ? 'lab-a' : id);
const when = (ms: number) => new Date(ms).toLocaleString();

const words: ListNoteWords = {
  listed: (p) => p.what.join(', '),
  shown: (p) => `${p.what.length} kinds shown`,
  listing: 'jobs',
  discovery: 'which training kinds it serves',
};
const problem = (p: Partial<SliceProblem>): SliceProblem => ({
  clusterId: 'a',
  clusterName: 'lab-a',
  freshness: 'offline',
  what: ['PyTorchJob', 'TFJob'],
  reason: '',
  lastSyncedAt: undefined,
  ...p,
});

describe('sliceProblems', () => {
  it('groups slices that are not live by cluster and freshness, keeping the oldest sync; live and syncing ones are fine', () => {
    const p = sliceProblems(
      [
        { req: req('a'), tag: 'one', status: st('offline', 'refused', 5), error: undefined },
        { req: req('b'), tag: 'one', status: st('live'), error: undefined },
        { req: req('b'), tag: 'two', status: st('syncing'), error: undefined },
        { req: req('a'), tag: 'two', status: st('offline', 'refused again', 3), error: undefined },
        { req: req('c'), tag: 'one', status: st('forbidden', 'alice cannot list'), error: undefined },
        { req: req('d'), tag: 'one', status: st('offline', 'ignored', 1), error: { message: 'boom' } },
        { req: req('s'), tag: 'two', status: { ...st('offline', 'read-only', 9), snapshot: { file: 'f', takenAt: 7 } }, error: undefined },
        { req: req('u'), tag: 'one', status: undefined, error: undefined },
      ],
      names,
      (tag) => tag.toUpperCase(),
    );
    expect(p).toEqual([
      { clusterId: 'a', clusterName: 'lab-a', freshness: 'offline', what: ['ONE', 'TWO'], reason: 'refused', lastSyncedAt: 3 },
      { clusterId: 'c', clusterName: 'c', freshness: 'forbidden', what: ['ONE'], reason: 'alice cannot list', lastSyncedAt: undefined },
      { clusterId: 'd', clusterName: 'd', freshness: 'error', what: ['ONE'], reason: 'boom', lastSyncedAt: 1 },
      { clusterId: 's', clusterName: 's', freshness: 'snapshot', what: ['TWO'], reason: 'read-only', lastSyncedAt: 7 },
    ]);
  });
});

describe('problemNote', () => {
  it('words each freshness, with the reason muted after the sentence', () => {
    expect(problemNote(problem({ freshness: 'forbidden', reason: 'alice cannot list pytorchjobs' }), words)).toEqual({
      key: 'a|forbidden',
      tone: 'forbidden',
      role: 'alert',
      freshness: 'forbidden',
      cluster: 'lab-a',
      text: '— not allowed to list PyTorchJob, TFJob.',
      detail: 'alice cannot list pytorchjobs',
    });
    const error = problemNote(problem({ freshness: 'error', reason: 'boom' }), words);
    expect([error.tone, error.role, error.text, error.detail]).toEqual(['error', 'alert', '— could not list PyTorchJob, TFJob.', 'boom']);
    const offline = problemNote(problem({ freshness: 'offline', reason: 'connection refused', lastSyncedAt: 5000 }), words);
    expect([offline.tone, offline.role, offline.text, offline.detail]).toEqual([
      'stale',
      'status',
      `— offline: 2 kinds shown as MLDeck saw them at ${when(5000)}.`,
      'connection refused',
    ]);
    const never = problemNote(problem({ freshness: 'reconnecting' }), words);
    expect([never.text, never.detail]).toEqual([
      '— reconnecting: MLDeck has never read PyTorchJob, TFJob from this cluster, so they are not known.',
      undefined,
    ]);
    const snapshot = problemNote(problem({ freshness: 'snapshot', reason: 'read-only snapshot', lastSyncedAt: 7000 }), words);
    expect([snapshot.tone, snapshot.role, snapshot.text, snapshot.detail]).toEqual([
      'snapshot',
      'status',
      `— a snapshot taken ${when(7000)}, read-only.`,
      undefined,
    ]);
  });

  it('says the reason inline when the page words it so', () => {
    const inline: ListNoteWords = { ...words, listed: () => 'InferenceServices', reasonInline: true };
    const forbidden = problemNote(problem({ freshness: 'forbidden', reason: 'alice cannot list' }), inline);
    expect([forbidden.text, forbidden.detail]).toEqual(['— not allowed to list InferenceServices. alice cannot list', undefined]);
    expect(problemNote(problem({ freshness: 'forbidden' }), inline).text).toBe('— not allowed to list InferenceServices.');
    expect(problemNote(problem({ freshness: 'error', reason: 'boom' }), inline).text).toBe('— could not list InferenceServices: boom');
  });
});

describe('listNotes', () => {
  it('puts slice problems first, then narrowed clusters, the page’s notes, discovery errors and broken clusters', () => {
    const notes = listNotes(
      {
        problems: [problem({ freshness: 'forbidden' })],
        narrowed: [{ id: 'b', displayName: 'lab-b', namespace: 'team-a' }],
        notes: [{ key: 'mine', tone: 'info', role: 'status', text: 'a note of the page' }],
        discoveryErrors: [{ id: 'c', name: 'lab-c', message: 'no route to host' }],
        broken: [{ id: 'd', displayName: 'lab-d', problems: ['no user', 'no server'] }],
      },
      words,
    );
    expect(notes.map((n) => [n.key, n.tone, n.role, n.cluster, n.text])).toEqual([
      ['a|forbidden', 'forbidden', 'alert', 'lab-a', '— not allowed to list PyTorchJob, TFJob.'],
      ['narrowed|b', 'info', 'status', 'lab-b', '— listing jobs across namespaces is not allowed; showing namespace team-a.'],
      ['mine', 'info', 'status', undefined, 'a note of the page'],
      ['discovery|c', 'error', 'alert', 'lab-c', '— could not learn which training kinds it serves: no route to host'],
      ['broken|d', 'error', 'alert', 'lab-d', '— cannot connect: no user; no server'],
    ]);
    expect(listNotes({ problems: [], narrowed: [], discoveryErrors: [] }, words)).toEqual([]);
  });
});

describe('emptyListText', () => {
  const p = (clusterName: string, freshness: SliceProblem['freshness'], lastSyncedAt?: number): SliceProblem => ({
    clusterId: clusterName,
    clusterName,
    freshness,
    what: ['pods'],
    reason: '',
    lastSyncedAt,
  });
  it('says "none" only of what was read, and "not known" of clusters never read', () => {
    const text = (problems: SliceProblem[], clusters: number, discoveryErrors: { id: string; name: string; message: string }[] = []) =>
      emptyListText({ problems, discoveryErrors }, clusters, 'No jobs here.');
    expect(text([], 1)).toBe('No jobs here.');
    expect(text([p('lab-a', 'offline', 5)], 1)).toBe('No jobs here.');
    expect(text([p('lab-a', 'forbidden')], 1)).toBe('No jobs here.');
    expect(text([p('dead', 'reconnecting'), p('dead', 'error')], 1)).toBe('Not known: MLDeck has never read this from dead.');
    expect(text([p('dead', 'offline')], 2)).toBe('No jobs here. Not known for dead: never read.');
    expect(text([], 1, [{ id: 'd', name: 'dead', message: 'connect ECONNREFUSED' }])).toBe('Not known: MLDeck has never read this from dead.');
  });
});

describe('shared note words', () => {
  it('joins the slices a problem names, and words a cluster that does not serve the kind', () => {
    const w = joinedNoteWords('volumes', 'its kinds');
    const p = problem({ what: ['volumes', 'pods'] });
    expect([w.listed(p), w.shown(p), w.listing, w.discovery]).toEqual(['volumes and pods', 'volumes and pods shown', 'volumes', 'its kinds']);
    expect(notServingNotes([{ id: 'b', displayName: 'lab-b' }], 'Kubeflow Notebooks (kubeflow.org/v1)')).toEqual([
      { key: 'not-serving|b', tone: 'info', role: 'status', cluster: 'lab-b', text: '— does not serve Kubeflow Notebooks (kubeflow.org/v1).' },
    ]);
  });
});
