// SPDX-License-Identifier: Apache-2.0
/**
 * Object storage (S3, S3-compatible stores, GCS through its S3 interoperability): the stores
 * MLDeck finds in a cluster (KFP's artifact Secret, MLflow's artifact store, KServe's S3 Secrets,
 * a MinIO or S3 Service) with where each came from, connections saved per cluster (credentials
 * stay in main, sealed, sent only to the endpoint they were saved for), and the browser's calls:
 * buckets, one page of a prefix, previews, presigned links, deletes, uploads and downloads in
 * chunks with progress pushed as `storage:transfer`.
 */
import { z } from 'zod';
import { rpc, topic } from '../../ipc/define';

const ClusterId = z.string().min(1).max(512);
const ConnectionId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'Unknown connection');
const Bucket = z.string().min(1).max(255);
/** An object key or prefix (S3 allows up to 1,024 bytes). */
const Key = z.string().max(1024);
const TransferId = z.string().regex(/^[a-z0-9-]{8,64}$/);

/** Where a found store came from. */
export type StoreOriginKind = 'kfp' | 'mlflow' | 'kserve' | 'pod-default' | 'service';

/** A store MLDeck found in a cluster. Credentials are never part of it. */
export interface FoundStore {
  /** Stable within a cluster (`kfp-kubeflow-mlpipeline-minio-artifact`). */
  id: string;
  origin: StoreOriginKind;
  /** Where it came from, in words: "KFP artifact Secret kubeflow/mlpipeline-minio-artifact". */
  from: string;
  /** The endpoint (`http://host:port`), or `service namespace/name:port` when reached in the cluster. */
  endpoint: string | undefined;
  region: string;
  /** Whether credentials were found beside it (a Secret's keys). */
  hasCredentials: boolean;
  /** Where to start browsing (`s3://mlpipeline/v2/artifacts`), when the source names one. */
  location: string | undefined;
  /** Why it cannot be used as it is (no endpoint, no keys), when it cannot. */
  problem: string | undefined;
}

/** How a saved connection signs. */
export type StoreAuth = 'keys' | 'profile' | 'anonymous';

/** A saved connection as the renderer may see it (secrets only as "is set"). */
export interface SavedStore {
  id: string;
  name: string;
  kind: 's3' | 'gcs';
  /** `http(s)://…`, or `service namespace/name:port` for an in-cluster Service. */
  endpoint: string;
  region: string;
  pathStyle: boolean;
  auth: StoreAuth;
  accessKeyId: string;
  hasSecret: boolean;
  hasSessionToken: boolean;
  profile: string;
  /** The found store it was made from, in words, when it was. */
  from: string | undefined;
  location: string | undefined;
  /** Whether presigned links can be made (an endpoint reachable outside MLDeck). */
  canPresign: boolean;
}

/** What the storage page offers for a cluster. */
export interface StoreConnections {
  found: FoundStore[];
  saved: SavedStore[];
  /** Where MLDeck looked, and what it could not read (RBAC), in words. */
  notes: string[];
  /** How saved secrets are kept on this host (for the form's warning). */
  secretsSealed: boolean;
}

/** An object in a listing. */
export interface StoreObject {
  key: string;
  size: number;
  lastModified: string | undefined;
}

/** One page of a prefix. */
export interface StorePage {
  folders: string[];
  objects: StoreObject[];
  next: string | undefined;
}

/** A transfer's progress, pushed to the client that started it. */
export interface TransferEvent {
  id: string;
  loaded: number;
  total: number | undefined;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  message?: string;
}

const At = z.object({ clusterId: ClusterId, connectionId: ConnectionId });

/** A connection entered by hand. A secret left undefined keeps the stored one ('' clears it). */
export const SaveStoreInput = z.object({
  clusterId: ClusterId,
  id: ConnectionId.optional(),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['s3', 'gcs']),
  endpoint: z
    .string()
    .trim()
    .max(2048)
    .regex(/^(https?:\/\/[^\s/?#@]+\/?)?$/i, 'Enter the endpoint as http(s)://host[:port], or leave it empty for AWS S3'),
  region: z.string().trim().max(64),
  pathStyle: z.boolean(),
  auth: z.enum(['keys', 'profile', 'anonymous']),
  accessKeyId: z.string().trim().max(256),
  secretAccessKey: z.string().max(4096).optional(),
  sessionToken: z.string().max(8192).optional(),
  profile: z.string().trim().max(128),
});
export type SaveStoreInput = z.infer<typeof SaveStoreInput>;

export const storageContract = {
  connections: rpc<{ clusterId: string }, StoreConnections>('storage:connections', z.object({ clusterId: ClusterId })),
  adopt: rpc<{ clusterId: string; foundId: string }, SavedStore>('storage:adopt', z.object({ clusterId: ClusterId, foundId: z.string().min(1).max(300) })),
  save: rpc<SaveStoreInput, SavedStore>('storage:save', SaveStoreInput),
  remove: rpc<{ clusterId: string; connectionId: string }, void>('storage:remove', At),
  profiles: rpc<Record<string, never>, { profiles: { name: string; region: string | undefined }[] }>('storage:profiles', z.object({}).strict()),
  buckets: rpc<{ clusterId: string; connectionId: string }, { buckets: { name: string; created: string | undefined }[] }>('storage:buckets', At),
  list: rpc<{ clusterId: string; connectionId: string; bucket: string; prefix: string; token?: string; max?: number }, StorePage>(
    'storage:list',
    At.extend({ bucket: Bucket, prefix: Key, token: z.string().max(4096).optional(), max: z.number().int().min(1).max(1000).optional() }),
  ),
  preview: rpc<
    { clusterId: string; connectionId: string; bucket: string; key: string; limit: number },
    { base64: string; size: number; truncated: boolean; contentType: string | undefined }
  >(
    'storage:preview',
    At.extend({
      bucket: Bucket,
      key: Key.min(1),
      limit: z
        .number()
        .int()
        .min(1)
        .max(16 << 20),
    }),
  ),
  presign: rpc<{ clusterId: string; connectionId: string; bucket: string; key: string; expiresSeconds: number }, { url: string; expiresAt: string }>(
    'storage:presign',
    At.extend({
      bucket: Bucket,
      key: Key.min(1),
      expiresSeconds: z
        .number()
        .int()
        .min(60)
        .max(7 * 24 * 3600),
    }),
  ),
  deletePlan: rpc<
    { clusterId: string; connectionId: string; bucket: string; keys: string[]; prefixes: string[] },
    { keys: string[]; count: number; bytes: number; truncated: boolean }
  >('storage:delete-plan', At.extend({ bucket: Bucket, keys: z.array(Key.min(1)).max(10_000), prefixes: z.array(Key.min(1)).max(100) })),
  delete: rpc<{ clusterId: string; connectionId: string; bucket: string; keys: string[]; prefixes: string[] }, { deleted: number }>(
    'storage:delete',
    At.extend({ bucket: Bucket, keys: z.array(Key.min(1)).max(10_000), prefixes: z.array(Key.min(1)).max(100) }),
  ),
  uploadStart: rpc<{ clusterId: string; connectionId: string; bucket: string; key: string; size: number; contentType?: string }, { uploadId: string }>(
    'storage:upload-start',
    At.extend({ bucket: Bucket, key: Key.min(1), size: z.number().int().min(0), contentType: z.string().max(255).optional() }),
  ),
  uploadChunk: rpc<{ uploadId: string; base64: string }, { received: number }>(
    'storage:upload-chunk',
    z.object({ uploadId: TransferId, base64: z.string().max(12 << 20) }),
  ),
  uploadFinish: rpc<{ uploadId: string }, { etag: string | undefined }>('storage:upload-finish', z.object({ uploadId: TransferId })),
  uploadCancel: rpc<{ uploadId: string }, void>('storage:upload-cancel', z.object({ uploadId: TransferId })),
  downloadStart: rpc<
    { clusterId: string; connectionId: string; bucket: string; key?: string; prefix?: string },
    { downloadId: string; name: string; total: number; kind: 'file' | 'tar' }
  >('storage:download-start', At.extend({ bucket: Bucket, key: Key.min(1).optional(), prefix: Key.optional() })),
  downloadRead: rpc<{ downloadId: string }, { base64: string; done: boolean }>('storage:download-read', z.object({ downloadId: TransferId })),
  downloadCancel: rpc<{ downloadId: string }, void>('storage:download-cancel', z.object({ downloadId: TransferId })),
  transfer: topic<TransferEvent>('storage:transfer'),
} as const;
