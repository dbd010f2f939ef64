// SPDX-License-Identifier: Apache-2.0
/**
 * Pure rules of the notebook page: the requests it sends (draft, save, kernel start), the words
 * of its save-state line, the kernel state the toolbar shows, and how a failed save is told.
 */
import { AppError } from '../../../shared/errors';
import type { KernelHandle, KernelStatus, NotebookDraft, ServerRef } from '../../../shared/features/notebooks/notebooks.contract';
import type { NotebookDoc } from '../../../shared/notebook/nbformat';
import type { DraftState } from './draft-saver';

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString();
}

/** The save-state line: saved, unsaved, and where the local draft stands. */
export function draftText(s: DraftState, dirty: boolean): string {
  switch (s.kind) {
    case 'clean':
      return dirty ? 'Unsaved changes' : 'All changes saved';
    case 'pending':
    case 'writing':
      return 'Unsaved changes · keeping a draft…';
    case 'kept':
      return `Unsaved changes · draft kept ${time(s.at)}`;
    case 'failed':
      return 'Unsaved changes · the draft could not be kept';
  }
}

/** The draft request: based on the server's last_modified the content started from, when known. */
export function draftRequest(server: ServerRef, path: string, content: NotebookDoc, base: string | undefined) {
  return base ? { server, path, content, baseLastModified: base } : { server, path, content };
}

/** The save request: with the conflict check against `base` when known, forced when the user chose to overwrite. */
export function saveRequest(server: ServerRef, path: string, content: NotebookDoc, base: string | undefined, force: boolean) {
  return { server, path, content, ...(base ? { expectedLastModified: base } : {}), ...(force ? { force: true } : {}) };
}

/** The kernel start request: the notebook's kernelspec name when it has one, else the server's default. */
export function kernelStartRequest(server: ServerRef, path: string, metadata: Readonly<Record<string, unknown>> | undefined) {
  const spec = (metadata?.kernelspec as { name?: unknown } | undefined)?.name;
  return typeof spec === 'string' && spec ? { server, path, kernelName: spec } : { server, path };
}

/** The kernel state the toolbar shows: its status once started, dead when it could not start, else starting. */
export function shownKernelStatus(kernel: KernelHandle | undefined, status: KernelStatus, error: AppError | undefined): KernelStatus {
  return kernel ? status : error ? 'dead' : 'starting';
}

/** A failed save as told to the user: unreachable servers get the note that the draft is kept. */
export function saveFailure(e: unknown): unknown {
  return e instanceof AppError && (e.code === 'unavailable' || e.code === 'timeout')
    ? new AppError(e.code, e.message, 'Your changes are kept as a draft on this computer and offered when the server is back.')
    : e;
}

/** The base a restored draft is saved against: the one it was kept with, else the opened file's. */
export function restoredBase(draft: NotebookDraft, openedLastModified: string | undefined): string | undefined {
  return draft.baseLastModified ?? openedLastModified;
}
