// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/kube/object';
import { cutManagedFields, decodeWatch, decodeWatchLine } from './watch-decode';

// as kube-apiserver writes them: Go's field order, managedFields last in metadata
const managed = [
  {
    manager: 'kubectl',
    operation: 'Update',
    apiVersion: 'v1',
    time: '2026-12-06T08:00:00Z',
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': { 'f:annotations': { '.': {}, 'f:note': {} } },
      'f:spec': { 'f:containers': { 'k:{"name":"main"}': { '.': {}, 'f:image': {} } } },
    },
  },
  { manager: 'odd ] } [ { " \\ names', operation: 'Apply', fieldsV1: { 'f:x': { 'k:{"a":"]"}': {} } } },
];
const pod = (note: string): KubeObject =>
  ({
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'p', namespace: 'ns', uid: 'u1', resourceVersion: '42', annotations: { note }, managedFields: managed },
    spec: { containers: [{ name: 'main', image: 'busybox' }] },
    status: { phase: 'Running' },
  }) as KubeObject;
const line = (type: string, object: unknown) => JSON.stringify({ type, object });
const trimmed = (o: KubeObject) => {
  const { managedFields: _m, ...metadata } = o.metadata as KubeObject['metadata'] & { managedFields?: unknown };
  return { ...o, metadata };
};

describe('decoding watch lines', () => {
  it('gives the event with the object as sent, less managedFields', () => {
    for (const type of ['ADDED', 'MODIFIED', 'DELETED']) {
      const o = pod('plain');
      const ev = decodeWatchLine(line(type, o));
      expect(ev).toEqual({ type, object: trimmed(o), json: JSON.stringify(trimmed(o)) });
    }
  });

  it('is not fooled by the member’s name, brackets or quotes inside strings', () => {
    const tricky = pod('a ,"managedFields":[ inside a string ] } { \\" and a backslash \\');
    expect(decodeWatchLine(line('MODIFIED', tricky))).toEqual({ type: 'MODIFIED', object: trimmed(tricky), json: JSON.stringify(trimmed(tricky)) });
    const cut = cutManagedFields(JSON.stringify(tricky));
    expect(JSON.parse(cut)).toEqual(trimmed(tricky));
  });

  it('parses lines of another shape whole (and still drops managedFields)', () => {
    const o = pod('x');
    const reordered = JSON.stringify({ object: o, type: 'ADDED' });
    expect(decodeWatchLine(reordered)).toEqual({ type: 'ADDED', object: trimmed(o) });
    const bookmark = { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '77', annotations: { 'k8s.io/initial-events-end': 'true' } } };
    expect(decodeWatchLine(line('BOOKMARK', bookmark))).toEqual({ type: 'BOOKMARK', object: bookmark, json: JSON.stringify(bookmark) });
    const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Expired', code: 410 };
    expect(decodeWatchLine(line('ERROR', status))).toMatchObject({ type: 'ERROR', object: status });
    // managedFields elsewhere than metadata is data, and kept
    const crd = { kind: 'Thing', apiVersion: 'x/v1', spec: { managedFields: [1] }, metadata: { name: 't' } };
    expect(decodeWatchLine(line('ADDED', crd))).toEqual({ type: 'ADDED', object: crd, json: JSON.stringify(crd) });
    // a line of another shape has no text to hand on
    expect(decodeWatchLine(reordered).json).toBeUndefined();
  });

  it('refuses a line that is not JSON, without its text', () => {
    expect(() => decodeWatchLine('{"type":"ADDED","object":{"metadata":{"name":"s","managedFields":[}}')).toThrow(/not valid JSON/);
    expect(() => decodeWatchLine('{"type":"ADDED","object":{secret}}')).toThrow(/^The cluster sent a watch event that is not valid JSON\.$/);
  });
});

describe('decoding a watch stream', () => {
  it('splits lines and characters across chunks, counting bytes', async () => {
    const text = `${line('ADDED', pod('é😀'))}\n${line('MODIFIED', pod('2'))}\n\n${line('DELETED', pod('3'))}`;
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    let counted = 0;
    const events = [];
    for await (const ev of decodeWatch(
      (async function* () {
        yield* chunks;
      })(),
      (n) => (counted += n),
    ))
      events.push(ev);
    expect(counted).toBe(bytes.length);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect((events[0]?.object as KubeObject).metadata.annotations?.['note']).toBe('é😀');
    expect(events.every((e) => !('managedFields' in (e.object as KubeObject).metadata))).toBe(true);
  });
});
