// SPDX-License-Identifier: Apache-2.0
/**
 * The ExecCredential plugin runner (client.authentication.k8s.io v1 and v1beta1). Asynchronous,
 * cancellable, time-limited, gated by the approval of the exact invocation (binary, its content,
 * arguments, environment), with credentials cached until they expire or a 401 invalidates them.
 * Concurrent requests for the same credential share one run. Validation follows client-go.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { ExecApprovals } from './exec-approvals';
import { BinaryHasher, describeInvocation, type ExecInvocation } from './exec-invocation';
import { runPluginProcess } from './exec-process';
import { isExecApiVersion, type ExecConfig } from './kubeconfig-model';

export type { ExecApprovals } from './exec-approvals';

/** Default time a plugin may take. Interactive sign-ins (device code) may need a larger value. */
export const DEFAULT_EXEC_TIMEOUT_MS = 60_000;

/** Cluster details handed to plugins that set `provideClusterInfo` (ExecCredential `spec.cluster`). */
export interface ExecClusterInfo {
  server: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
  /** Base64 of the CA bundle, as in kubeconfig. */
  'certificate-authority-data'?: string;
  'proxy-url'?: string;
  'disable-compression'?: boolean;
  /** The cluster's `client.authentication.k8s.io/exec` extension, verbatim (client-go's `Cluster.Config`). */
  config?: unknown;
}

/** The cluster extension whose content client-go hands to plugins as `spec.cluster.config`. */
export const EXEC_CLUSTER_EXTENSION = 'client.authentication.k8s.io/exec';

/** Credentials a plugin returned. */
export interface ExecCredential {
  /** A bearer token. */
  token?: string;
  /** PEM client certificate (with `clientKeyData`). */
  clientCertificateData?: string;
  /** PEM private key (with `clientCertificateData`). */
  clientKeyData?: string;
  /** When the credential expires (ms since epoch); absent = until a 401. */
  expiresAt?: number;
}

/** Progress of a plugin run, for the UI (e.g. a device-code prompt and a Cancel button). */
export type ExecEvent =
  | { type: 'started'; runId: string; command: string }
  | { type: 'stderr'; runId: string; command: string; text: string }
  | { type: 'finished'; runId: string; command: string; ok: boolean };

/** Options for {@link ExecCredentialRunner}. */
export interface ExecRunnerOptions {
  /** The approval gate; an invocation that is not approved never runs. */
  approvals: ExecApprovals;
  /** Receives run progress and stderr text. */
  onEvent?: (event: ExecEvent) => void;
  /** Per-run limit. Default {@link DEFAULT_EXEC_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Clock for expiry (ms). Default `Date.now`. */
  now?: () => number;
  /**
   * Base environment of plugins and of PATH lookup. Default `process.env`. A GUI-launched app on
   * macOS/Linux has a short PATH; pass `withPluginDirs(process.env, …)` to find Homebrew and SDK tools.
   */
  env?: NodeJS.ProcessEnv;
  /** Path rules. Default `process.platform`. */
  platform?: NodeJS.Platform;
}

const OutputSchema = z.object({
  apiVersion: z.string(),
  kind: z.literal('ExecCredential'),
  status: z
    .object({
      token: z.string().optional(),
      clientCertificateData: z.string().optional(),
      clientKeyData: z.string().optional(),
      expirationTimestamp: z.string().optional(),
    })
    .nullish(),
});

/**
 * Parses a plugin's stdout. Error messages never quote the output, which holds secrets.
 * @param stdout - the plugin's output
 * @param apiVersion - the version the kubeconfig asked for; the plugin must answer with it
 * @param command - the binary, for messages
 */
export function parseExecCredential(stdout: string, apiVersion: string, command: string): ExecCredential {
  const bad = (why: string) => new AppError('unauthenticated', `The credential plugin "${command}" ${why}.`, undefined, undefined, 'cluster');
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    throw bad('printed something that is not JSON');
  }
  const parsed = OutputSchema.safeParse(json);
  if (!parsed.success) throw bad('printed JSON that is not an ExecCredential');
  const { apiVersion: got, status } = parsed.data;
  if (got !== apiVersion) throw bad(`answered with apiVersion ${got}, but the kubeconfig asks for ${apiVersion}`);
  if (!status) throw bad('returned no status');
  const cred: ExecCredential = {};
  if (status.token) cred.token = status.token;
  const cert = status.clientCertificateData;
  const key = status.clientKeyData;
  if (Boolean(cert) !== Boolean(key)) throw bad('returned a client certificate without its key, or a key without its certificate');
  if (cert && key) Object.assign(cred, { clientCertificateData: cert, clientKeyData: key });
  if (!cred.token && !cert) throw bad('returned neither a token nor a client certificate');
  if (status.expirationTimestamp) {
    const t = Date.parse(status.expirationTimestamp);
    if (Number.isNaN(t)) throw bad('returned an invalid expirationTimestamp');
    cred.expiresAt = t;
  }
  return cred;
}

/**
 * What client-go refuses in an exec section before running anything, in kubectl's words.
 * @param exec - the kubeconfig's exec section
 * @param userName - the kubeconfig user it belongs to (kubectl names it)
 * @returns the AppError to throw, or undefined when the section is usable
 */
export function execConfigProblem(exec: ExecConfig, userName: string): AppError | undefined {
  if (!isExecApiVersion(exec.apiVersion)) {
    return new AppError('validation', `Exec plugin apiVersion "${exec.apiVersion ?? ''}" is not supported; use client.authentication.k8s.io/v1 or v1beta1.`);
  }
  // clientcmd's validation: v1 has no default for interactiveMode (v1beta1 defaults to IfAvailable)
  if (exec.apiVersion === 'client.authentication.k8s.io/v1' && exec.interactiveMode === undefined) {
    return new AppError(
      'validation',
      `interactiveMode must be specified for ${userName} to use exec authentication plugin`,
      'Add `interactiveMode: Never` (or IfAvailable) to the exec section; kubectl refuses this kubeconfig too.',
    );
  }
  if (exec.interactiveMode === 'Always') {
    // client-go's interactiveFunc: MLDeck never has a terminal on the plugin's standard input
    return new AppError(
      'validation',
      `getting credentials: exec plugin cannot support interactive mode: standard input is not a terminal`,
      `The credential plugin "${exec.command}" of user ${userName} asks for a terminal (interactiveMode: Always), which MLDeck cannot provide.`,
    );
  }
  return undefined;
}

/**
 * The error every automatic path answers with while an exec invocation is not approved.
 * @param invocation - what would run
 */
export function notApprovedError(invocation: ExecInvocation): AppError {
  return new AppError(
    'unauthenticated',
    `This kubeconfig wants to run "${invocation.path}" to sign in. It needs your approval: MLDeck runs a credential plugin only with the exact program, arguments and environment you approved on the Clusters page.`,
    invocation.path,
    undefined,
    'cluster',
  );
}

interface Run {
  promise: Promise<ExecCredential>;
  controller: AbortController;
  waiters: number;
}

/** Runs exec credential plugins for every connection of the app. */
export class ExecCredentialRunner {
  private readonly cache = new Map<string, ExecCredential>();
  private readonly inflight = new Map<string, Run>();
  private readonly runs = new Map<string, AbortController>();
  private readonly now: () => number;
  private readonly hasher = new BinaryHasher();

  /** @param opts - approvals, event sink, limits and test seams */
  constructor(private readonly opts: ExecRunnerOptions) {
    this.now = opts.now ?? Date.now;
  }

  private static key(exec: ExecConfig, cluster: ExecClusterInfo): string {
    return JSON.stringify([exec.command, exec.args, exec.env, exec.apiVersion, exec.provideClusterInfo ? cluster : null]);
  }

  /**
   * The credential for a plugin: cached while unexpired, else from a new (or already running) run.
   * @param exec - the kubeconfig's exec section
   * @param cluster - the cluster, for KUBERNETES_EXEC_INFO
   * @param signal - cancels this caller's wait; the run is killed when no caller waits any more
   * @param userName - the kubeconfig user, for kubectl's validation messages
   * @throws AppError `unauthenticated` (invocation not approved, plugin failed), `validation`, `not-found`, `timeout`, `cancelled`
   */
  async get(exec: ExecConfig, cluster: ExecClusterInfo, signal?: AbortSignal, userName = 'this user'): Promise<ExecCredential> {
    const problem = execConfigProblem(exec, userName);
    if (problem) throw problem;
    if (signal?.aborted) throw new AppError('cancelled', 'Sign-in was cancelled.');
    const key = ExecCredentialRunner.key(exec, cluster);
    const cached = this.cache.get(key);
    if (cached && (cached.expiresAt === undefined || this.now() < cached.expiresAt)) return cached;
    let run = this.inflight.get(key);
    if (!run) {
      const controller = new AbortController();
      const promise = this.run(exec, exec.apiVersion ?? '', cluster, key, controller).finally(() => {
        if (this.inflight.get(key) === run) this.inflight.delete(key);
      });
      run = { promise, controller, waiters: 0 };
      this.inflight.set(key, run);
    }
    return this.wait(run, signal);
  }

  private wait(run: Run, signal: AbortSignal | undefined): Promise<ExecCredential> {
    if (!signal) {
      run.waiters++;
      return run.promise;
    }
    if (signal.aborted) return Promise.reject(new AppError('cancelled', 'Sign-in was cancelled.'));
    run.waiters++;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        run.waiters--;
        if (run.waiters <= 0) run.controller.abort();
        reject(new AppError('cancelled', 'Sign-in was cancelled.'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      run.promise.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }

  private async run(exec: ExecConfig, apiVersion: string, cluster: ExecClusterInfo, key: string, controller: AbortController): Promise<ExecCredential> {
    const baseEnv = this.opts.env ?? process.env;
    const { invocation, approved } = await this.describe(exec);
    if (!approved) throw notApprovedError(invocation);
    const file = invocation.path;
    const info = { apiVersion, kind: 'ExecCredential', spec: { interactive: false, ...(exec.provideClusterInfo ? { cluster } : {}) } };
    const env: NodeJS.ProcessEnv = { ...baseEnv };
    for (const v of exec.env) env[v.name] = v.value;
    env['KUBERNETES_EXEC_INFO'] = JSON.stringify(info);
    const runId = randomUUID();
    this.runs.set(runId, controller);
    this.emit({ type: 'started', runId, command: file });
    let ok = false;
    try {
      // the real file that was hashed is spawned (a symlink swapped since cannot redirect the run),
      // with the resolved path as argv[0] for multi-call binaries
      const res = await runPluginProcess({
        file: invocation.realpath,
        argv0: file,
        args: invocation.args,
        env,
        signal: controller.signal,
        timeoutMs: this.opts.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS,
        onStderr: (text) => this.emit({ type: 'stderr', runId, command: file, text }),
      });
      if (res.code !== 0) {
        const hint = exec.installHint ? `\n${exec.installHint}` : '';
        throw new AppError(
          'unauthenticated',
          `The credential plugin "${file}" failed (exit code ${res.code ?? 'none'}).${hint}`,
          res.stderrTail || undefined,
          true,
          'cluster',
        );
      }
      const cred = parseExecCredential(res.stdout, apiVersion, file);
      if (cred.expiresAt === undefined || this.now() < cred.expiresAt) this.cache.set(key, cred);
      ok = true;
      return cred;
    } finally {
      this.runs.delete(runId);
      this.emit({ type: 'finished', runId, command: file, ok });
    }
  }

  private emit(event: ExecEvent): void {
    try {
      this.opts.onEvent?.(event);
    } catch {
      /* a listener's failure must not break sign-in */
    }
  }

  /**
   * Finds exactly what the plugin would run (PATH lookup without a shell, the real file, its
   * content hash, arguments, environment additions) and asks the approval gate about it, so
   * callers can ask the user, or refuse, before anything is contacted. Runs nothing.
   * @returns the invocation and whether it is approved
   * @throws AppError `not-found` or `validation` when the binary cannot be resolved or read
   */
  async describe(exec: ExecConfig): Promise<{ invocation: ExecInvocation; approved: boolean }> {
    const env = this.opts.env ?? process.env;
    const invocation = await describeInvocation(exec, { env, platform: this.opts.platform, hasher: this.hasher });
    return { invocation, approved: await this.opts.approvals.isApproved(invocation) };
  }

  /**
   * Forgets a cached credential (after a 401). When `failed` is given, a newer credential that
   * replaced it meanwhile is kept, so parallel 401s do not cause a run each.
   */
  invalidate(exec: ExecConfig, cluster: ExecClusterInfo, failed?: ExecCredential): void {
    const key = ExecCredentialRunner.key(exec, cluster);
    if (failed === undefined || this.cache.get(key) === failed) this.cache.delete(key);
  }

  /** Kills one running plugin (the UI's Cancel button). @returns whether the run existed */
  cancel(runId: string): boolean {
    const c = this.runs.get(runId);
    c?.abort();
    return c !== undefined;
  }

  /** Forgets every cached credential (a "clear credentials" action). */
  clear(): void {
    this.cache.clear();
  }
}
