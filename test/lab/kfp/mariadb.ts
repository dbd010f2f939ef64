// SPDX-License-Identifier: Apache-2.0
/**
 * The MariaDB of the lab's Kubeflow Pipelines API servers: Debian's `mariadb-server`
 * (`scripts/prerequisites.mjs` installs it), its own data directory under the lab's state
 * directory, on 127.0.0.1 only, one database per cluster. KFP 2.17.0 runs on the MySQL
 * protocol (its PostgreSQL path fails, see ../../shared/vendor/README.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterName } from '../control-plane.ts';
import { stateDir } from '../paths.ts';
import { peerPorts } from '../ports.ts';
import { startProcess, waitFor } from '../process.ts';

/** The server binary and the tools next to it (Debian paths). */
export const mariadbBin = { server: '/usr/sbin/mariadbd', installDb: '/usr/bin/mariadb-install-db', client: '/usr/bin/mariadb' } as const;

/** Process name of the server. */
export const mariadbProcess = 'mariadb';

const dir = join(stateDir, 'mariadb');
const dataDir = join(dir, 'data');
const socket = join(dir, 'mariadb.sock');

/** The account the API servers use (created on first start; loopback only). */
export const kfpDbUser = { user: 'kfp', password: 'mldeck-kfp' } as const;

/** The database of a cluster's API server. */
export function kfpDatabase(cluster: ClusterName): string {
  return `mlpipeline_${cluster.replace('-', '_')}`;
}

/** Runs SQL as root over the server's socket (root authenticates by socket owner); returns the rows as text. */
export function sql(statements: string, database?: string): string {
  return execFileSync(
    mariadbBin.client,
    [`--socket=${socket}`, '-uroot', '--batch', '--skip-column-names', ...(database ? [database] : []), '-e', statements],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    },
  );
}

/** Healthy when `SELECT VERSION()` answers over the socket. */
export function mariadbHealth(): { ok: boolean; detail: string } {
  if (!existsSync(mariadbBin.server)) return { ok: false, detail: `${mariadbBin.server} missing: apt-get install mariadb-server` };
  try {
    const version = sql('SELECT VERSION()').trim();
    return { ok: true, detail: `127.0.0.1:${peerPorts.mariadb} MariaDB ${version}` };
  } catch (e) {
    const err = e as { stderr?: string; message?: string };
    return { ok: false, detail: `127.0.0.1:${peerPorts.mariadb}: ${(err.stderr ?? err.message ?? String(e)).trim().split('\n')[0]}` };
  }
}

/** Starts the server (initialising its data directory once) and creates the clusters' databases. */
export async function startMariadb(clusters: ClusterName[]): Promise<void> {
  if (!existsSync(mariadbBin.server)) {
    throw new Error(`${mariadbBin.server} is missing: install Debian's mariadb-server (apt-get install -y mariadb-server; npm test does it)`);
  }
  if (!mariadbHealth().ok) {
    mkdirSync(dir, { recursive: true });
    if (!existsSync(join(dataDir, 'mysql'))) {
      execFileSync(mariadbBin.installDb, [`--datadir=${dataDir}`, '--user=root', '--auth-root-authentication-method=socket', '--skip-test-db'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    }
    startProcess(mariadbProcess, mariadbBin.server, [
      `--datadir=${dataDir}`,
      '--user=root',
      `--port=${peerPorts.mariadb}`,
      '--bind-address=127.0.0.1',
      `--socket=${socket}`,
      `--pid-file=${join(dir, 'mariadbd.pid')}`,
      '--skip-name-resolve',
      '--innodb-buffer-pool-size=64M',
      '--max-connections=200',
    ]);
    await waitFor(mariadbProcess, 'SELECT VERSION()', async () => mariadbHealth().ok, 60_000);
  }
  const { user, password } = kfpDbUser;
  sql(
    [
      `CREATE USER IF NOT EXISTS '${user}'@'127.0.0.1' IDENTIFIED BY '${password}'`,
      ...clusters.flatMap((c) => [
        `CREATE DATABASE IF NOT EXISTS ${kfpDatabase(c)} CHARACTER SET utf8mb4`,
        `GRANT ALL PRIVILEGES ON ${kfpDatabase(c)}.* TO '${user}'@'127.0.0.1'`,
      ]),
    ].join(';\n'),
  );
}
