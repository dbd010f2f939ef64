// SPDX-License-Identifier: Apache-2.0
/**
 * The exact invocation of an exec credential plugin, which is what an approval binds: the resolved
 * absolute path, the real file behind it, a sha256 of that file's content, the arguments and the
 * environment additions. A fingerprint over all of them identifies one invocation; a swapped
 * symlink, a rewritten binary, another argument or another variable gives another fingerprint.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { AppError } from '../../../shared/errors';
import type { ExecInvocationView } from '../../../shared/features/clusters/exec-invocation';
import { resolveExecCommand } from './exec-command';
import type { ExecConfig } from './kubeconfig-model';

/** An invocation as main knows it (the same fields the prompt shows). */
export type ExecInvocation = ExecInvocationView;

/** The fields a fingerprint is made of. */
export type InvocationParts = Omit<ExecInvocation, 'fingerprint'>;

/**
 * The fingerprint of an invocation: sha256 over a canonical JSON of every part. Paths compare
 * without case on Windows, as the file system does.
 * @param parts - path, realpath, content hash, args, env
 * @param platform - path rules; default `process.platform`
 */
export function invocationFingerprint(parts: InvocationParts, platform: NodeJS.Platform = process.platform): string {
  const p = (s: string) => (platform === 'win32' ? s.toLowerCase() : s);
  const canonical = JSON.stringify([
    'mldeck-exec-invocation/2',
    p(parts.path),
    p(parts.realpath),
    parts.sha256,
    parts.args,
    parts.env.map((e) => [e.name, e.value]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Largest plugin binary hashed; credential plugins are far smaller (kubectl is ~60 MB). */
const MAX_HASHED_BYTES = 1024 * 1024 * 1024;

interface HashEntry {
  key: string;
  sha256: string;
}

/**
 * Hashes plugin binaries, remembering each file's hash while its identity (device, inode, size,
 * modification and change times in nanoseconds) stays the same, so a list of many exec contexts
 * does not read the same 60 MB binary again and again. Any write to the file changes its ctime.
 */
export class BinaryHasher {
  private readonly known = new Map<string, HashEntry>();

  /**
   * @param file - the real path of a regular file
   * @returns sha256 of its content, hex
   * @throws AppError `not-found` when the file cannot be read
   */
  async sha256(file: string): Promise<string> {
    let st;
    try {
      st = await stat(file, { bigint: true });
    } catch (e) {
      throw new AppError('not-found', `The credential plugin "${file}" cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    if (st.size > BigInt(MAX_HASHED_BYTES)) throw new AppError('validation', `The credential plugin "${file}" is larger than 1 GiB.`);
    const key = [st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].join(':');
    const hit = this.known.get(file);
    if (hit?.key === key) return hit.sha256;
    const sha256 = await hashFile(file);
    // the file may have changed while it was read: remember the hash only for the identity after
    const after = await stat(file, { bigint: true }).catch(() => undefined);
    const keyAfter = after ? [after.dev, after.ino, after.size, after.mtimeNs, after.ctimeNs].join(':') : '';
    if (keyAfter === key) this.known.set(file, { key, sha256 });
    return sha256;
  }
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => h.update(chunk))
      .on('error', (e: NodeJS.ErrnoException) => reject(new AppError('not-found', `The credential plugin "${file}" cannot be read (${e.code ?? e.message}).`)))
      .on('end', () => resolve(h.digest('hex')));
  });
}

/** Options for {@link describeInvocation}. */
export interface DescribeOptions {
  /** The environment whose PATH is searched. */
  env: Readonly<Record<string, string | undefined>>;
  /** Path rules. Default `process.platform`. */
  platform?: NodeJS.Platform | undefined;
  /** Hashes the binary (shared, so its memory of unchanged files is kept). */
  hasher: BinaryHasher;
}

/**
 * Finds exactly what an exec section would run, without running anything.
 * @param exec - the kubeconfig's exec section
 * @returns the invocation with its fingerprint
 * @throws AppError `not-found` or `validation` when the binary cannot be resolved or read
 */
export async function describeInvocation(exec: ExecConfig, opts: DescribeOptions): Promise<ExecInvocation> {
  const file = await resolveExecCommand(exec.command, { env: opts.env, platform: opts.platform, installHint: exec.installHint });
  let real: string;
  try {
    real = await realpath(file);
  } catch (e) {
    throw new AppError('not-found', `The credential plugin "${file}" cannot be resolved (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  const parts: InvocationParts = {
    path: file,
    realpath: real,
    sha256: await opts.hasher.sha256(real),
    args: [...exec.args],
    env: exec.env.map((e) => ({ name: e.name, value: e.value })),
  };
  return { fingerprint: invocationFingerprint(parts, opts.platform ?? process.platform), ...parts };
}
