// SPDX-License-Identifier: Apache-2.0
/**
 * Finding the binary an exec plugin names, without a shell: an absolute path is checked as is, a
 * bare name is looked up in PATH (absolute PATH entries only, so a writable current directory
 * cannot shadow a real plugin). The result is what approval is granted for and what is spawned.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors';

/** Options for {@link resolveExecCommand}. */
export interface ResolveCommandOptions {
  /** The environment whose PATH (and PATHEXT on Windows) is searched. */
  env: Readonly<Record<string, string | undefined>>;
  /** Path rules to apply. Defaults to `process.platform`. */
  platform?: NodeJS.Platform;
  /** The plugin's install hint, appended when the binary is missing. */
  installHint?: string;
}

function envLookup(env: Readonly<Record<string, string | undefined>>, name: string, win: boolean): string | undefined {
  if (!win) return env[name];
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

async function isExecutableFile(file: string, win: boolean): Promise<boolean> {
  try {
    const st = await stat(file);
    if (!st.isFile()) return false;
    if (!win) await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function notFound(command: string, installHint: string | undefined): AppError {
  const hint = installHint ? `\n${installHint}` : '';
  return new AppError('not-found', `The credential plugin "${command}" was not found.${hint}`, undefined, true);
}

/**
 * Resolves an exec plugin command to the absolute path of an executable file.
 * @param command - the kubeconfig's `exec.command` (already resolved against the kubeconfig's directory)
 * @returns the absolute path
 * @throws AppError `not-found` when missing, `validation` for relative paths and Windows batch files
 */
export async function resolveExecCommand(command: string, opts: ResolveCommandOptions): Promise<string> {
  const platform = opts.platform ?? process.platform;
  const win = platform === 'win32';
  const p = win ? path.win32 : path.posix;
  if (command === '') throw new AppError('validation', 'The credential plugin command is empty.');
  const exts = win ? (envLookup(opts.env, 'PATHEXT', true) ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e !== '') : [];
  const hasExt = exts.some((e) => command.toUpperCase().endsWith(e.toUpperCase()));
  const candidates = (base: string) => (win && !hasExt ? exts.map((e) => base + e.toLowerCase()) : [base]);
  let found: string | undefined;
  if (command.includes('/') || (win && command.includes('\\'))) {
    if (!p.isAbsolute(command)) {
      throw new AppError('validation', `The credential plugin path "${command}" is relative and cannot be resolved.`);
    }
    for (const c of candidates(command)) if (!found && (await isExecutableFile(c, win))) found = c;
  } else {
    const dirs = (envLookup(opts.env, 'PATH', win) ?? '').split(p.delimiter);
    for (const dir of dirs) {
      if (found) break;
      if (dir === '' || !p.isAbsolute(dir)) continue; // never the current directory
      for (const c of candidates(p.join(dir, command))) if (!found && (await isExecutableFile(c, win))) found = c;
    }
  }
  if (!found) throw notFound(command, opts.installHint);
  if (win && /\.(bat|cmd)$/i.test(found)) {
    throw new AppError(
      'validation',
      `The credential plugin "${found}" is a batch file, which only runs through cmd.exe; MLDeck runs plugins without a shell. Point the kubeconfig at an .exe instead.`,
    );
  }
  return p.normalize(found);
}

/**
 * The environment with common plugin install directories appended to PATH (Homebrew, /usr/local,
 * ~/.local/bin, Go, gcloud SDK, krew, snap). Apps started from a desktop launcher do not inherit
 * the login shell's PATH, so `aws`, `kubelogin` or `gke-gcloud-auth-plugin` are otherwise missing.
 * Appended, so the user's own PATH wins; approval still names the exact resolved binary.
 * @param env - the base environment (not modified)
 * @param platform - win32 is returned unchanged (GUI apps get the full PATH there)
 * @param home - the user's home directory
 */
export function withPluginDirs(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): NodeJS.ProcessEnv {
  if (platform === 'win32') return { ...env };
  const p = path.posix;
  const extra = [
    ...(platform === 'darwin' ? ['/opt/homebrew/bin'] : ['/snap/bin']),
    '/usr/local/bin',
    p.join(home, '.local', 'bin'),
    p.join(home, 'bin'),
    p.join(home, 'go', 'bin'),
    p.join(home, 'google-cloud-sdk', 'bin'),
    p.join(home, '.krew', 'bin'),
  ];
  const current = (env['PATH'] ?? '').split(':').filter((d) => d !== '');
  const merged = [...current, ...extra.filter((d) => !current.includes(d))];
  return { ...env, PATH: merged.join(':') };
}
