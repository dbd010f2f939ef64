// SPDX-License-Identifier: Apache-2.0
/** Test-only: starting and killing {@link crash-writer.ts} from tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const writer = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-writer.ts');

/** A running crash writer and the lines it printed. */
export interface CrashChild {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first printed line matching `pattern`. */
  waitFor(pattern: RegExp): Promise<string>;
  /** SIGKILLs the process and resolves once it has exited (its pid is then dead). */
  kill(): Promise<void>;
}

/**
 * Starts `crash-writer.ts` in a new Node process (TypeScript through tsx).
 * @param file - the cache file
 * @param mode - `loop` or `hold-wal`
 */
export function startCrashWriter(file: string, mode: 'loop' | 'hold-wal'): CrashChild {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, file, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.pattern.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  void exited.then(() => {
    for (const w of waiters.splice(0)) w.reject(new Error(`crash writer exited before printing ${String(w.pattern)}: ${stderr}`));
  });
  return {
    child,
    lines,
    waitFor: (pattern) => {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }));
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
