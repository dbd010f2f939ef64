// SPDX-License-Identifier: Apache-2.0
/**
 * A loopback TCP relay to a lab API server, for fault tests: it can hold traffic (connections
 * stay open, nothing flows: a silent network), refuse connections (a cluster that is down),
 * and recover. It also writes a kubeconfig that reaches a lab context through it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/** A relay. */
export interface TcpRelay {
  port: number;
  /** Stop forwarding; open connections stay open (no FIN, no RST). */
  hold(): void;
  /** Close every connection and refuse new ones. */
  down(): Promise<void>;
  /** Forward again (listening again if it was down). */
  up(): Promise<void>;
  close(): Promise<void>;
  /** A copy of `kubeconfig` whose cluster `clusterName` goes through the relay. */
  kubeconfig(kubeconfig: string, clusterName: string): string;
}

/** Starts a relay to 127.0.0.1:`targetPort`. */
export async function startRelay(targetPort: number): Promise<TcpRelay> {
  let holding = false;
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = new Socket();
        sockets.add(client);
        sockets.add(upstream);
        upstream.connect(targetPort, '127.0.0.1');
        client.on('data', (d) => void (!holding && upstream.write(d)));
        upstream.on('data', (d) => void (!holding && client.write(d)));
        const end = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', end);
        upstream.on('error', end);
        client.on('close', end);
        upstream.on('close', end);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      server.close(() => resolve());
    });
  return {
    get port() {
      return port;
    },
    hold: () => void (holding = true),
    down: stop,
    async up() {
      holding = false;
      if (!server.listening) await listen();
    },
    close: stop,
    kubeconfig(kubeconfig, clusterName) {
      const kc = parse(readFileSync(kubeconfig, 'utf8')) as { clusters: { name: string; cluster: { server: string } }[] };
      for (const c of kc.clusters) if (c.name === clusterName) c.cluster.server = `https://127.0.0.1:${port}`;
      const file = join(tmpdir(), `mldeck-relay-${port}-${Date.now()}.yaml`);
      writeFileSync(file, stringify(kc), { mode: 0o600 });
      return file;
    },
  };
}
