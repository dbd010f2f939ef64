// SPDX-License-Identifier: Apache-2.0
/**
 * Jupyter's contents models in the contract's terms, and the rules around them: listing order,
 * the save's conflict decision (by `last_modified`, to the microsecond), and offline listings
 * from the notebooks kept in the cache.
 */
import { AppError } from '../../../shared/errors';
import type { FileEntry } from '../../../shared/features/notebooks/notebooks.contract';

/** A Jupyter contents model (the fields MLDeck reads). */
export interface JupyterModel {
  name: string;
  path: string;
  type: 'notebook' | 'file' | 'directory';
  last_modified: string;
  size?: number | null;
  mimetype?: string | null;
  format?: string | null;
  content?: unknown;
}

/** A model as a file entry. */
export function entryOf(m: JupyterModel): FileEntry {
  return {
    name: m.name,
    path: m.path,
    type: m.type,
    lastModified: m.last_modified,
    ...(typeof m.size === 'number' ? { size: m.size } : {}),
    ...(m.mimetype ? { mimetype: m.mimetype } : {}),
  };
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Directories first, then by name (natural order, case-insensitive; ties by code point). */
export function sortEntries(entries: FileEntry[]): FileEntry[] {
  return [...entries].sort((a, b) => {
    const d = (a.type === 'directory' ? 0 : 1) - (b.type === 'directory' ? 0 : 1);
    if (d) return d;
    return byName.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  });
}

/** A time as microseconds since the epoch (Jupyter writes microseconds), or undefined if unreadable. */
export function timeMicros(iso: string): number | undefined {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const frac = (/T\d\d:\d\d:\d\d\.(\d+)/.exec(iso)?.[1] ?? '').padEnd(6, '0').slice(0, 6);
  return Math.floor(ms / 1000) * 1_000_000 + Number(frac);
}

/** Whether the server's time differs from the one the editor's copy is based on. */
export function changedSince(expected: string, server: string): boolean {
  if (expected === server) return false;
  const a = timeMicros(expected);
  const b = timeMicros(server);
  return a === undefined || b === undefined || a !== b;
}

/**
 * Whether a save may go ahead.
 * @param server - the file on the server now (undefined: there is none)
 * @param expected - the time the editor's copy is based on (undefined: a new file)
 * @param force - overwrite whatever is there
 * @throws AppError('conflict') with the server's time as detail
 */
export function checkSave(server: { lastModified: string } | undefined, expected: string | undefined, force: boolean): void {
  if (force || !server) return;
  if (expected === undefined) throw new AppError('conflict', 'A file with that name already exists on the server', server.lastModified);
  if (changedSince(expected, server.lastModified))
    throw new AppError('conflict', 'The notebook changed on the server since you opened it', server.lastModified);
}

/** A path joined to a folder ('' is the root). */
export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir.replace(/\/+$/, '')}/${name}`;
}

/** The last segment of a path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * What an offline listing of `dir` shows from the kept notebooks: those directly in it, and the
 * folders on the way to deeper ones.
 */
export function cachedListing(dir: string, kept: readonly { path: string; lastModified: string; size: number }[]): FileEntry[] {
  const prefix = dir === '' ? '' : `${dir}/`;
  const out = new Map<string, FileEntry>();
  for (const k of kept) {
    if (!k.path.startsWith(prefix)) continue;
    const rest = k.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash < 0) out.set(rest, { name: rest, path: k.path, type: 'notebook', lastModified: k.lastModified, size: k.size });
    else {
      const name = rest.slice(0, slash);
      const prev = out.get(name);
      if (!prev || (prev.type === 'directory' && prev.lastModified < k.lastModified))
        out.set(name, { name, path: prefix + name, type: 'directory', lastModified: k.lastModified });
    }
  }
  return sortEntries([...out.values()]);
}
