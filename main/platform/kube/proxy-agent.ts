// SPDX-License-Identifier: Apache-2.0
/**
 * HTTP agents for a cluster, optionally through a proxy: an HTTP(S) CONNECT proxy (a tunnel is
 * opened with `CONNECT host:port`) or a SOCKS5 proxy (`socks5://`, `socks5h://`; the host name is
 * sent to the proxy unresolved, as Go's SOCKS dialer does for both). TLS to the API server then
 * runs over the tunnel with the cluster's CA, client certificate and `tls-server-name`, exactly as
 * for a direct connection.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { SocksClient } from 'socks';

/** Time allowed for the proxy to answer CONNECT. */
const CONNECT_TIMEOUT_MS = 30_000;

type CreateCallback = (err: Error | null, stream?: Duplex) => void;

function proxyError(message: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(message);
  e.code = 'EPROXY';
  return e;
}

/** Whether a proxy URL is a SOCKS5 proxy. */
export function isSocksProxy(proxy: URL): boolean {
  return proxy.protocol === 'socks5:' || proxy.protocol === 'socks5h:';
}

/**
 * Opens a raw tunnel through a SOCKS5 proxy (CONNECT command, optional user/password).
 * @param proxy - socks5: or socks5h: proxy URL; port 1080 when none is given
 * @param host - target host (no brackets for IPv6); a name is resolved by the proxy
 * @param port - target port
 * @returns the socket, connected end to end to the target
 */
export async function openSocksTunnel(proxy: URL, host: string, port: number): Promise<Socket> {
  try {
    const { socket } = await SocksClient.createConnection({
      command: 'connect',
      proxy: {
        host: proxy.hostname.replace(/^\[|\]$/g, ''),
        port: Number(proxy.port || 1080),
        type: 5,
        ...(proxy.username || proxy.password ? { userId: decodeURIComponent(proxy.username), password: decodeURIComponent(proxy.password) } : {}),
      },
      destination: { host, port },
      timeout: CONNECT_TIMEOUT_MS,
    });
    return socket;
  } catch (e) {
    const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    throw proxyError(`The SOCKS proxy ${proxy.host} could not connect to ${authority} (${(e as Error).message}).`);
  }
}

/**
 * Opens a raw tunnel through the proxy: SOCKS5 for socks5:/socks5h:, else HTTP CONNECT.
 * @param proxy - proxy URL, optionally with user:password
 * @param host - target host (no brackets for IPv6)
 * @param port - target port
 * @returns the socket, connected end to end to the target
 */
export function openTunnel(proxy: URL, host: string, port: number): Promise<Socket> {
  return isSocksProxy(proxy) ? openSocksTunnel(proxy, host, port) : openConnectTunnel(proxy, host, port);
}

/**
 * Opens a raw tunnel through a CONNECT proxy.
 * @param proxy - http: or https: proxy URL, optionally with user:password
 * @param host - target host (no brackets for IPv6)
 * @param port - target port
 * @returns the socket, connected end to end to the target
 */
export function openConnectTunnel(proxy: URL, host: string, port: number): Promise<Socket> {
  const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const headers: http.OutgoingHttpHeaders = { Host: authority };
  if (proxy.username || proxy.password) {
    const cred = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    headers['Proxy-Authorization'] = `Basic ${Buffer.from(cred).toString('base64')}`;
  }
  const mod = proxy.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request({
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: authority,
      headers,
      agent: false,
    });
    req.setTimeout(CONNECT_TIMEOUT_MS, () => req.destroy(proxyError(`The proxy ${proxy.host} did not answer CONNECT in time.`)));
    req.once('connect', (res, socket, head) => {
      req.setTimeout(0);
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(proxyError(`The proxy ${proxy.host} refused to connect to ${authority} (HTTP ${res.statusCode ?? '?'} ${res.statusMessage ?? ''}).`));
        return;
      }
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPROXY') reject(e);
      else reject(proxyError(`Could not reach the proxy ${proxy.host} (${e.code ?? e.message}).`));
    });
    req.end();
  });
}

function target(options: http.ClientRequestArgs): { host: string; port: number } {
  const host = String(options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '');
  return { host, port: Number(options.port ?? 443) };
}

/** An https agent that tunnels through the proxy (CONNECT or SOCKS5) when one is set. */
export class KubeHttpsAgent extends https.Agent {
  /**
   * @param options - TLS and pooling options for the API server
   * @param proxy - the proxy, or undefined for direct connections
   */
  constructor(
    options: https.AgentOptions,
    private readonly proxy: URL | undefined,
  ) {
    super(options);
  }

  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    if (!this.proxy) return super.createConnection(options, callback);
    const done = callback as CreateCallback | undefined;
    const { host, port } = target(options);
    openTunnel(this.proxy, host, port).then(
      (socket) => {
        // Agent options (ca, cert, key, servername, rejectUnauthorized) are merged into `options`.
        const secure = tls.connect({ ...(options as tls.ConnectionOptions), host, port, socket });
        done?.(null, secure);
      },
      (e: Error) => done?.(e),
    );
    return undefined;
  }
}

/** A plain-http agent that tunnels through the proxy (CONNECT or SOCKS5) when one is set (e.g. `kubectl proxy` targets). */
export class KubeHttpAgent extends http.Agent {
  /**
   * @param options - pooling options
   * @param proxy - the proxy, or undefined for direct connections
   */
  constructor(
    options: http.AgentOptions,
    private readonly proxy: URL | undefined,
  ) {
    super(options);
  }

  override createConnection(options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    if (!this.proxy) return super.createConnection(options, callback);
    const done = callback as CreateCallback | undefined;
    const { host, port } = target({ ...options, port: options.port ?? 80 });
    openTunnel(this.proxy, host, port).then(
      (socket) => done?.(null, socket),
      (e: Error) => done?.(e),
    );
    return undefined;
  }
}
