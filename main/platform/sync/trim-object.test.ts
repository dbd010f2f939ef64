// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/kube/object';
import { trimObject } from './trim-object';

describe('trimObject', () => {
  it('drops metadata.managedFields and keeps everything else', () => {
    const o = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'ns', resourceVersion: '7', managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:spec': {} } }] },
      spec: { containers: [{ name: 'main', image: 'busybox' }] },
    } as KubeObject;
    expect(trimObject(o)).toBe(o);
    expect(o).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'ns', resourceVersion: '7' },
      spec: { containers: [{ name: 'main', image: 'busybox' }] },
    });
  });

  it('leaves objects without it, or without metadata, as they are', () => {
    const o = { metadata: { name: 'a' }, spec: { managedFields: 'not metadata' } } as unknown as KubeObject;
    expect(trimObject(o)).toEqual({ metadata: { name: 'a' }, spec: { managedFields: 'not metadata' } });
    const bare = { kind: 'Status' } as unknown as KubeObject;
    expect(trimObject(bare)).toEqual({ kind: 'Status' });
  });
});
