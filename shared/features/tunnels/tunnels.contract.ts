// SPDX-License-Identifier: Apache-2.0
/**
 * Tunnels the user opens for their own browser or tools (MLflow's UI, TensorBoard, Jupyter, a
 * MinIO console, any Service or pod port): a listener on 127.0.0.1 that forwards only requests
 * carrying the tunnel's random token (the first one, on the token path, sets a cookie scoped to
 * the tunnel), or a Unix socket in a 0700 folder of the data directory. Each forwards through a
 * port-forward to one pod; listed with bytes and age; closed by the user or after being idle.
 */
import { z } from 'zod';
import { rpc } from '../../ipc/define';
import { DnsLabel, DnsSubdomain } from '../../kube/names';

const ClusterId = z.string().min(1).max(512);

/** What a tunnel goes to: a Service port (its ready pod) or a pod port. */
export const TunnelTarget = z.object({
  kind: z.enum(['service', 'pod']),
  name: DnsSubdomain,
  port: z.number().int().min(1).max(65535),
});
/** {@link TunnelTarget} */
export type TunnelTarget = z.infer<typeof TunnelTarget>;

export const OpenTunnelRequest = z.object({
  clusterId: ClusterId,
  namespace: DnsLabel,
  target: TunnelTarget,
  /** `loopback`: 127.0.0.1 with a token (for a browser); `unix`: a socket in a 0700 folder (for tools). */
  listen: z.enum(['loopback', 'unix']),
  /** Closed after this many minutes without traffic. */
  idleMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** What the user calls it ("TensorBoard for run 12"). */
  label: z.string().trim().max(120).optional(),
});
/** {@link OpenTunnelRequest} */
export type OpenTunnelRequest = z.infer<typeof OpenTunnelRequest>;

/** An open tunnel. */
export interface TunnelInfo {
  id: string;
  clusterId: string;
  namespace: string;
  target: TunnelTarget;
  /** The pod and port the traffic goes to. */
  pod: string;
  podPort: number;
  listen: 'loopback' | 'unix';
  /** `127.0.0.1:<port>`, or the socket's path. */
  address: string;
  /** For loopback tunnels: the link that carries the token (open it in a browser). */
  url?: string;
  /** Bytes from the local side to the pod, and back. */
  bytesIn: number;
  bytesOut: number;
  requests: number;
  /** Requests refused (no token, another Host). */
  refused: number;
  openedAt: string;
  lastActivityAt: string;
  idleMinutes: number;
  label?: string;
}

export const TunnelRequest = z.object({ id: z.string().regex(/^[a-f0-9]{8,40}$/, 'not a tunnel id') });
/** {@link TunnelRequest} */
export type TunnelRequest = z.infer<typeof TunnelRequest>;

export const tunnelsContract = {
  /** Opens a tunnel (the target is checked first: Service, ready pod, port). */
  open: rpc<OpenTunnelRequest, TunnelInfo>('tunnels:open', OpenTunnelRequest),
  /** The open tunnels with their counters. */
  list: rpc<Record<string, never>, TunnelInfo[]>('tunnels:list', z.object({}).strict()),
  /** Closes a tunnel: its listener and connections. */
  close: rpc<TunnelRequest, void>('tunnels:close', TunnelRequest),
};
