// SPDX-License-Identifier: Apache-2.0
// System packages the full test suite needs: Debian's chromium (end-to-end tests drive it),
// prometheus (the lab's GPU metrics), openssl (the lab's PKI), mariadb-server (the database of the
// lab's Kubeflow Pipelines API servers). Installed with apt when run
// as root; otherwise the exact command is printed and the run stops.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needs = [
  { bin: '/usr/bin/chromium', pkg: 'chromium' },
  { bin: '/usr/bin/prometheus', pkg: 'prometheus' },
  { bin: '/usr/bin/openssl', pkg: 'openssl' },
  { bin: '/usr/sbin/mariadbd', pkg: 'mariadb-server' },
];

export function ensureSystemPackages() {
  const missing = needs.filter((n) => !existsSync(n.bin)).map((n) => n.pkg);
  if (!missing.length) return;
  const cmd = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing system packages: ${missing.join(', ')}. Install them with:\n  sudo sh -c '${cmd}'`);
  }
  console.log(`[setup] installing ${missing.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed (exit ${r.status})`);
  // Debian starts prometheus as a service on install; the lab runs its own on loopback
  spawnSync(
    'sh',
    [
      '-c',
      'command -v systemctl >/dev/null && systemctl disable --now prometheus prometheus-node-exporter 2>/dev/null; pkill -x prometheus-node-exporter; true',
    ],
    { stdio: 'ignore' },
  );
  // and mariadb too; the lab starts its own mariadbd with a data directory under .lab
  spawnSync(
    'sh',
    [
      '-c',
      'command -v systemctl >/dev/null && systemctl disable --now mariadb 2>/dev/null; command -v service >/dev/null && service mariadb stop 2>/dev/null; true',
    ],
    { stdio: 'ignore' },
  );
}
