// SPDX-License-Identifier: Apache-2.0
/**
 * Where the cache may live. SQLite's write-ahead log needs shared memory and working locks, which
 * network filesystems do not give ("WAL does not work over a network filesystem", sqlite.org/wal.html),
 * and sync clients (OneDrive, Dropbox, iCloud, Google Drive) copy the file and its -wal separately,
 * which corrupts it. So the cache refuses both.
 */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';

/** Filesystem types (from /proc/mounts) that are network or remote mounts. */
export const networkFsTypes: ReadonlySet<string> = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb',
  'smb2',
  'smb3',
  'smbfs',
  'afs',
  'ncpfs',
  'ceph',
  'davfs',
  'sshfs',
  'fuse.sshfs',
  'fuse.rclone',
  'fuse.s3fs',
  'fuse.gvfsd-fuse',
  'fuse.davfs2',
  'fuse.glusterfs',
  'fuse.onedriver',
  'fuse.google-drive-ocamlfuse',
]);

/** Folder names that sync clients use, tested against each path segment. */
const syncFolders: { service: string; pattern: RegExp }[] = [
  { service: 'OneDrive', pattern: /^onedrive\b/i },
  { service: 'Dropbox', pattern: /^dropbox\b/i },
  { service: 'iCloud Drive', pattern: /^(icloud ?drive|mobile documents|com~apple~clouddocs)$/i },
  { service: 'Google Drive', pattern: /^(google ?drive\b|googledrive\b|my drive$)/i },
];

/** What to look at; defaults to this process. Tests pass their own. */
export interface LocationProbe {
  platform: NodeJS.Platform;
  /** The text of /proc/mounts (Linux), or undefined if unreadable. */
  mounts: () => string | undefined;
  /** The real path of an existing path (symlinks resolved). */
  realpath: (p: string) => string;
}

const defaultProbe: LocationProbe = {
  platform: process.platform,
  mounts: () => {
    try {
      return readFileSync('/proc/mounts', 'utf8');
    } catch {
      return undefined;
    }
  },
  realpath: (p) => realpathSync.native(p),
};

/**
 * Why a path is unsuitable for the cache, or undefined if it is fine.
 * @param file - an absolute path of the cache file (it need not exist yet)
 */
export function unsafeLocationReason(file: string, probe: LocationProbe = defaultProbe): string | undefined {
  const p = probe.platform === 'win32' ? path.win32 : path.posix;
  if (probe.platform === 'win32' && /^[\\/]{2}/.test(file)) return 'it is on a network share (UNC path)';
  const candidates = [file];
  const real = realpathOfNearest(file, probe, p);
  if (real !== undefined && real !== file) candidates.push(real);
  for (const candidate of candidates) {
    const segments = candidate.split(/[\\/]+/);
    for (const { service, pattern } of syncFolders) {
      if (segments.some((s) => pattern.test(s))) return `it is inside a ${service} folder`;
    }
    const macCloud = segments.findIndex((s, i) => s === 'CloudStorage' && segments[i - 1] === 'Library');
    if (probe.platform === 'darwin' && macCloud >= 0) return 'it is inside a cloud-sync folder (~/Library/CloudStorage)';
  }
  if (probe.platform === 'linux') {
    const mounts = probe.mounts();
    const mount = mounts === undefined ? undefined : mountOf(real ?? file, mounts);
    if (mount !== undefined && networkFsTypes.has(mount.type)) return `it is on a network filesystem (${mount.type} mounted at ${mount.point})`;
  }
  return undefined;
}

/**
 * Throws if the cache must not live at `file`.
 * @throws AppError('validation') naming the path and the reason
 */
export function assertLocalCacheLocation(file: string, probe: LocationProbe = defaultProbe): void {
  const reason = unsafeLocationReason(file, probe);
  if (reason !== undefined) {
    throw new AppError(
      'validation',
      `MLDeck cannot keep its offline cache at ${file}: ${reason}. SQLite files there get corrupted. Choose a data directory on a local disk (for example with MLDECK_HOME).`,
    );
  }
}

/** The real path of `file`: its nearest existing ancestor resolved, the rest appended. */
function realpathOfNearest(file: string, probe: LocationProbe, p: typeof path.posix): string | undefined {
  let dir = file;
  const rest: string[] = [];
  for (;;) {
    try {
      return p.join(probe.realpath(dir), ...[...rest].reverse());
    } catch {
      const parent = p.dirname(dir);
      if (parent === dir) return undefined;
      rest.push(p.basename(dir));
      dir = parent;
    }
  }
}

/** Decodes the octal escapes /proc/mounts uses for spaces, tabs, newlines and backslashes. */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** The mount holding `file`: the longest mount point that is `file` or one of its ancestors. */
export function mountOf(file: string, mountsText: string): { point: string; type: string } | undefined {
  let best: { point: string; type: string } | undefined;
  for (const line of mountsText.split('\n')) {
    const fields = line.split(' ');
    const point = fields[1];
    const type = fields[2];
    if (point === undefined || type === undefined) continue;
    const mp = unescapeMount(point);
    const inside = mp === '/' || file === mp || file.startsWith(`${mp}/`);
    if (inside && (best === undefined || mp.length >= best.point.length)) best = { point: mp, type };
  }
  return best;
}
