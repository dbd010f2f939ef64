// SPDX-License-Identifier: Apache-2.0
/**
 * MLflow tracking as MLDeck models it: the tracking servers it knows (each cluster's server,
 * found in the cluster and confirmed or set by URL, and saved URLs), with where each was found;
 * experiments; runs as table rows (params, latest metrics and tags as maps) and as a page (lists,
 * artifact root); metric histories. Used by the MLflow feature and by the comparison.
 */
import { z } from 'zod';

/** Which tracking server: a cluster's (as its MLflow settings say) or a saved URL. */
export const TrackingServerRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cluster'), clusterId: z.string().min(1).max(512) }),
  z.object({
    kind: z.literal('url'),
    url: z
      .string()
      .trim()
      .max(2048)
      .regex(/^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/i, 'Enter an http:// or https:// URL without credentials, query or fragment'),
  }),
]);
/** {@link TrackingServerRef} */
export type TrackingServerRef = z.infer<typeof TrackingServerRef>;

/** A stable id for a server ref (`cluster:<id>`, `url:<url>`), for maps, URLs and the index. */
export function trackingServerId(ref: TrackingServerRef): string {
  return ref.kind === 'cluster' ? `cluster:${ref.clusterId}` : `url:${ref.url.replace(/\/+$/, '')}`;
}

/** The ref of a {@link trackingServerId}, or undefined when it is not one. */
export function parseTrackingServerId(id: string): TrackingServerRef | undefined {
  if (id.startsWith('cluster:') && id.length > 8) return { kind: 'cluster', clusterId: id.slice(8) };
  if (id.startsWith('url:')) {
    const parsed = TrackingServerRef.safeParse({ kind: 'url', url: id.slice(4) });
    return parsed.success ? parsed.data : undefined;
  }
  return undefined;
}

/** Where a tracking server was found (or why it cannot be used yet). */
export type TrackingServerWhere =
  /** set by URL (a cluster's settings, or a saved URL) */
  | { kind: 'url'; url: string }
  /** the in-cluster Service the user confirmed, reached through a port-forward (pod known once connected) */
  | { kind: 'port-forward'; namespace: string; service: string; pod: string | undefined; port: number | undefined }
  /** nothing confirmed in the cluster's MLflow settings yet: MLDeck sends nothing until the user confirms one */
  | { kind: 'unconfirmed' };

/** A tracking server MLDeck knows. */
export interface TrackingServer {
  /** {@link trackingServerId} of {@link ref}. */
  id: string;
  ref: TrackingServerRef;
  /** How the user knows it: `lab-b · mlflow/mlflow`, `http://mlflow.example.com`. */
  label: string;
  clusterId: string | undefined;
  /** The cluster's context name. */
  clusterName: string | undefined;
  where: TrackingServerWhere;
  /** How a saved server (`ref.kind === 'url'`) was saved: its name and how MLDeck signs in (never the secret). */
  saved: SavedServerInfo | undefined;
}

/** A saved tracking server as the renderer sees it: no password or token, only that one is kept. */
export interface SavedServerInfo {
  /** The name the user gave ('' for none). */
  name: string;
  auth: 'none' | 'basic' | 'bearer';
  /** The user name for basic auth ('' otherwise). */
  username: string;
  /** Whether the password or token is sealed by the OS keychain (false: a 0600 file only, or no secret). */
  secretSealed: boolean;
}

/** A key and value (params, tags). */
export interface KeyValue {
  key: string;
  value: string;
}

/** An MLflow experiment. */
export interface TrackingExperiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  /** `active` or `deleted`. */
  lifecycleStage: string;
  /** ms since epoch (0 when MLflow gave none). */
  createdAt: number;
  updatedAt: number;
  tags: KeyValue[];
}

/** A run as a table row: params, latest metric values and tags by key. */
export interface TrackingRunRow {
  runId: string;
  runName: string;
  experimentId: string;
  /** RUNNING, SCHEDULED, FINISHED, FAILED, KILLED. */
  status: string;
  startTime: number | undefined;
  endTime: number | undefined;
  /** `mlflow.user`, else the run's user id. */
  user: string;
  lifecycleStage: string;
  params: Record<string, string>;
  /** Latest value of each metric (NaN/±Infinity kept as numbers; JSON carries them as null, see the wire). */
  metrics: Record<string, number>;
  /** All tags, `mlflow.*` included. */
  tags: Record<string, string>;
}

/** A metric's latest value. */
export interface LatestMetric {
  key: string;
  value: number;
  step: number;
  timestamp: number;
}

/** A run as its page shows it. */
export interface TrackingRun {
  runId: string;
  runName: string;
  experimentId: string;
  status: string;
  startTime: number | undefined;
  endTime: number | undefined;
  user: string;
  lifecycleStage: string;
  artifactUri: string;
  params: KeyValue[];
  metrics: LatestMetric[];
  /** Tags without MLflow's `mlflow.*` bookkeeping (in {@link systemTags}). */
  tags: KeyValue[];
  systemTags: KeyValue[];
}

/** One point of a metric's history. */
export interface MetricPoint {
  step: number;
  value: number;
  timestamp: number;
}

/** One page of `runs/search`. */
export interface RunsPage {
  runs: TrackingRunRow[];
  /** Undefined on the last page. */
  nextPageToken: string | undefined;
}

/** A run's file or folder (`artifacts/list`). */
export interface RunArtifact {
  path: string;
  isDir: boolean;
  size: number | undefined;
}

/** A model version a run produced (registry search by run id). */
export interface RunModelVersion {
  name: string;
  version: string;
  status: string;
  source: string;
  aliases: string[];
  createdAt: number;
}
