// SPDX-License-Identifier: Apache-2.0
/**
 * Reads model artifacts straight from S3 or an S3-compatible store (MinIO, versitygw) with the
 * credentials set in the MLflow connection settings, through the platform's S3 client
 * (`main/platform/object-store`): one folder level, and the first bytes of a file.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { ArtifactEntry } from '../../../shared/features/registry/registry.contract';
import type { HttpRoute } from '../../platform/net/http-route';
import { getObjectBytes, listFolder, type ReadContext } from '../../platform/object-store/object-reads';
import { makeS3Client } from '../../platform/object-store/s3-client';
import type { Download } from '../../platform/mlflow/mlflow-client';
import type { S3Access } from './registry-settings';

/** The artifact store of one MLflow connection. */
export class ArtifactStore {
  private readonly client: S3Client;
  private readonly ctx: ReadContext;

  /** @param route - how the endpoint is reached (the connector's URL route: the proxy rule applies) */
  constructor(access: S3Access, route: HttpRoute, timeoutMs = 20_000) {
    this.client = makeS3Client(
      { endpoint: access.endpoint, region: access.region, credentials: { accessKeyId: access.accessKeyId, secretAccessKey: access.secretAccessKey } },
      route,
      { requestMs: timeoutMs },
    );
    this.ctx = { store: `S3 at ${access.endpoint} (credentials of the MLflow connection settings)` };
  }

  /** One folder level under `s3://bucket/prefix/sub`: entries with paths relative to `prefix`. */
  async list(bucket: string, prefix: string, sub: string): Promise<ArtifactEntry[]> {
    const dir = [prefix, sub].filter(Boolean).join('/');
    const { folders, objects } = await listFolder(this.client, this.ctx, bucket, dir ? `${dir}/` : '', 20);
    const rel = (k: string) => k.slice(prefix ? prefix.length + 1 : 0).replace(/\/$/, '');
    return [
      ...objects.filter((o) => !o.key.endsWith('/')).map((o) => ({ path: rel(o.key), isDir: false, size: o.size })),
      ...folders.map((f) => ({ path: rel(f), isDir: true, size: undefined })),
    ];
  }

  /** The first `limit` bytes of an object. */
  download(bucket: string, key: string, limit: number): Promise<Download> {
    return getObjectBytes(this.client, this.ctx, bucket, key, limit);
  }

  /** Closes the client's connections. */
  close(): void {
    this.client.destroy();
  }
}
