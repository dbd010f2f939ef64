// SPDX-License-Identifier: Apache-2.0
/**
 * Port-forward to a pod's port over the API server's WebSocket endpoint
 * (`/api/v1/namespaces/<ns>/pods/<pod>/portforward?ports=<port>`), exposed as a listener on
 * 127.0.0.1 so any HTTP client can use it. Each local connection gets its own WebSocket.
 *
 * Protocol: the kubelet's WebSocket port-forward, subprotocol `v4.channel.k8s.io` (served by
 * every kubelet and by KWOK through the API server's upgrade proxy; API servers up to 1.35 do
 * not serve the newer `v2.portforward.k8s.io`, which answers 403 there). Binary messages start
 * with a channel byte: per forwarded port, channel 0 carries data and channel 1 errors. The
 * server's first message on each channel is the port as 2 bytes little-endian; the client sends
 * `0x00` + data, without a port prefix.
 */
import net from 'node:net';
import WebSocket from 'ws';
import { AppError, isAppError } from '../../../shared/errors';
import type { Disposable } from '../../../shared/lifecycle';
import { httpStatusError, networkError } from './kube-errors';
import type { KubeHttp } from './kube-http';

/** The subprotocol spoken. */
export const portForwardProtocol = 'v4.channel.k8s.io';

const dataChannel = 0;
const errorChannel = 1;

/** Where to forward to. */
export interface PortForwardTarget {
  namespace: string;
  pod: string;
  port: number;
}

/** Frames and unframes one forwarded connection's messages (pure, for tests). */
export class ChannelDemux {
  private readonly portBytesLeft = new Map<number, number>([
    [dataChannel, 2],
    [errorChannel, 2],
  ]);
  private errorText = '';

  /** Frames data for the pod. */
  static frame(data: Buffer): Buffer {
    return Buffer.concat([Buffer.from([dataChannel]), data]);
  }

  /**
   * Takes one message from the server.
   * @returns the data bytes for the local socket (may be empty)
   */
  accept(message: Buffer): Buffer {
    if (message.length === 0) return Buffer.alloc(0);
    const channel = message[0] as number;
    let payload = message.subarray(1);
    const left = this.portBytesLeft.get(channel) ?? 0;
    if (left > 0) {
      const skip = Math.min(left, payload.length);
      this.portBytesLeft.set(channel, left - skip);
      payload = payload.subarray(skip);
    }
    if (channel === errorChannel) {
      this.errorText += payload.toString('utf8');
      return Buffer.alloc(0);
    }
    return channel === dataChannel ? payload : Buffer.alloc(0);
  }

  /** What the server reported on the error channel, if anything. */
  error(): string | undefined {
    const t = this.errorText.trim();
    return t === '' ? undefined : t;
  }
}

/** A running port-forward: a local listener on 127.0.0.1. */
export class PodPortForward implements Disposable {
  private readonly sockets = new Set<net.Socket>();
  private readonly sessions = new Set<WebSocket>();
  private closed = false;
  /** The last failure of a forwarded connection, in words. */
  lastError: AppError | undefined;

  private constructor(
    private readonly http: KubeHttp,
    readonly target: PortForwardTarget,
    private readonly server: net.Server,
    /** The local port. */
    readonly localPort: number,
  ) {}

  /**
   * Checks that the pod's port can be reached (one WebSocket opened and closed, so RBAC and a
   * missing pod fail here with a clear error) and starts listening on a free local port.
   * @throws AppError: `forbidden` without `create pods/portforward`, `not-found`, `unavailable`
   */
  static async open(http: KubeHttp, target: PortForwardTarget, timeoutMs = 10_000): Promise<PodPortForward> {
    const probe = await connect(http, target, timeoutMs);
    probe.close();
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const pf = new PodPortForward(http, target, server, (server.address() as net.AddressInfo).port);
    server.on('connection', (s) => pf.serve(s, timeoutMs));
    return pf;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${this.localPort}`;
  }

  /** True once disposed. */
  get isClosed(): boolean {
    return this.closed;
  }

  private serve(socket: net.Socket, timeoutMs: number): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.pause();
    const pending: Buffer[] = [];
    socket.on('data', (d: Buffer) => pending.push(d));
    socket.on('close', () => this.sockets.delete(socket));
    // a local client that resets its connection: 'close' follows and ends the session
    socket.on('error', () => undefined);
    connect(this.http, this.target, timeoutMs).then(
      (ws) => {
        if (this.closed || socket.destroyed) {
          ws.close();
          return;
        }
        this.sessions.add(ws);
        const demux = new ChannelDemux();
        socket.removeAllListeners('data');
        for (const d of pending) ws.send(ChannelDemux.frame(d));
        socket.on('data', (d: Buffer) => ws.send(ChannelDemux.frame(d)));
        socket.on('end', () => ws.close());
        socket.on('close', () => ws.close());
        ws.on('message', (m: Buffer) => {
          const data = demux.accept(m);
          if (data.length > 0 && !socket.destroyed) socket.write(data);
        });
        ws.on('close', () => {
          this.sessions.delete(ws);
          const err = demux.error();
          if (err) {
            this.lastError = new AppError('unavailable', `Port-forward to ${this.target.namespace}/${this.target.pod}:${this.target.port} failed: ${err}`);
            socket.destroy();
          } else socket.end();
        });
        ws.on('error', (e) => {
          this.lastError = networkError(e, this.http.connection.server);
          socket.destroy();
        });
        socket.resume();
      },
      (e: unknown) => {
        this.lastError = isAppError(e) ? e : networkError(e, this.http.connection.server);
        socket.destroy();
      },
    );
  }

  /** Stops listening and closes every forwarded connection. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.server.close();
    for (const ws of this.sessions) ws.terminate();
    for (const s of this.sockets) s.destroy();
    this.sessions.clear();
    this.sockets.clear();
  }
}

/** Opens one WebSocket to the pod's port; rejects with a mapped AppError. */
async function connect(http: KubeHttp, target: PortForwardTarget, timeoutMs: number): Promise<WebSocket> {
  const path = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/portforward`;
  const o = await http.connectOptions(path, { ports: String(target.port) });
  return new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(o.url, [portForwardProtocol], { agent: o.agent, headers: o.headers, handshakeTimeout: timeoutMs });
    const fail = (e: AppError) => {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      reject(e);
    };
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      // the refusal's text is for the message: keep its start only, however long the answer
      res.on('data', (d: string) => {
        if (body.length < 4096) body += d.slice(0, 4096 - body.length);
      });
      res.on('end', () => {
        if (res.statusCode === 401) http.connection.auth.invalidate(o.credentials);
        const err = httpStatusError(res.statusCode ?? 0, body);
        fail(
          res.statusCode === 403 && !body.includes('portforward')
            ? new AppError('forbidden', `The API server refused the port-forward to ${target.namespace}/${target.pod} (HTTP 403).`, err.detail)
            : err,
        );
      });
      res.on('error', () => fail(httpStatusError(res.statusCode ?? 0, body)));
    });
    ws.once('error', (e) => fail(networkError(e, http.connection.server)));
    ws.once('open', () => {
      ws.removeAllListeners('error');
      ws.removeAllListeners('unexpected-response');
      if (ws.protocol !== portForwardProtocol) {
        fail(new AppError('unavailable', `The API server answered the port-forward with protocol "${ws.protocol}", not ${portForwardProtocol}.`));
        return;
      }
      resolve(ws);
    });
  });
}
