// SPDX-License-Identifier: Apache-2.0
/**
 * Object storage: the stores a cluster shows (found, never used until the user saves one) and the
 * saved connections; buckets, one page of a prefix, the first bytes of an object, presigned GET
 * links, and deletes (planned first, so the user sees what goes). Transfers are in
 * `storage-transfers.ts`.
 */
import { DeleteObjectsCommand, ListBucketsCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { AppError } from '../../../shared/errors';
import type { FoundStore, SaveStoreInput, SavedStore, StoreConnections, StorePage } from '../../../shared/features/storage/storage.contract';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import { getObjectBytes, listPage } from '../../platform/object-store/object-reads';
import { s3Error } from '../../platform/object-store/s3-errors';
import { isSnapshotId } from '../../platform/snapshots/snapshot-registry';
import { awsProfiles } from './aws-profiles';
import type { StoreClients } from './store-clients';
import type { StoreConnectionsFile } from './store-connections';
import { discoverStores } from './store-discovery';
import { reachLabel, type StoreSource } from './store-sources';

/** The most keys a delete plan lists by name (the count covers all). */
const PLAN_LIST = 1000;

/** The service. */
export class StorageService {
  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly connections: StoreConnectionsFile,
    private readonly clients: StoreClients,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Found stores and saved connections of a cluster. */
  async list(clusterId: string): Promise<StoreConnections> {
    const saved = await this.connections.list(clusterId);
    if (isSnapshotId(clusterId))
      return { found: [], saved, notes: ['A snapshot has no Secrets: enter connections by hand.'], secretsSealed: this.connections.secretsSealed };
    // a store entered by hand needs no cluster: when the cluster cannot be read, say why and keep the rest
    const { sources, notes } = await this.discover(clusterId).catch((e: unknown) => ({
      sources: [] as StoreSource[],
      notes: [`MLDeck could not look for stores in this cluster (${e instanceof Error ? e.message : String(e)}); stores entered by hand still work.`],
    }));
    return { found: sources.map(toFound), saved, notes, secretsSealed: this.connections.secretsSealed };
  }

  /** Saves a found store; its keys go only to where it was found. */
  async adopt(clusterId: string, foundId: string): Promise<SavedStore> {
    const s = (await this.discover(clusterId)).sources.find((x) => x.id === foundId);
    if (!s) throw new AppError('not-found', 'MLDeck no longer finds this store in the cluster; refresh the list.');
    if (s.problem && !s.reach) throw new AppError('validation', s.problem);
    const saved = await this.connections.adopt(clusterId, s);
    this.clients.drop(clusterId, saved.id);
    return saved;
  }

  async save(input: SaveStoreInput): Promise<SavedStore> {
    const saved = await this.connections.save(input);
    this.clients.drop(input.clusterId, saved.id);
    return saved;
  }

  async remove(clusterId: string, connectionId: string): Promise<void> {
    await this.connections.remove(clusterId, connectionId);
    this.clients.drop(clusterId, connectionId);
  }

  profiles(): Promise<{ profiles: { name: string; region: string | undefined }[] }> {
    return awsProfiles(this.env).then((profiles) => ({ profiles }));
  }

  async buckets(clusterId: string, connectionId: string): Promise<{ buckets: { name: string; created: string | undefined }[] }> {
    const c = await this.clients.get(clusterId, connectionId);
    try {
      const out = await c.client.send(new ListBucketsCommand({}));
      return { buckets: (out.Buckets ?? []).map((b) => ({ name: b.Name ?? '', created: b.CreationDate?.toISOString() })).filter((b) => b.name) };
    } catch (e) {
      throw s3Error(e, c.store, 'bucket list');
    }
  }

  /** One page of a prefix (folders by `/`). */
  async page(clusterId: string, connectionId: string, bucket: string, prefix: string, token: string | undefined, max = 1000): Promise<StorePage> {
    const c = await this.clients.get(clusterId, connectionId);
    const p = await listPage(c.client, { store: c.store }, bucket, prefix, { token, max });
    return { folders: p.folders, objects: p.objects.map(({ key, size, lastModified }) => ({ key, size, lastModified })), next: p.next };
  }

  async preview(clusterId: string, connectionId: string, bucket: string, key: string, limit: number) {
    const c = await this.clients.get(clusterId, connectionId);
    const got = await getObjectBytes(c.client, { store: c.store }, bucket, key, limit);
    return { base64: got.bytes.toString('base64'), size: got.size, truncated: got.truncated, contentType: got.contentType };
  }

  /** A presigned GET link (URL endpoints only: a port-forward's address means nothing outside MLDeck). */
  async presign(clusterId: string, connectionId: string, bucket: string, key: string, expiresSeconds: number): Promise<{ url: string; expiresAt: string }> {
    const c = await this.clients.get(clusterId, connectionId);
    if (c.resolved.reach.kind !== 'url')
      throw new AppError(
        'validation',
        `${c.store} is reached through a port-forward, so a link to it would not work outside MLDeck. Download the file instead.`,
      );
    if (c.resolved.auth === 'anonymous') throw new AppError('validation', 'This connection has no keys to sign a link with.');
    try {
      const url = await getSignedUrl(c.client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresSeconds });
      return { url, expiresAt: new Date(Date.now() + expiresSeconds * 1000).toISOString() };
    } catch (e) {
      throw s3Error(e, c.store, `s3://${bucket}/${key}`);
    }
  }

  /** What a delete would remove: the keys and every key under the prefixes. */
  async deletePlan(clusterId: string, connectionId: string, bucket: string, keys: string[], prefixes: string[]) {
    const all = await this.expand(clusterId, connectionId, bucket, keys, prefixes);
    return {
      keys: all.slice(0, PLAN_LIST).map((k) => k.key),
      count: all.length,
      bytes: all.reduce((n, k) => n + k.size, 0),
      truncated: all.length > PLAN_LIST,
    };
  }

  /** Deletes the keys and everything under the prefixes (1,000 per request). */
  async delete(clusterId: string, connectionId: string, bucket: string, keys: string[], prefixes: string[]): Promise<{ deleted: number }> {
    const c = await this.clients.get(clusterId, connectionId);
    const all = (await this.expand(clusterId, connectionId, bucket, keys, prefixes)).map((k) => k.key);
    let deleted = 0;
    for (let i = 0; i < all.length; i += 1000) {
      const batch = all.slice(i, i + 1000);
      let out;
      try {
        out = await c.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
      } catch (e) {
        throw s3Error(e, c.store, `s3://${bucket}`);
      }
      const failed = out.Errors ?? [];
      if (failed.length)
        throw new AppError(
          'forbidden',
          `${c.store} did not delete ${failed.length} of ${batch.length} objects: ${failed[0]?.Key} (${failed[0]?.Code}: ${failed[0]?.Message}).`,
        );
      deleted += batch.length;
    }
    return { deleted };
  }

  private async expand(clusterId: string, connectionId: string, bucket: string, keys: string[], prefixes: string[]): Promise<{ key: string; size: number }[]> {
    const c = await this.clients.get(clusterId, connectionId);
    const out = new Map<string, number>();
    for (const k of keys) out.set(k, 0);
    for (const prefix of prefixes) {
      if (!prefix.endsWith('/')) throw new AppError('validation', `A folder to delete ends with "/": ${prefix}`);
      let token: string | undefined;
      do {
        const p = await listPage(c.client, { store: c.store }, bucket, prefix, { delimiter: '', token });
        for (const o of p.objects) out.set(o.key, o.size);
        token = p.next;
      } while (token);
    }
    return [...out].map(([key, size]) => ({ key, size }));
  }

  private async discover(clusterId: string): Promise<{ sources: StoreSource[]; notes: string[] }> {
    let ns: string | undefined;
    try {
      ns = this.clusters.get(clusterId).entry.namespace;
    } catch {
      ns = undefined; // the context went away; the defaults below still apply
    }
    return discoverStores(await this.clusters.http(clusterId), [ns ?? '', 'kubeflow', 'default', 'mlflow', 'kserve']);
  }
}

function toFound(s: StoreSource): FoundStore {
  return {
    id: s.id,
    origin: s.origin,
    from: s.from,
    endpoint: reachLabel(s.reach),
    region: s.region,
    hasCredentials: s.keys !== undefined,
    location: s.location,
    problem: s.problem,
  };
}
