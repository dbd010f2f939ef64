// SPDX-License-Identifier: Apache-2.0
/** The PVCViewer file server client's pure parts: filebrowser's entries, paths and statuses. */
import { describe, expect, it } from 'vitest';
import { browserLabel } from './browser-pod';
import { viewerManifest } from './pvc-viewer';
import { entriesOf, statusError, urlPath } from './viewer-browser';

describe('viewer browser', () => {
  it("maps filebrowser's items (Go file modes) to entries, folders first", () => {
    const items = [
      { name: 'b.txt', size: 3, modified: '2026-01-02T03:04:05.123456789Z', mode: 0o644, isDir: false },
      { name: 'data', size: 4096, modified: '2026-01-02T03:04:05Z', mode: (0x80000000 | 0o755) >>> 0, isDir: true },
      { name: 'link', size: 1, modified: '2026-01-02T03:04:05Z', mode: (1 << 27) | 0o777, isDir: false, isSymlink: true },
      { name: 'fifo', size: 0, modified: '2026-01-02T03:04:05Z', mode: (1 << 25) | 0o644, isDir: false },
    ];
    expect(entriesOf('runs', items).map((e) => `${e.kind}:${e.path}`)).toEqual([
      'directory:runs/data',
      'file:runs/b.txt',
      'other:runs/fifo',
      'symlink:runs/link',
    ]);
    expect(entriesOf('', items)[1]).toEqual({ name: 'b.txt', path: 'b.txt', kind: 'file', size: 3, modifiedAt: '2026-01-02T03:04:05.123Z' });
  });

  it('encodes each path segment', () => {
    expect(urlPath('')).toBe('');
    expect(urlPath('a b/c#?.txt')).toBe('a%20b/c%23%3F.txt');
  });

  it("says what filebrowser's statuses mean", () => {
    expect(statusError('Reading x', 404, '404 Not Found\n')).toMatchObject({ code: 'not-found', message: 'Reading x: no such file or folder.' });
    expect(statusError('Deleting x', 403, '')).toMatchObject({ code: 'forbidden' });
    expect(statusError('Uploading x', 500, '500 Internal Server Error')).toMatchObject({ code: 'unavailable', retryable: true });
  });

  it("makes the PVCViewer of Kubeflow's volumes web app, read-only and on the planned node when asked", () => {
    const m = viewerManifest('mldeck-volume-1', 'team-a', 'data', { readOnly: true, node: 'node-1', notes: [] }, new Date(0)) as {
      metadata: { labels: Record<string, string> };
      spec: {
        pvc: string;
        podSpec: Record<string, unknown> & { containers: { env: { name: string; value: string }[]; volumeMounts: unknown[] }[] };
        networking: unknown;
      };
    };
    expect(m.metadata.labels[browserLabel]).toBe('true');
    expect(m.spec.pvc).toBe('data');
    expect(m.spec.podSpec.nodeName).toBe('node-1');
    expect(m.spec.podSpec.volumes).toEqual([{ name: 'viewer-volume', persistentVolumeClaim: { claimName: 'data', readOnly: true } }]);
    expect(m.spec.podSpec.containers[0]?.volumeMounts).toEqual([{ name: 'viewer-volume', mountPath: '/srv', readOnly: true }]);
    expect(m.spec.podSpec.containers[0]?.env).toContainEqual({ name: 'FB_BASEURL', value: '/pvcviewers/team-a/mldeck-volume-1/' });
    expect(m.spec.networking).toEqual({ targetPort: 8080, basePrefix: '/pvcviewers', rewrite: '/', timeout: '30s' });
  });
});
