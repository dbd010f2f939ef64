// SPDX-License-Identifier: Apache-2.0
/**
 * The one dispatcher both hosts call: it finds the handler for a call id, validates the
 * payload against the contract's schema, runs the handler and turns whatever it throws
 * into an error as data. Handlers never throw across a process boundary.
 */
import type { Rpc, Topic } from '../../shared/ipc/define';
import { fail, ok, type Result } from '../../shared/ipc/result';
import { toErrorData } from './to-result';

/** A handler for one call. `ctx` identifies the connection (for per-client subscriptions). */
export type Handler<Req, Res> = (req: Req, ctx: CallContext) => Promise<Res> | Res;

/** What a handler knows about the caller. */
export interface CallContext {
  /** A stable id of the connection (a webContents id or a WebSocket client id). */
  clientId: string;
}

/** Handlers for every call of a feature contract. */
export type HandlerMap<C> = {
  [K in keyof C as C[K] extends { kind: 'rpc' } ? K : never]: C[K] extends Rpc<infer Req, infer Res> ? Handler<Req, Res> : never;
};

/** Publishes events on topics: to every connected client, or to one. */
export interface Publisher {
  /** Sends to every client subscribed to the topic. */
  publish<Ev>(topic: Topic<Ev>, event: Ev): void;
  /** Sends to one client (for per-client subscriptions such as live lists). */
  publishTo<Ev>(clientId: string, topic: Topic<Ev>, event: Ev): void;
  /**
   * Bytes sent to the client that it has not taken yet (browser mode: the socket's buffered
   * amount). Absent where the host cannot tell (Electron IPC): senders then never hold back.
   */
  backlog?(clientId: string): number;
}

interface Registered {
  rpc: Rpc<unknown, unknown>;
  handler: Handler<unknown, unknown>;
}

/** Logs unexpected failures (the stack stays in main). */
export type ErrorLogger = (id: string, error: unknown) => void;

/** Maps call ids to handlers and serves them. */
export class Dispatcher {
  private readonly handlers = new Map<string, Registered>();
  private readonly goneListeners = new Set<(clientId: string) => void>();

  constructor(private readonly logError: ErrorLogger = (id, e) => console.error(`[dispatcher] ${id} failed:`, e)) {}

  /** Registers the handlers of one feature contract. Registering an id twice is a bug. */
  register<C extends Record<string, unknown>>(contract: C, handlers: HandlerMap<C>): void {
    for (const [key, entry] of Object.entries(contract)) {
      const e = entry as Rpc<unknown, unknown> | Topic<unknown>;
      if (e.kind !== 'rpc') continue;
      const handler = (handlers as Record<string, Handler<unknown, unknown> | undefined>)[key];
      if (!handler) throw new Error(`no handler for ${e.id}`);
      if (this.handlers.has(e.id)) throw new Error(`a handler for ${e.id} is already registered`);
      this.handlers.set(e.id, { rpc: e, handler });
    }
  }

  /** Registers a callback for clients that disconnect (to drop their subscriptions). */
  onClientGone(cb: (clientId: string) => void): () => void {
    this.goneListeners.add(cb);
    return () => this.goneListeners.delete(cb);
  }

  /** Hosts call this when a window or socket goes away. */
  clientGone(clientId: string): void {
    for (const cb of this.goneListeners) {
      try {
        cb(clientId);
      } catch (e) {
        this.logError('client-gone', e);
      }
    }
  }

  /** The ids this dispatcher serves. */
  ids(): string[] {
    return [...this.handlers.keys()];
  }

  /** Validates and serves one call. Never rejects. */
  async dispatch(id: string, payload: unknown, ctx: CallContext): Promise<Result<unknown>> {
    const reg = this.handlers.get(id);
    if (!reg) return fail({ code: 'not-found', message: `Unknown call: ${id.slice(0, 100)}` });
    const parsed = reg.rpc.request.safeParse(payload);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ');
      return fail({ code: 'validation', message: 'The request was not valid.', detail });
    }
    try {
      return ok(await reg.handler(parsed.data, ctx));
    } catch (e) {
      const data = toErrorData(e);
      if (data.code === 'internal') this.logError(id, e);
      return fail(data);
    }
  }
}
