// SPDX-License-Identifier: Apache-2.0
/** Path arithmetic for a notebook server's contents (relative paths, '/' separated, '' is the root). */

/** The folder of a path ('' at the root). */
export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** The last segment of a path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins a folder and a name. */
export function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** The breadcrumb of a folder: [{ name, path }] from the root. */
export function crumbs(path: string): { name: string; path: string }[] {
  const out: { name: string; path: string }[] = [];
  let at = '';
  for (const seg of path.split('/').filter(Boolean)) {
    at = joinPath(at, seg);
    out.push({ name: seg, path: at });
  }
  return out;
}

/**
 * Checks a name typed by the user for a new or renamed entry.
 * @returns the problem in words, or undefined when the name is fine
 */
export function nameProblem(name: string): string | undefined {
  if (!name.trim()) return 'Give a name.';
  if (name.includes('/')) return 'A name cannot contain "/".';
  if (name === '.' || name === '..') return 'That name is reserved.';
  if (name.length > 255) return 'At most 255 characters.';
  return undefined;
}

/** A name for a copy made when a save conflicts: `train.ipynb` → `train-conflict-20261128-1912.ipynb`. */
export function conflictCopyPath(path: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 13);
  const dot = path.lastIndexOf('.');
  const slash = path.lastIndexOf('/');
  return dot > slash ? `${path.slice(0, dot)}-conflict-${stamp}${path.slice(dot)}` : `${path}-conflict-${stamp}`;
}

/** Base64 of bytes (chunked, so large files do not overflow the call stack). */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Bytes of base64. */
export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
