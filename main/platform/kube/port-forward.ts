// SPDX-License-Identifier: Apache-2.0
/**
 * Port-forward to a pod's port over the API server's WebSocket endpoint
 * (`/api/v1/namespaces/<ns>/pods/<pod>/portforward?ports=<port>`), used in-process: each
 * connection an HTTP client makes is one WebSocket, handed to the client as a stream
 * ({@link PortForwardStream}). No TCP port is opened on the machine, so another local user or a
 * web page (DNS rebinding) cannot reach the pod through MLDeck's forward.
 *
 * Protocol: the kubelet's WebSocket port-forward, subprotocol `v4.channel.k8s.io` (served by
 * every kubelet and by KWOK through the API server's upgrade proxy; API servers up to 1.35 do
 * not serve the newer `v2.portforward.k8s.io`, which answers 403 there); framing in
 * `port-forward-frames.ts`.
 */
import WebSocket from 'ws';
import { AppError, isAppError } from '../../../shared/errors';
import type { Disposable } from '../../../shared/lifecycle';
import { httpStatusError, networkError } from './kube-errors';
import type { KubeHttp } from './kube-http';
import { PortForwardStream } from './port-forward-stream';

/** The subprotocol spoken. */
export const portForwardProtocol = 'v4.channel.k8s.io';

/** Where to forward to. */
export interface PortForwardTarget {
  namespace: string;
  pod: string;
  port: number;
}

/** A port-forward to one pod port: opens a stream per connection. */
export class PodPortForward implements Disposable {
  private readonly streams = new Set<PortForwardStream>();
  private closed = false;
  /** The last failure of a forwarded connection, in words. */
  lastError: AppError | undefined;

  private constructor(
    private readonly http: KubeHttp,
    readonly target: PortForwardTarget,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Checks that the pod's port can be reached (one WebSocket opened and closed, so RBAC and a
   * missing pod fail here with a clear error).
   * @throws AppError: `forbidden` without `create pods/portforward`, `not-found`, `unavailable`
   */
  static async open(http: KubeHttp, target: PortForwardTarget, timeoutMs = 10_000): Promise<PodPortForward> {
    const probe = await connect(http, target, timeoutMs);
    probe.close();
    return new PodPortForward(http, target, timeoutMs);
  }

  /** `ns/pod:port`, for messages. */
  get describe(): string {
    return `${this.target.namespace}/${this.target.pod}:${this.target.port}`;
  }

  /** True once disposed. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Opens one forwarded connection.
   * @throws AppError as {@link open}; `unavailable` once disposed
   */
  async stream(): Promise<PortForwardStream> {
    if (this.closed) throw new AppError('unavailable', `The port-forward to ${this.describe} was closed.`, undefined, true);
    let ws: WebSocket;
    try {
      ws = await connect(this.http, this.target, this.timeoutMs);
    } catch (e) {
      this.lastError = isAppError(e) ? e : networkError(e, this.http.connection.server);
      throw this.lastError;
    }
    if (this.closed) {
      ws.terminate();
      throw new AppError('unavailable', `The port-forward to ${this.describe} was closed.`, undefined, true);
    }
    const s = new PortForwardStream(ws, this.describe);
    this.streams.add(s);
    s.on('error', (e) => (this.lastError = new AppError('unavailable', e.message, undefined, true)));
    s.on('close', () => this.streams.delete(s));
    return s;
  }

  /** Closes every forwarded connection; later streams are refused. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams) s.destroy();
    this.streams.clear();
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
            ? new AppError(
                'forbidden',
                `The API server refused the port-forward to ${target.namespace}/${target.pod} (HTTP 403).`,
                err.detail,
                undefined,
                'cluster',
              )
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
