// SPDX-License-Identifier: Apache-2.0
/**
 * Running one credential-plugin process: no shell, stdin closed, stderr streamed as it arrives,
 * stdout collected (bounded), and the whole process tree killed on cancel or timeout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { AppError } from '../../../shared/errors';

/** Largest stdout accepted from a plugin; an ExecCredential is a few kilobytes. */
const MAX_STDOUT_BYTES = 1024 * 1024;
/** How much of stderr is kept for error details. */
const STDERR_TAIL_CHARS = 4000;
/** Grace between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 2000;

/** Options for {@link runPluginProcess}. */
export interface PluginProcessOptions {
  /** Absolute path of the binary; spawned directly, never through a shell. */
  file: string;
  /** argv[0] as the child sees it (default `file`). */
  argv0?: string;
  /** Arguments, passed verbatim. */
  args: readonly string[];
  /** The complete child environment. */
  env: NodeJS.ProcessEnv;
  /** Kills the process tree and rejects with `cancelled`. */
  signal?: AbortSignal;
  /** Kills the process tree and rejects with `timeout`. */
  timeoutMs: number;
  /** Receives stderr text as it arrives (device-code prompts and the like). */
  onStderr?: (text: string) => void;
}

/** What a finished plugin produced. */
export interface PluginProcessResult {
  /** The exit code (null if killed by a signal). */
  code: number | null;
  /** All of stdout. */
  stdout: string;
  /** The end of stderr, for error details. */
  stderrTail: string;
}

/** Kills a child and everything it started (its process group on POSIX, `taskkill /T` on Windows). */
export function killTree(child: ChildProcess, sig: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    const root = process.env['SystemRoot'] ?? 'C:\\Windows';
    const tk = spawn(path.win32.join(root, 'System32', 'taskkill.exe'), ['/pid', String(pid), '/T', '/F'], {
      shell: false,
      windowsHide: true,
      stdio: 'ignore',
    });
    tk.on('error', () => child.kill(sig));
    return;
  }
  try {
    process.kill(-pid, sig); // the child leads its own process group (spawned detached)
  } catch {
    try {
      child.kill(sig);
    } catch {
      /* already gone */
    }
  }
}

/**
 * Runs a plugin to completion.
 * @returns its exit code and output
 * @throws AppError `cancelled`, `timeout`, `not-found` (spawn ENOENT), `forbidden` (EACCES), `unauthenticated` (too much output)
 */
export function runPluginProcess(opts: PluginProcessOptions): Promise<PluginProcessResult> {
  const name = opts.file;
  if (opts.signal?.aborted) return Promise.reject(new AppError('cancelled', 'Sign-in was cancelled.'));
  return new Promise((resolve, reject) => {
    const child = spawn(opts.file, [...opts.args], {
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: opts.env,
      ...(opts.argv0 !== undefined ? { argv0: opts.argv0 } : {}),
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrTail = '';
    let failure: AppError | undefined;
    let settled = false;
    let exited = false;

    const finish = (result: PluginProcessResult | AppError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (result instanceof AppError) reject(result);
      else resolve(result);
    };
    const stop = (err: AppError) => {
      if (failure || exited) return;
      failure = err;
      killTree(child, 'SIGTERM');
      setTimeout(() => {
        if (!exited) killTree(child, 'SIGKILL');
      }, KILL_GRACE_MS).unref();
    };
    const onAbort = () => stop(new AppError('cancelled', `Sign-in with "${name}" was cancelled.`));
    const timer = setTimeout(() => {
      const secs = Math.round(opts.timeoutMs / 1000);
      stop(new AppError('timeout', `The credential plugin "${name}" did not finish within ${secs} s.`, stderrTail || undefined, true));
    }, opts.timeoutMs);
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout?.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_STDOUT_BYTES) {
        stop(new AppError('unauthenticated', `The credential plugin "${name}" wrote more than 1 MiB to stdout.`, undefined, undefined, 'cluster'));
        return;
      }
      stdout.push(chunk);
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
      try {
        opts.onStderr?.(text);
      } catch {
        /* a listener's failure must not break sign-in */
      }
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') finish(new AppError('not-found', `The credential plugin "${name}" was not found.`));
      else if (e.code === 'EACCES') finish(new AppError('forbidden', `The credential plugin "${name}" is not executable.`));
      else finish(new AppError('unavailable', `The credential plugin "${name}" could not start (${e.code ?? e.message}).`));
    });
    const done = (code: number | null) => {
      if (failure) finish(failure);
      else finish({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderrTail });
    };
    child.on('exit', (code) => {
      exited = true;
      // Sweep anything the plugin left in its group that ignored SIGTERM.
      if (failure) killTree(child, 'SIGKILL');
      // 'close' waits for stdio; a leftover grandchild holding the pipes must not hang us.
      const grace = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        done(code);
      }, 1000);
      child.once('close', () => {
        clearTimeout(grace);
        done(code);
      });
    });
  });
}
