// SPDX-License-Identifier: Apache-2.0
/**
 * Kept container logs: ask MLDeck to keep a pod's logs while it lives, read them later,
 * after the pod is gone and offline.
 */
import { z } from 'zod';
import { rpc } from '../../ipc/define';
import { DnsLabel, DnsSubdomain } from '../../kube/names';

const PodRef = z.object({ clusterId: z.string().min(1).max(512), namespace: DnsLabel, pod: DnsSubdomain });

export const KeepRequest = PodRef;
export const ReadRequest = PodRef.extend({ container: z.string().min(1).max(253), limit: z.number().int().min(1).max(1_000_000).optional() });
/** {@link ReadRequest} */
export type ReadRequest = z.infer<typeof ReadRequest>;

/** Kept lines of one container. */
export interface KeptLog {
  lines: { time: string; text: string }[];
  /** Older lines were dropped to stay within the size limits. */
  truncated: boolean;
  /** When the last line was kept (ms since epoch). */
  lastAt: number | undefined;
  /** Still following the live container. */
  following: boolean;
}

export const logsContract = {
  keep: rpc<z.infer<typeof KeepRequest>, { containers: string[] }>('logs:keep', KeepRequest),
  read: rpc<ReadRequest, KeptLog>('logs:read', ReadRequest),
  list: rpc<{ clusterId: string; namespace?: string }, { namespace: string; pod: string; container: string; bytes: number; lastAt: number }[]>(
    'logs:list',
    z.object({ clusterId: z.string().min(1).max(512), namespace: DnsLabel.optional() }),
  ),
} as const;
