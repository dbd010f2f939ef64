// SPDX-License-Identifier: Apache-2.0
/**
 * One forwarded connection as a Node stream: the bytes of a port-forward WebSocket's data channel,
 * readable and writable like a socket, so an HTTP client (an undici `Agent` `connect`, or a `ws`
 * `createConnection`) talks to the pod through it in-process. Nothing listens on a TCP port, so
 * no other process or web page on the machine can use the forward.
 *
 * The port-forward protocol has no half-close: ending the writable side leaves the stream open
 * for reading until the WebSocket closes. A message on the error channel ends the stream with
 * that error.
 */
import { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { ChannelDemux } from './port-forward-frames';

/** The largest data message sent (what a TCP listener's reads gave before, give or take). */
export const MAX_FRAME_BYTES = 256 * 1024;

/** A forwarded connection. */
export class PortForwardStream extends Duplex {
  private readonly demux = new ChannelDemux();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private idleMs = 0;

  /**
   * @param ws - an open WebSocket speaking `v4.channel.k8s.io` to one pod port
   * @param describe - what to call the target in errors (`ns/pod:port`)
   */
  constructor(
    private readonly ws: WebSocket,
    private readonly describe: string,
  ) {
    super({ allowHalfOpen: true });
    ws.on('message', (m: Buffer) => {
      this.touch();
      const data = this.demux.accept(m);
      if (data.length > 0 && !this.push(data)) ws.pause();
    });
    ws.on('close', () => {
      this.clearIdle();
      const err = this.demux.error();
      if (err) this.destroy(new PortForwardError(`Port-forward to ${this.describe} failed: ${err}`));
      else this.push(null);
    });
    ws.on('error', (e) => this.destroy(new PortForwardError(`Port-forward to ${this.describe} broke: ${e.message}`)));
  }

  /** What the pod's side reported on the error channel, if anything. */
  get remoteError(): string | undefined {
    return this.demux.error();
  }

  override _read(): void {
    this.ws.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.touch();
    // one message per slice: the API server's and kubelet's stream proxies reset a connection
    // that sends one huge frame (a 40 MB notebook saved in one write)
    let failed = false;
    const done = (e?: Error) => {
      if (failed) return;
      if (e) {
        failed = true;
        cb(new PortForwardError(`Port-forward to ${this.describe} broke: ${e.message}`));
      }
    };
    for (let at = 0; at < chunk.length; at += MAX_FRAME_BYTES) {
      const last = at + MAX_FRAME_BYTES >= chunk.length;
      this.ws.send(ChannelDemux.frame(chunk.subarray(at, at + MAX_FRAME_BYTES)), (e) => {
        done(e ?? undefined);
        if (last && !failed) cb(null);
      });
    }
    if (chunk.length === 0) cb(null);
  }

  override _final(cb: (err?: Error | null) => void): void {
    cb(); // no half-close in the protocol: the far end closes the WebSocket when it is done
  }

  override _destroy(err: Error | null, cb: (err: Error | null) => void): void {
    this.clearIdle();
    this.ws.removeAllListeners('message');
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.terminate();
    cb(err);
  }

  // ---- the parts of net.Socket that HTTP clients call ----

  /** No Nagle to turn off on a WebSocket-carried stream. */
  setNoDelay(): this {
    return this;
  }

  /** The WebSocket carries its own keep-alive (the API server's pings). */
  setKeepAlive(): this {
    return this;
  }

  /** Emits `timeout` after `ms` without traffic, as `net.Socket` does (0 turns it off). */
  setTimeout(ms: number, cb?: () => void): this {
    this.idleMs = ms;
    if (cb) this.once('timeout', cb);
    this.touch();
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  private touch(): void {
    this.clearIdle();
    if (this.idleMs > 0) this.idleTimer = setTimeout(() => this.emit('timeout'), this.idleMs);
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

/** A forwarded connection that failed; its message names the target. */
export class PortForwardError extends Error {
  override readonly name = 'PortForwardError';
}
