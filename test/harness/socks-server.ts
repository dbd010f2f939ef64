// SPDX-License-Identifier: Apache-2.0
/**
 * A minimal SOCKS5 server for tests (RFC 1928, CONNECT only; no authentication or RFC 1929
 * user/password): it records every CONNECT (the address as the client sent it: an IP, or a host
 * name the client left to the proxy to resolve) and forwards to 127.0.0.1 only: host names are
 * looked up in the map it was given (anything else is refused with "host unreachable"), so a test
 * can name a cluster by a DNS name that only the proxy knows.
 */
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';

/** A running SOCKS5 server. */
export interface SocksServer {
  port: number;
  /** Every CONNECT, as `host:port` in the form the client sent (name or IP). */
  connects: string[];
  /** The user names clients authenticated with, one per CONNECT that authenticated. */
  users: string[];
  close(): Promise<void>;
}

/** Options of {@link startSocksServer}. */
export interface SocksOptions {
  /** Require this user and password (RFC 1929). */
  credentials?: { user: string; password: string };
  /** Host names the proxy resolves (to loopback addresses only). */
  hosts?: Record<string, string>;
}

const REPLY = { ok: 0x00, failure: 0x01, notAllowed: 0x02, hostUnreachable: 0x04, commandNotSupported: 0x07, addressNotSupported: 0x08 } as const;

function reply(client: Socket, code: number): void {
  client.end(Buffer.from([0x05, code, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
}

/** Reads exactly `n` bytes from a socket in paused mode. */
function readBytes(s: Socket, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const b = s.read(n) as Buffer | null;
      if (b) {
        cleanup();
        resolve(b);
      }
    };
    const fail = () => {
      cleanup();
      reject(new Error('client went away'));
    };
    const cleanup = () => {
      s.off('readable', attempt);
      s.off('end', fail);
      s.off('close', fail);
    };
    s.on('readable', attempt);
    s.once('end', fail);
    s.once('close', fail);
    attempt();
  });
}

async function handshake(client: Socket, opts: SocksOptions, out: SocksServer): Promise<{ host: string; port: number } | undefined> {
  const [ver, nMethods] = await readBytes(client, 2);
  if (ver !== 0x05) return undefined;
  const methods = [...(await readBytes(client, nMethods ?? 0))];
  const want = opts.credentials ? 0x02 : 0x00;
  if (!methods.includes(want)) {
    client.end(Buffer.from([0x05, 0xff]));
    return undefined;
  }
  client.write(Buffer.from([0x05, want]));
  if (opts.credentials) {
    const [, ulen] = await readBytes(client, 2);
    const user = (await readBytes(client, ulen ?? 0)).toString();
    const [plen] = await readBytes(client, 1);
    const password = (await readBytes(client, plen ?? 0)).toString();
    const good = user === opts.credentials.user && password === opts.credentials.password;
    client.write(Buffer.from([0x01, good ? 0x00 : 0x01]));
    if (!good) {
      client.end();
      return undefined;
    }
    out.users.push(user);
  }
  const [, cmd, , atyp] = await readBytes(client, 4);
  let host: string;
  if (atyp === 0x01) host = [...(await readBytes(client, 4))].join('.');
  else if (atyp === 0x03) host = (await readBytes(client, (await readBytes(client, 1))[0] ?? 0)).toString();
  else if (atyp === 0x04) {
    const b = await readBytes(client, 16);
    host = Array.from({ length: 8 }, (_, i) => b.readUInt16BE(i * 2).toString(16)).join(':');
  } else {
    reply(client, REPLY.addressNotSupported);
    return undefined;
  }
  const port = (await readBytes(client, 2)).readUInt16BE(0);
  if (cmd !== 0x01) {
    reply(client, REPLY.commandNotSupported);
    return undefined;
  }
  out.connects.push(`${host}:${port}`);
  return { host, port };
}

/**
 * Starts the server on 127.0.0.1 and a random port.
 * @param opts - credentials to require, and the names it resolves
 */
export async function startSocksServer(opts: SocksOptions = {}): Promise<SocksServer> {
  const sockets = new Set<Socket>();
  const hosts: Record<string, string> = { '127.0.0.1': '127.0.0.1', ...opts.hosts };
  const out: SocksServer = { port: 0, connects: [], users: [], close: () => Promise.resolve() };
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.pause();
    client.on('error', () => client.destroy());
    client.on('close', () => sockets.delete(client));
    void handshake(client, opts, out).then(
      (target) => {
        if (!target) return;
        const address = hosts[target.host];
        if (!address) {
          reply(client, REPLY.hostUnreachable);
          return;
        }
        const upstream = new Socket();
        sockets.add(upstream);
        upstream.on('error', () => {
          if (!client.destroyed) reply(client, REPLY.failure);
          upstream.destroy();
        });
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
        upstream.connect(target.port, address, () => {
          // bound address 0.0.0.0:0: clients do not use it for CONNECT
          client.write(Buffer.from([0x05, REPLY.ok, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
          upstream.pipe(client);
          client.pipe(upstream);
          client.resume();
        });
      },
      () => client.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  out.port = (server.address() as AddressInfo).port;
  out.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return out;
}
