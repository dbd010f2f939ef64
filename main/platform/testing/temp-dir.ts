// SPDX-License-Identifier: Apache-2.0
/** Test-only: temporary directories and files, removed when the current test finishes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

/** A fresh temporary directory, removed when the current test finishes. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The path of `name` (not made) in a fresh temporary directory, removed when the current test finishes. */
export function tempFile(prefix: string, name: string): string {
  return path.join(tempDir(prefix), name);
}
