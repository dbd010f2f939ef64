// SPDX-License-Identifier: Apache-2.0
/** Handlers of the logs contract (kept container logs). */
import type { logsContract } from '../../../shared/features/logs/logs.contract';
import type { CacheDb } from '../../platform/cache/cache-db';
import type { LogCapture } from '../../platform/logs/log-capture';
import { unstamp } from '../../platform/logs/log-capture';
import type { HandlerMap } from '../../ipc/dispatcher';
import { isSnapshotId, type SnapshotRegistry } from '../../platform/snapshots/snapshot-registry';
import type { LogTails } from './log-tails';

export function logsHandlers(capture: LogCapture, snapshots: SnapshotRegistry, tails: LogTails): HandlerMap<typeof logsContract> {
  const source = (clusterId: string): { cache: CacheDb; cluster: string } | undefined => {
    if (!isSnapshotId(clusterId)) return undefined;
    const s = snapshots.get(clusterId);
    return { cache: s.cache, cluster: s.meta.cluster };
  };
  return {
    keep: async ({ clusterId, namespace, pod }) => ({ containers: await capture.keepPod(clusterId, namespace, pod) }),
    read: async ({ clusterId, namespace, pod, container, limit }) => {
      const snap = source(clusterId);
      if (snap) {
        const r = await snap.cache.readLogs({ cluster: snap.cluster, namespace, pod, container }, limit);
        return { lines: r.lines.map(unstamp), truncated: r.truncated, lastAt: r.lastAt, following: false };
      }
      return capture.read({ cluster: clusterId, namespace, pod, container }, limit);
    },
    list: async ({ clusterId, namespace }) => {
      const snap = source(clusterId);
      const keys = snap ? await snap.cache.listLogKeys(snap.cluster, namespace) : await capture.list(clusterId, namespace);
      return keys.map(({ namespace: ns, pod, container, bytes, lastAt }) => ({ namespace: ns, pod, container, bytes, lastAt }));
    },
    tail: (req, ctx) => tails.tail(req, ctx.clientId),
    untail: ({ subscriptionId }, ctx) => tails.untail(subscriptionId, ctx.clientId),
  };
}
