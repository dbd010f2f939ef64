// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the file browser's pure rules: when a folder is listed, when it can be changed, drafts per entry. */
import { describe, expect, it } from 'vitest';
import type { Listing } from '../../../shared/features/notebooks/notebooks.contract';
import { canChangeFiles, draftOf, listingOffline, listingReady } from './file-browser-model';

const live: Listing = { path: '', entries: [], fromCache: false };
const kept: Listing = { path: '', entries: [], fromCache: true, cachedAt: 1 };

describe('file browser model', () => {
  it('lists when connected, and from the kept copies when offline or reconnecting; not before, nor while a token is asked for', () => {
    expect(listingReady('connected')).toBe(true);
    expect(listingReady('offline')).toBe(true);
    expect(listingReady('reconnecting')).toBe(true);
    expect(listingReady('needs-token')).toBe(false);
    expect(listingReady('disconnected')).toBe(false);
    expect(listingReady(undefined)).toBe(false);
  });

  it('allows changes only when connected and showing the server’s listing', () => {
    expect(canChangeFiles('connected', live)).toBe(true);
    expect(canChangeFiles('connected', undefined)).toBe(true);
    expect(canChangeFiles('connected', kept)).toBe(false);
    expect(canChangeFiles('offline', live)).toBe(false);
    expect(listingOffline(kept)).toBe(true);
    expect(listingOffline(undefined)).toBe(false);
  });

  it('finds the draft kept for an entry by its path', () => {
    const server = { clusterId: 'c', namespace: 'n', name: 's' };
    const drafts = [
      { server, path: 'a.ipynb', savedAt: 1 },
      { server, path: 'dir/b.ipynb', savedAt: 2 },
    ];
    expect(draftOf(drafts, 'dir/b.ipynb')?.savedAt).toBe(2);
    expect(draftOf(drafts, 'b.ipynb')).toBeUndefined();
  });
});
