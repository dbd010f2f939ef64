// SPDX-License-Identifier: Apache-2.0
/**
 * Kept container logs: ask MLDeck to keep a pod's logs while it lives, read them later,
 * after the pod is gone and offline.
 */
import { z } from 'zod';
import { rpc, topic } from '../../ipc/define';
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

export const TailRequest = ReadRequest;
/** {@link TailRequest} */
export type TailRequest = z.infer<typeof TailRequest>;

/**
 * Where a tailed log stands: `following` the live container; `reconnecting` (still following,
 * the stream dropped); `finished` (the container ended, its log is kept); `pod-gone` (kept log of a
 * deleted pod); `offline` (the cluster cannot be reached: the kept log); `snapshot` (read-only file);
 * `stopped` (MLDeck stopped following).
 */
export type TailState = 'following' | 'reconnecting' | 'finished' | 'pod-gone' | 'offline' | 'snapshot' | 'stopped';

/** A stamped log line. */
export interface LogLine {
  /** RFC 3339 with nanoseconds, as the kubelet stamped it. */
  time: string;
  text: string;
}

/** What `logs:tail` answers: the kept lines now; later lines come on `logs:appended`. */
export interface TailStart {
  /** Names this tail in `logs:appended` and `logs:untail`. */
  subscriptionId: string;
  /** The newest `limit` kept lines, oldest first. */
  lines: LogLine[];
  /** Older lines were dropped (by the kept-log bounds or by `limit`). */
  truncated: boolean;
  /** Lines are still arriving from the live container. */
  following: boolean;
  state: TailState;
  /** Why it is not following, in words. */
  reason?: string;
}

/** New lines of one tail (possibly none, when only its state changed). */
export interface TailAppended {
  subscriptionId: string;
  /** Lines just kept, oldest first. */
  lines: LogLine[];
  following: boolean;
  state: TailState;
  reason?: string;
  /**
   * Lines not sent before these because the client was behind (main held at most a bounded
   * number for it). The kept log still has them.
   */
  skipped?: number;
}

export const logsContract = {
  keep: rpc<z.infer<typeof KeepRequest>, { containers: string[] }>('logs:keep', KeepRequest),
  read: rpc<ReadRequest, KeptLog>('logs:read', ReadRequest),
  list: rpc<{ clusterId: string; namespace?: string }, { namespace: string; pod: string; container: string; bytes: number; lastAt: number }[]>(
    'logs:list',
    z.object({ clusterId: z.string().min(1).max(512), namespace: DnsLabel.optional() }),
  ),
  /** Starts keeping the container if its pod lives and tails it; falls back to the kept lines. */
  tail: rpc<TailRequest, TailStart>('logs:tail', TailRequest),
  /** Ends one tail of this client (the log stays kept). */
  untail: rpc<{ subscriptionId: string }, void>('logs:untail', z.object({ subscriptionId: z.string().min(1).max(100) })),
  /** New lines of a tail, sent only to the client that asked for it. */
  appended: topic<TailAppended>('logs:appended'),
} as const;
