// SPDX-License-Identifier: Apache-2.0
/**
 * The commands a volume browser pod runs (busybox or coreutils: `find`, `stat`, `head`, `tar`,
 * `rm`), each as an argv with the user's paths passed as arguments (never spliced into a
 * shell script), relative to the container's working directory (the volume's mount path), and
 * the parsing of their output.
 */
import { AppError } from '../../../shared/errors';
import type { VolumeEntry } from '../../../shared/features/volumes/volumes.contract';

/** `./<path>` (or `.`): a path that cannot be read as an option. */
export function dotPath(path: string): string {
  return path === '' ? '.' : `./${path}`;
}

/** Lists a folder: one line per entry, `<raw mode hex> <size> <mtime seconds> ./<name>`. */
export function listCommand(path: string): string[] {
  return ['sh', '-c', 'cd -- "$1" && find . -mindepth 1 -maxdepth 1 -exec stat -c "%f %s %Y %n" {} +', 'sh', dotPath(path)];
}

/** A file's first `maxBytes + 1` bytes (one more, to tell whether there is more). */
export function headCommand(path: string, maxBytes: number): string[] {
  return ['head', '-c', String(maxBytes + 1), dotPath(path)];
}

/** A tar stream of one file or folder on stdout. */
export function tarOutCommand(path: string): string[] {
  return ['tar', '-c', '-f', '-', dotPath(path)];
}

/**
 * Unpacks the tar stream of `bytes` bytes on stdin into a folder, owned by the pod's user.
 * `head -c` ends the stream after exactly that many bytes, so tar ends even where the runtime
 * never passes the end of stdin on to the process (KWOK's exec copies stdin into the
 * process without closing it).
 */
export function tarInCommand(folder: string, bytes: number): string[] {
  return ['sh', '-c', 'head -c "$1" | tar -x -o -f - -C "$2"', 'sh', String(bytes), dotPath(folder)];
}

/** Deletes files and folders. */
export function removeCommand(paths: readonly string[]): string[] {
  return ['rm', '-rf', ...paths.map(dotPath)];
}

const S_IFMT = 0o170000;

function kindOf(mode: number): VolumeEntry['kind'] {
  switch (mode & S_IFMT) {
    case 0o040000:
      return 'directory';
    case 0o100000:
      return 'file';
    case 0o120000:
      return 'symlink';
    default:
      return 'other';
  }
}

const line = /^([0-9a-f]+) (\d+) (\d+) \.\/(.*)$/;

/**
 * Parses {@link listCommand}'s output. A name with a newline continues on the next line (it
 * does not start like an entry), and is joined back.
 */
export function parseListing(folder: string, out: string): VolumeEntry[] {
  const entries: VolumeEntry[] = [];
  for (const text of out.split('\n')) {
    const m = line.exec(text);
    if (!m) {
      const last = entries[entries.length - 1];
      if (last && text !== '') {
        last.name += `\n${text}`;
        last.path += `\n${text}`;
      }
      continue;
    }
    const name = m[4] ?? '';
    entries.push({
      name,
      path: folder === '' ? name : `${folder}/${name}`,
      kind: kindOf(parseInt(m[1] ?? '0', 16)),
      size: Number(m[2]),
      modifiedAt: new Date(Number(m[3]) * 1000).toISOString(),
    });
  }
  return entries.sort((a, b) => Number(b.kind === 'directory') - Number(a.kind === 'directory') || a.name.localeCompare(b.name));
}

/** The error a failed command means, from its exit code and stderr. */
export function commandError(what: string, exitCode: number, stderr: string): AppError {
  const detail = stderr.trim().slice(0, 2000) || undefined;
  if (/No such file|can't cd|can't open|not found/i.test(stderr)) return new AppError('not-found', `${what}: no such file or folder.`, detail);
  if (/Read-only file system/i.test(stderr))
    return new AppError('forbidden', `${what}: the volume is mounted read-only. Open it for writing to change files.`, detail);
  if (/Permission denied|Operation not permitted/i.test(stderr))
    return new AppError('forbidden', `${what}: the browser pod's user may not do this (file permissions).`, detail);
  if (/Is a directory/i.test(stderr)) return new AppError('validation', `${what}: it is a folder.`, detail);
  return new AppError('unavailable', `${what} failed (exit code ${exitCode}).`, detail);
}
