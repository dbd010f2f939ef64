// SPDX-License-Identifier: Apache-2.0
/**
 * Where the lab keeps things. Runtime state (data directories, PKI, kubeconfigs, pids, logs)
 * lives in one git-ignored directory; built binaries and virtual environments live under
 * ~/.cache so fresh clones (as CI makes) reuse them.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this file). */
export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** The lab's runtime state directory: `MLDECK_LAB_DIR` or `<repo>/.lab`. */
export const stateDir = resolve(process.env.MLDECK_LAB_DIR ?? join(repoRoot, '.lab'));

/** Build caches and binaries: `MLDECK_LAB_CACHE` or `~/.cache/mldeck-lab`. */
export const cacheDir = resolve(process.env.MLDECK_LAB_CACHE ?? join(homedir(), '.cache', 'mldeck-lab'));

/** Built Go binaries (see build/build-go.sh). */
export const binDir = join(cacheDir, 'bin');

/** Python virtual environments. */
export const venvDir = join(cacheDir, 'venv');

/** Pid files, one per started process. */
export const pidDir = join(stateDir, 'pids');

/** Process logs, one per started process. */
export const logDir = join(stateDir, 'logs');

/** The kubeconfig written by `up` with every lab context. */
export const kubeconfigPath = join(stateDir, 'kubeconfig');

/** A JSON file describing every endpoint of the running lab (see lab-info.ts). */
export const labInfoPath = join(stateDir, 'lab.json');

/** Path of a binary built by build-go.sh. */
export function bin(name: string): string {
  return join(binDir, name);
}
