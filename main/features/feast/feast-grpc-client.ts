// SPDX-License-Identifier: Apache-2.0
/**
 * A client of Feast's gRPC registry server (`feast.registry.RegistryServer`, what `feast
 * serve_registry` serves without `--rest-api`) through a port-forward of the in-cluster connector:
 * @grpc/grpc-js speaks HTTP/2 over a Unix socket (a named pipe on Windows) in a private folder that
 * only this process listens on, each of whose connections is a stream of the port-forward — no TCP
 * port is opened. Unary calls with a deadline, messages encoded with Feast's schema
 * (proto/feast-proto.ts), answers as ProtoJSON; every failure an AppError in words
 * ({@link grpcError}), the ones where the server was not reached {@link FeastUnreachable}.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import { AppError } from '../../../shared/errors';
import type { WsCreateConnection } from '../../platform/net/http-route';
import { FeastUnreachable } from './feast-client';
import { feastType, protoJson } from './proto/feast-proto';

const service = '/feast.registry.RegistryServer';

/**
 * The AppError for a gRPC status.
 * @param label - how the user knows the registry
 * @param cause - why the connection failed, when the port-forward said so
 */
export function grpcError(e: { code?: number; details?: string; message?: string }, label: string, timeoutMs: number, cause?: Error): AppError {
  const details = (e.details || e.message || '').replace(/\s+/g, ' ').trim().slice(0, 400);
  const s = grpc.status;
  switch (e.code) {
    case s.UNAVAILABLE:
      return new FeastUnreachable(
        'unavailable',
        `${label} cannot be reached${cause ? `: ${cause.message}` : ` (${details || 'no connection'})`}.`,
        details,
        true,
        'feast',
      );
    case s.DEADLINE_EXCEEDED:
      return new FeastUnreachable('timeout', `${label} did not answer within ${Math.round(timeoutMs / 1000)} s.`, details, true, 'feast');
    case s.UNAUTHENTICATED:
      return new AppError(
        'unauthenticated',
        `${label} asks who you are (${details}). MLDeck reads Feast registries without signing in; this one has authentication on.`,
        details,
        false,
        'feast',
      );
    case s.PERMISSION_DENIED:
      return new AppError('forbidden', `${label} refused: ${details}.`, details, false, 'feast');
    case s.NOT_FOUND:
      return new AppError('not-found', `${label} has no such object: ${details}.`, details, false, 'feast');
    case s.UNIMPLEMENTED:
      return new AppError(
        'unavailable',
        `${label} answered gRPC but has no Feast RegistryServer service (${details}): it is not a Feast 0.67 registry server.`,
        details,
        false,
        'feast',
      );
    case s.INVALID_ARGUMENT:
      return new AppError('validation', `${label} rejected the request: ${details}.`, details, false, 'feast');
    default:
      return new AppError('unavailable', `${label} failed (gRPC ${e.code ?? '?'}): ${details || 'no detail'}.`, details, true, 'feast');
  }
}

/** A private local socket whose connections are streams opened by `connect`. */
class StreamBridge {
  readonly path: string;
  lastError: Error | undefined;
  private readonly dir: string | undefined;
  private readonly server: net.Server;
  private readonly open = new Set<Duplex>();

  constructor(connect: WsCreateConnection) {
    if (process.platform === 'win32') {
      this.dir = undefined;
      this.path = `\\\\.\\pipe\\mldeck-feast-${randomUUID()}`;
    } else {
      this.dir = mkdtempSync(join(tmpdir(), 'mldeck-feast-'));
      this.path = join(this.dir, 'grpc.sock');
    }
    this.server = net.createServer((socket) => {
      this.open.add(socket);
      socket.once('close', () => this.open.delete(socket));
      connect({}, (err, stream) => {
        if (err || !stream) {
          this.lastError = err ?? new Error('the port-forward gave no stream');
          socket.destroy();
          return;
        }
        this.lastError = undefined;
        this.open.add(stream);
        stream.once('close', () => {
          this.open.delete(stream);
          socket.destroy();
        });
        socket.once('close', () => stream.destroy());
        stream.on('error', (e: Error) => {
          this.lastError = e;
          socket.destroy();
        });
        socket.on('error', () => stream.destroy());
        socket.pipe(stream);
        stream.pipe(socket);
      });
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.path, () => resolve());
    });
  }

  close(): void {
    for (const s of this.open) s.destroy();
    this.server.close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A client for one gRPC registry server. */
export class FeastGrpcClient {
  private constructor(
    private readonly bridge: StreamBridge,
    private readonly client: grpc.Client,
    readonly label: string,
    private readonly timeoutMs: number,
  ) {}

  /**
   * @param connect - opens a stream to the server's gRPC port (the route of a port-forward)
   * @param authority - the `:authority` sent (`localhost:<port>`, as a `kubectl port-forward` user's client sends)
   */
  static async open(connect: WsCreateConnection, authority: string, label: string, timeoutMs = 30_000): Promise<FeastGrpcClient> {
    const bridge = new StreamBridge(connect);
    await bridge.listen();
    const client = new grpc.Client(`unix:${bridge.path}`, grpc.credentials.createInsecure(), {
      'grpc.default_authority': authority,
      'grpc.max_receive_message_length': 256 << 20,
    });
    return new FeastGrpcClient(bridge, client, label, timeoutMs);
  }

  /**
   * Calls one RegistryServer method.
   * @param method - its name (`ListProjects`)
   * @param request - the request message as a plain object (snake_case or camelCase fields)
   * @returns the answer as ProtoJSON
   */
  call(method: string, requestType: string, responseType: string, request: Record<string, unknown>): Promise<unknown> {
    const req = feastType(requestType);
    const res = feastType(responseType);
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        `${service}/${method}`,
        (v: Record<string, unknown>) => Buffer.from(req.encode(req.fromObject(v)).finish()),
        (b: Buffer) => res.decode(b),
        request,
        new grpc.Metadata(),
        { deadline: Date.now() + this.timeoutMs },
        (err, value) => {
          if (err) reject(grpcError(err, this.label, this.timeoutMs, this.bridge.lastError));
          else if (!value) reject(new AppError('unavailable', `${this.label} answered ${method} with nothing.`, undefined, true, 'feast'));
          else resolve(protoJson(res, value));
        },
      );
    });
  }

  close(): void {
    this.client.close();
    this.bridge.close();
  }
}
