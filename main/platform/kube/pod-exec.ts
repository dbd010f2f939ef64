// SPDX-License-Identifier: Apache-2.0
/**
 * Runs a command in a pod's container over the API server's exec WebSocket
 * (`/api/v1/namespaces/<ns>/pods/<pod>/exec`), subprotocol `v5.channel.k8s.io`: each binary
 * message starts with its channel (0 stdin, 1 stdout, 2 stderr, 3 the final Status as JSON),
 * and v5 adds the close signal (`[255, channel]`), so stdin can be ended (EOF for `tar -x`)
 * while stdout is still read. API servers from 1.30 translate this WebSocket into SPDY for the
 * kubelet, so every kubelet (and KWOK's) serves it.
 *
 * Stdout goes to a writable with backpressure (the socket is paused while it is full); stderr
 * is kept up to 64 KiB for the message. The exit code comes from the Status (`NonZeroExitCode`
 * with an `ExitCode` cause).
 */
import type { Readable, Writable } from 'node:stream';
import WebSocket from 'ws';
import { AppError, isAppError } from '../../../shared/errors';
import { httpStatusError, networkError } from './kube-errors';
import type { KubeHttp } from './kube-http';

/** The subprotocol spoken. */
export const execProtocol = 'v5.channel.k8s.io';

/** The largest stdin message sent (the stream proxies reset a connection sending huge frames). */
const MAX_FRAME_BYTES = 256 * 1024;
const STDERR_KEPT = 64 * 1024;

/** What to run. */
export interface ExecTarget {
  namespace: string;
  pod: string;
  /** The container (the pod's only one when omitted). */
  container?: string;
  command: readonly string[];
}

/** How to run it. */
export interface ExecOptions {
  /** Bytes for stdin, ended with the close signal afterwards; no stdin when omitted. */
  stdin?: Readable | Buffer;
  /** Where stdout goes; without it stdout is collected (up to `maxStdoutBytes`). */
  stdout?: Writable;
  /** The most stdout collected when no `stdout` is given; more fails the call. Default 16 MiB. */
  maxStdoutBytes?: number;
  /** The whole call. Default 120 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** How it ended. */
export interface ExecResult {
  exitCode: number;
  /** The start of stderr. */
  stderr: string;
  /** Collected stdout (empty when a `stdout` writable was given). */
  stdout: Buffer;
}

/** The Status sent on channel 3. */
interface ExecStatus {
  status?: string;
  message?: string;
  reason?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

/**
 * The exit code a Status says; undefined when the Status is a failure other than an exit code.
 * Kubelets send `NonZeroExitCode` with an `ExitCode` cause; a runtime whose error is Go's
 * `exec.ExitError` (KWOK's local exec) ends the message with `exit status <n>` instead.
 */
export function exitCodeOf(s: ExecStatus): number | undefined {
  if (s.status === 'Success') return 0;
  if (s.reason === 'NonZeroExitCode') {
    const cause = s.details?.causes?.find((c) => c.reason === 'ExitCode');
    const n = Number(cause?.message);
    return Number.isInteger(n) ? n : 1;
  }
  const m = /: exit status (\d+)$/.exec(s.message ?? '');
  return m ? Number(m[1]) : undefined;
}

/**
 * Runs one command and resolves when it ended.
 * @throws AppError: `forbidden` without `create pods/exec`, `not-found`, `unavailable` when the
 *   connection broke or the kubelet could not run the command, `timeout`, `cancelled`,
 *   `validation` when collected stdout is larger than allowed
 */
export async function podExec(http: KubeHttp, target: ExecTarget, opts: ExecOptions = {}): Promise<ExecResult> {
  const path = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/exec`;
  const hasStdin = opts.stdin !== undefined;
  const o = await http.connectOptions(
    path,
    { command: target.command, container: target.container, stdin: hasStdin ? 'true' : undefined, stdout: 'true', stderr: 'true' },
    opts.signal,
  );
  const describe = `${target.namespace}/${target.pod}`;
  const maxStdout = opts.maxStdoutBytes ?? 16 * 1024 * 1024;
  return new Promise<ExecResult>((resolve, reject) => {
    const ws = new WebSocket(o.url, [execProtocol], { agent: o.agent, headers: o.headers, handshakeTimeout: 15_000 });
    const collected: Buffer[] = [];
    let collectedBytes = 0;
    let stderr = '';
    let status: ExecStatus | undefined;
    let settled = false;
    const timer = setTimeout(
      () => fail(new AppError('timeout', `The command in ${describe} did not end within ${Math.round((opts.timeoutMs ?? 120_000) / 1000)} s.`)),
      opts.timeoutMs ?? 120_000,
    );
    const onAbort = () => fail(new AppError('cancelled', `The command in ${describe} was cancelled.`));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    function fail(e: AppError): void {
      if (settled) return;
      settled = true;
      done();
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      if (opts.stdin && !Buffer.isBuffer(opts.stdin)) opts.stdin.destroy();
      reject(e);
    }
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (body.length < 4096) body += d.slice(0, 4096 - body.length);
      });
      res.on('end', () => {
        if (res.statusCode === 401) http.connection.auth.invalidate(o.credentials);
        fail(httpStatusError(res.statusCode ?? 0, body));
      });
    });
    ws.on('error', (e) => fail(isAppError(e) ? e : networkError(e, http.connection.server)));
    ws.once('open', () => {
      if (ws.protocol !== execProtocol) {
        fail(
          new AppError('unavailable', `The API server answered exec with protocol "${ws.protocol}", not ${execProtocol} (Kubernetes 1.30 or newer is needed).`),
        );
        return;
      }
      if (hasStdin)
        sendStdin(ws, opts.stdin as Readable | Buffer, (e) => fail(new AppError('unavailable', `Sending data to ${describe} failed: ${e.message}`)));
    });
    ws.on('message', (m: Buffer) => {
      if (m.length === 0) return;
      const channel = m[0];
      const data = m.subarray(1);
      if (channel === 1) {
        if (opts.stdout) {
          if (!opts.stdout.write(data)) {
            ws.pause();
            opts.stdout.once('drain', () => ws.resume());
          }
        } else {
          collectedBytes += data.length;
          if (collectedBytes > maxStdout) fail(new AppError('validation', `The command's output in ${describe} is larger than ${maxStdout} bytes.`));
          else collected.push(Buffer.from(data));
        }
      } else if (channel === 2) {
        if (stderr.length < STDERR_KEPT) stderr += data.toString('utf8').slice(0, STDERR_KEPT - stderr.length);
      } else if (channel === 3) {
        try {
          status = JSON.parse(data.toString('utf8')) as ExecStatus;
        } catch {
          status = { status: 'Failure', message: data.toString('utf8').slice(0, 500) };
        }
      }
    });
    ws.on('close', () => {
      if (settled) return;
      // a writable given is ended; the caller waits for what it made of the bytes
      opts.stdout?.end();
      {
        settled = true;
        done();
        const code = status ? exitCodeOf(status) : undefined;
        if (code === undefined) {
          const why = status?.message ?? 'the connection closed without an exit status';
          reject(new AppError('unavailable', `The command in ${describe} could not run: ${why}`, stderr.trim() || undefined, true));
          return;
        }
        resolve({ exitCode: code, stderr, stdout: Buffer.concat(collected) });
      }
    });
  });
}

/** Sends stdin in slices, then the v5 close signal for channel 0. */
function sendStdin(ws: WebSocket, stdin: Readable | Buffer, onError: (e: Error) => void): void {
  const close = () => ws.send(Buffer.from([255, 0]), (e) => e && onError(e));
  const sendSlices = (buf: Buffer, cb: (e?: Error) => void) => {
    if (buf.length === 0) return cb();
    let pending = 0;
    let failed = false;
    for (let at = 0; at < buf.length; at += MAX_FRAME_BYTES) {
      pending++;
      ws.send(Buffer.concat([Buffer.from([0]), buf.subarray(at, at + MAX_FRAME_BYTES)]), (e) => {
        if (failed) return;
        if (e) {
          failed = true;
          cb(e);
        } else if (--pending === 0) cb();
      });
    }
  };
  if (Buffer.isBuffer(stdin)) {
    sendSlices(stdin, (e) => (e ? onError(e) : close()));
    return;
  }
  stdin.on('data', (chunk: Buffer) => {
    stdin.pause();
    sendSlices(chunk, (e) => (e ? onError(e) : stdin.resume()));
  });
  stdin.once('end', close);
  stdin.once('error', onError);
}
