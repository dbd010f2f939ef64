// SPDX-License-Identifier: Apache-2.0
/**
 * Snapshots: a cluster's cached state (chosen namespaces and kinds, with kept logs) in one
 * file, to review on another machine. An opened snapshot appears as a read-only cluster.
 */
import { z } from 'zod';
import { rpc } from '../../ipc/define';
import { DnsLabel } from '../../kube/names';
import type { ClusterList } from '../clusters/clusters.contract';

export const ExportRequest = z.object({
  clusterId: z.string().min(1).max(512),
  /** Only these namespaces (cluster-scoped kinds are always included); all when omitted. */
  namespaces: z.array(DnsLabel).max(500).optional(),
  includeLogs: z.boolean(),
});
/** {@link ExportRequest} */
export type ExportRequest = z.infer<typeof ExportRequest>;

/** Where the snapshot was written and what it holds. */
export interface ExportResult {
  file: string;
  objects: number;
  logLines: number;
}

export const snapshotsContract = {
  export: rpc<ExportRequest, ExportResult>('snapshots:export', ExportRequest),
  open: rpc<{ path: string }, ClusterList>('snapshots:open', z.object({ path: z.string().min(1).max(4096) })),
  openSample: rpc<Record<string, never>, ClusterList>('snapshots:open-sample', z.object({}).strict()),
  close: rpc<{ clusterId: string }, ClusterList>('snapshots:close', z.object({ clusterId: z.string().min(1).max(512) })),
} as const;
