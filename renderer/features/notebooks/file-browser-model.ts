// SPDX-License-Identifier: Apache-2.0
/**
 * Pure rules of the file browser: when a folder can be listed, when it can be changed, the
 * draft kept for an entry, and the names a new entry starts with.
 */
import type { ConnectionState, DraftSummary, Listing } from '../../../shared/features/notebooks/notebooks.contract';

/** The connection is usable for listing (live, or offline/reconnecting with the kept copies). */
export function listingReady(state: ConnectionState | undefined): boolean {
  return state === 'connected' || state === 'offline' || state === 'reconnecting';
}

/** The listing is MLDeck's kept copy (the server could not be reached). */
export function listingOffline(listing: Listing | undefined): boolean {
  return listing?.fromCache === true;
}

/** Entries can be created, renamed, deleted and uploaded: connected, and not showing the kept copy. */
export function canChangeFiles(state: ConnectionState | undefined, listing: Listing | undefined): boolean {
  return state === 'connected' && !listingOffline(listing);
}

/** The draft kept for the file at `path`, if any. */
export function draftOf(drafts: readonly DraftSummary[], path: string): DraftSummary | undefined {
  return drafts.find((d) => d.path === path);
}

/** The dialog title for a new entry. */
export const newTitles = { notebook: 'New notebook', file: 'New file', directory: 'New folder' } as const;
/** The name a new entry starts with. */
export const newNames = { notebook: 'Untitled.ipynb', file: 'untitled.txt', directory: 'new-folder' } as const;
