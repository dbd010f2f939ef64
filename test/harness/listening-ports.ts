// SPDX-License-Identifier: Apache-2.0
/** The TCP ports a process listens on, read from /proc (Linux), for tests that no port was opened. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * TCP ports a process listens on: sockets in LISTEN state (IPv4 and IPv6) whose inode is one of its fds.
 * @param pid - default this process
 */
export function listeningPorts(pid: number | 'self' = 'self'): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // the fd closed while listing
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' && inodes.has(cols[9] ?? '')) ports.push(parseInt((cols[1] ?? '').split(':').pop() ?? '0', 16));
    }
  }
  return ports.sort((a, b) => a - b);
}
