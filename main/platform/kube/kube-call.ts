// SPDX-License-Identifier: Apache-2.0
/**
 * The plumbing of one API call: a controller joining the caller's AbortSignal and the call's
 * own timeout (so each failure maps to `cancelled` or `timeout`), and bounded body reading.
 */
import type { IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';
import { AppError, isAppError } from '../../../shared/errors';
import { cancelledError, networkError, timeoutError } from './kube-errors';

/** Largest response body read into memory (after decompression). */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

/** Abort and timeout state of one call. */
export class CallControl {
  /** Aborted by the caller's signal or by the timeout; passed to `http.request`. */
  readonly controller = new AbortController();
  private timedOut = false;
  private timer: NodeJS.Timeout | undefined;
  private timeoutMs = 0;
  private readonly onAbort = () => this.controller.abort();

  /**
   * @param server - for error messages
   * @param signal - the caller's signal
   */
  constructor(
    private readonly server: URL,
    private readonly signal: AbortSignal | undefined,
  ) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
    if (signal?.aborted) this.controller.abort();
  }

  /** Whether the caller cancelled. */
  get cancelled(): boolean {
    return this.signal?.aborted === true;
  }

  /** (Re)starts the timeout. */
  startTimer(ms: number): void {
    this.stopTimer();
    this.timeoutMs = ms;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, ms);
  }

  /** Stops the timeout (e.g. once a watch's headers arrived). */
  stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Releases the listener on the caller's signal. */
  dispose(): void {
    this.stopTimer();
    this.signal?.removeEventListener('abort', this.onAbort);
  }

  /** Maps any failure of this call to an AppError. */
  mapError(e: unknown): AppError {
    if (this.cancelled) return cancelledError();
    if (this.timedOut) return timeoutError(this.server, this.timeoutMs);
    if (isAppError(e)) return e;
    return networkError(e, this.server);
  }
}

/**
 * Reads a whole response body, decompressing gzip, refusing more than `max` bytes.
 * @returns the body as UTF-8 text
 */
export async function readBody(res: IncomingMessage, max: number = MAX_BODY_BYTES): Promise<string> {
  let source: AsyncIterable<Buffer> = res;
  if (res.headers['content-encoding'] === 'gzip') {
    const gunzip = createGunzip();
    res.on('error', (e) => gunzip.destroy(e));
    source = res.pipe(gunzip);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > max) {
      res.destroy();
      throw new AppError('internal', `The cluster's answer is larger than ${Math.round(max / 1048576)} MiB.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
