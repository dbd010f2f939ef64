// SPDX-License-Identifier: Apache-2.0
/**
 * Upstream Go modules read at lab start (CRDs, KWOK stages). They are downloaded into the
 * lab's module cache with `go mod download`; nothing of them is committed.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { cacheDir } from './paths.ts';

/** The environment for every go command the lab runs. */
export function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOMODCACHE: process.env.GOMODCACHE ?? join(cacheDir, 'gomod'),
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-mod=mod',
  };
}

const dirs = new Map<string, string>();

/**
 * Downloads (if needed) a module and returns its directory in the module cache.
 * @param version - a tag or a commit prefix
 */
export function goModuleDir(module: string, version: string): string {
  const key = `${module}@${version}`;
  const known = dirs.get(key);
  if (known) return known;
  let out: string;
  try {
    out = execFileSync('go', ['mod', 'download', '-json', key], { env: goEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: cacheDir });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`go mod download ${key} failed: ${err.stdout ?? ''}${err.stderr ?? ''}`, { cause: e });
  }
  const info = JSON.parse(out) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new Error(`go mod download ${key}: ${info.Error ?? 'no directory'}`);
  dirs.set(key, info.Dir);
  return info.Dir;
}
