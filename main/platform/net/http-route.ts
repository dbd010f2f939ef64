// SPDX-License-Identifier: Apache-2.0
/**
 * How main's HTTP clients (MLflow, Prometheus, Jupyter, object storage, predictors) reach a
 * server: an {@link HttpRoute} is a base URL plus the `fetch` and WebSocket connection to use for
 * it. Two kinds:
 *
 * - {@link urlRoute}: a URL the user gave. Connections follow the one proxy rule
 *   (`proxy-rule.ts`: `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`, as kubectl and Go do), through an
 *   HTTP CONNECT or SOCKS5 tunnel when a proxy applies, TLS to the server over it.
 * - {@link streamRoute}: a server reached through streams main opens itself (a port-forward's
 *   WebSocket). Its base URL is a name under `.invalid`, which never resolves: a request that
 *   missed the route's connector fails instead of going anywhere else. Requests carry the Host
 *   header a `kubectl port-forward` user's client sends (`localhost:<port>`), which servers with
 *   DNS-rebinding checks (MLflow 3, Jupyter) accept.
 */
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { Agent, fetch as undiciFetch, type buildConnector, type Dispatcher } from 'undici';

type ConnectCallback = buildConnector.Callback;
import { openTunnel } from '../kube/proxy-agent';
import { proxyFor, type ProxyEnv } from './proxy-rule';
import { isAppError, type AppError } from '../../../shared/errors';

/** The `fetch` of a route (the platform's signature). */
export type RouteFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** `ws`'s `createConnection`, in its callback form. */
export type WsCreateConnection = (
  options: { host?: string | null; port?: number | string | null },
  cb: (err: Error | null, socket?: Duplex) => void,
) => undefined;

/** A way to one server. */
export interface HttpRoute {
  /** Where requests go: `http(s)://host[:port]/prefix`, without a trailing slash. */
  readonly baseUrl: string;
  /** `fetch` through this route. */
  readonly fetch: RouteFetch;
  /** For `ws` clients: the connection to use (undefined: `ws` connects directly). */
  readonly wsCreateConnection: WsCreateConnection | undefined;
  /** The Host header to send (WebSocket clients too), when it is not the base URL's host. */
  readonly hostHeader: string | undefined;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

function fetchWith(dispatcher: Dispatcher): RouteFetch {
  // undici's fetch is the platform's fetch with a dispatcher; its Response is the same class shape
  return (input, init) => undiciFetch(input, { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1]) as unknown as Promise<Response>;
}

/**
 * A route to a URL, through the proxy the rule gives for it.
 * @param url - http(s) base URL
 * @param env - the environment the proxy rule reads (the app's)
 */
export function urlRoute(url: string, env: ProxyEnv = process.env): HttpRoute {
  const base = url.replace(/\/+$/, '');
  const target = new URL(base);
  const proxy = proxyFor(target, { ...env });
  if (!proxy) {
    const agent = new Agent();
    return { baseUrl: base, fetch: fetchWith(agent), wsCreateConnection: undefined, hostHeader: undefined, close: () => agent.close() };
  }
  const tunnel = async (host: string, port: number, secure: boolean, servername: string | undefined): Promise<Socket> => {
    const raw = await openTunnel(proxy, host, port);
    if (!secure) return raw;
    return new Promise<Socket>((resolve, reject) => {
      const s = tls.connect({ socket: raw, servername: servername ?? host, ALPNProtocols: ['http/1.1'] });
      s.once('secureConnect', () => resolve(s));
      s.once('error', reject);
    });
  };
  const agent = new Agent({
    connect: (opts, cb: ConnectCallback) => {
      const secure = opts.protocol === 'https:';
      const port = Number(opts.port) || (secure ? 443 : 80);
      tunnel(opts.hostname, port, secure, opts.servername ?? undefined).then(
        (s) => cb(null, s),
        (e: Error) => cb(e, null),
      );
    },
  });
  return {
    baseUrl: base,
    fetch: fetchWith(agent),
    wsCreateConnection: (o, cb) => {
      const secure = target.protocol === 'https:';
      const host = (o.host ?? target.hostname).replace(/^\[|\]$/g, '');
      tunnel(host, Number(o.port) || Number(target.port) || (secure ? 443 : 80), secure, host).then(
        (s) => cb(null, s),
        (e: Error) => cb(e),
      );
      return undefined;
    },
    hostHeader: undefined,
    close: () => agent.close(),
  };
}

/** A dispatcher that sends `host` as every request's Host header. */
function withHost(agent: Agent, host: string): Dispatcher {
  return agent.compose((dispatch) => (opts, handler) => {
    const h = opts.headers;
    let headers: Dispatcher.DispatchOptions['headers'];
    if (Array.isArray(h)) {
      const flat = h as string[];
      const kept: string[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) if (String(flat[i]).toLowerCase() !== 'host') kept.push(flat[i] as string, flat[i + 1] as string);
      headers = [...kept, 'host', host];
    } else {
      const rest = Object.fromEntries(Object.entries((h ?? {}) as Record<string, string | string[] | undefined>).filter(([k]) => k.toLowerCase() !== 'host'));
      headers = { ...rest, host };
    }
    return dispatch({ ...opts, headers }, handler);
  });
}

/**
 * A route whose every connection is a stream main opens itself.
 * @param name - a label for the base URL's host (`<name>.invalid`): letters, digits, dashes
 * @param port - the server's port, kept in the base URL for messages and Host headers
 * @param open - opens one connection
 * @param prefix - a path prefix (`/notebook/ns/x`), or ''
 */
export function streamRoute(name: string, port: number, open: () => Promise<Duplex>, prefix = ''): HttpRoute {
  const host = `${
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'target'
  }.invalid`;
  const agent = new Agent({
    connect: (_opts, cb: ConnectCallback) => {
      open().then(
        // a stream with the socket methods undici calls (see PortForwardStream)
        (s) => cb(null, s as Socket),
        (e: Error) => cb(e, null),
      );
    },
  });
  return {
    baseUrl: `http://${host}:${port}${prefix.replace(/\/+$/, '')}`,
    fetch: fetchWith(withHost(agent, `localhost:${port}`)),
    wsCreateConnection: (_o, cb) => {
      open().then(
        (s) => cb(null, s),
        (e: Error) => cb(e),
      );
      return undefined;
    },
    hostHeader: `localhost:${port}`,
    close: () => agent.close(),
  };
}

/**
 * Why a route's fetch failed below HTTP, when the route's own connector said so (a port-forward
 * that RBAC refused, a pod that is gone): that AppError, else undefined.
 */
export function routeCause(e: unknown): AppError | undefined {
  for (let c: unknown = e, depth = 0; c && depth < 4; c = (c as { cause?: unknown }).cause, depth++) if (isAppError(c)) return c;
  return undefined;
}
