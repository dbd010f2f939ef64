// SPDX-License-Identifier: Apache-2.0
/**
 * The object-store connections saved per cluster (`storage-connections.json`, 0600): endpoint (a
 * URL, or an in-cluster Service pinned by uid), region, path style, how to sign, and the secret
 * key and session token sealed with the host's secret box. Secrets never go to the renderer and
 * are bound to the endpoint they were saved with: a change of endpoint drops them unless new ones
 * come with it.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { SaveStoreInput, SavedStore } from '../../../shared/features/storage/storage.contract';
import { PerClusterSettingsFile } from '../../platform/per-cluster-settings-file';
import { openSecret, SealedSecret, sealSecret } from '../../platform/sealed-secret';
import type { SecretBox } from '../../platform/secret-box';
import { reachKey, reachLabel, type StoreKeys, type StoreReach, type StoreSource } from './store-sources';

const Reach = z.union([
  z.object({ kind: z.literal('url'), url: z.string() }),
  z.object({ kind: z.literal('service'), namespace: z.string(), name: z.string(), uid: z.string(), port: z.number() }),
]);

const Entry = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['s3', 'gcs']),
  reach: Reach,
  region: z.string(),
  pathStyle: z.boolean(),
  auth: z.enum(['keys', 'profile', 'anonymous']),
  accessKeyId: z.string(),
  secret: SealedSecret.optional(),
  sessionToken: SealedSecret.optional(),
  profile: z.string(),
  from: z.string().optional(),
  location: z.string().optional(),
});
type Entry = z.infer<typeof Entry>;

/** A saved connection with its secrets opened, for main only. */
export interface ResolvedStore {
  id: string;
  name: string;
  reach: StoreReach;
  region: string;
  pathStyle: boolean;
  auth: Entry['auth'];
  keys: StoreKeys | undefined;
  profile: string;
}

/** `https://storage.googleapis.com` for GCS; AWS S3's regional endpoint when none is given. */
export function endpointFor(kind: 's3' | 'gcs', endpoint: string, region: string): string {
  if (kind === 'gcs') return 'https://storage.googleapis.com';
  return (endpoint || `https://s3.${region || 'us-east-1'}.amazonaws.com`).replace(/\/+$/, '');
}

/** The saved connections. */
export class StoreConnectionsFile {
  private readonly file: PerClusterSettingsFile<{ connections: Entry[] }>;

  constructor(
    path: string,
    private readonly box: SecretBox | undefined,
  ) {
    this.file = new PerClusterSettingsFile(path, z.object({ connections: z.array(Entry) }), 'object storage connections');
  }

  get secretsSealed(): boolean {
    return this.box !== undefined;
  }

  /** A cluster's connections as the renderer may see them. */
  async list(clusterId: string): Promise<SavedStore[]> {
    return (await this.entries(clusterId)).map((e) => this.view(e));
  }

  /**
   * One connection with its secrets opened.
   * @throws AppError `not-found` (no such connection), `unauthenticated` (a secret this host cannot open)
   */
  async resolve(clusterId: string, id: string): Promise<ResolvedStore> {
    const e = (await this.entries(clusterId)).find((x) => x.id === id);
    if (!e) throw new AppError('not-found', 'This storage connection is not saved for this cluster (it was removed?).');
    let keys: StoreKeys | undefined;
    if (e.auth === 'keys') {
      const secret = this.open(e.secret);
      if (!e.accessKeyId || secret === undefined)
        throw new AppError(
          'unauthenticated',
          `The connection "${e.name}" has no secret key for ${reachLabel(e.reach)}: enter it in the connection's settings.`,
        );
      const token = this.open(e.sessionToken);
      keys = { accessKeyId: e.accessKeyId, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) };
    }
    return { id: e.id, name: e.name, reach: e.reach, region: e.region, pathStyle: e.pathStyle, auth: e.auth, keys, profile: e.profile };
  }

  /** Saves a connection entered by hand. Secrets left undefined are kept only if the endpoint stayed. */
  async save(input: SaveStoreInput): Promise<SavedStore> {
    if (input.auth === 'keys' && !input.accessKeyId) throw new AppError('validation', 'Enter the access key id.');
    if (input.auth === 'profile' && !input.profile) throw new AppError('validation', 'Choose an AWS profile.');
    return this.update(input.clusterId, (all) => {
      const old = input.id ? all.find((x) => x.id === input.id) : undefined;
      if (input.id && !old) throw new AppError('not-found', 'This storage connection is not saved any more.');
      const reach: StoreReach =
        old && old.reach.kind === 'service' && input.endpoint === '' && input.kind === old.kind
          ? old.reach
          : { kind: 'url', url: endpointFor(input.kind, input.endpoint, input.region) };
      const moved = !old || reachKey(old.reach) !== reachKey(reach) || old.accessKeyId !== input.accessKeyId;
      const keep = (given: string | undefined, prev: SealedSecret | undefined): SealedSecret | undefined => {
        if (input.auth !== 'keys') return undefined;
        if (given === undefined) return moved ? undefined : prev;
        return given === '' ? undefined : sealSecret(this.box, given);
      };
      const entry: Entry = {
        id: old?.id ?? newId(),
        name: input.name,
        kind: input.kind,
        reach,
        region: input.kind === 'gcs' ? input.region || 'auto' : input.region || 'us-east-1',
        pathStyle: input.kind === 'gcs' ? true : input.pathStyle,
        auth: input.auth,
        accessKeyId: input.auth === 'keys' ? input.accessKeyId : '',
        secret: keep(input.secretAccessKey, old?.secret),
        sessionToken: keep(input.sessionToken, old?.sessionToken),
        profile: input.auth === 'profile' ? input.profile : '',
        from: old?.from,
        location: old?.location,
      };
      return { all: old ? all.map((x) => (x === old ? entry : x)) : [...all, entry], entry };
    });
  }

  /** Saves a found store (its keys sealed, bound to where it was found). An earlier save of it is replaced. */
  async adopt(clusterId: string, s: StoreSource): Promise<SavedStore> {
    if (!s.reach) throw new AppError('validation', s.problem ?? 'This store has no endpoint MLDeck could find.');
    const reach = s.reach;
    return this.update(clusterId, (all) => {
      const old = all.find((x) => x.from === s.from);
      const entry: Entry = {
        id: old?.id ?? newId(),
        name: s.from.replace(/ \(.*$/, ''),
        kind: 's3',
        reach,
        region: s.region,
        pathStyle: s.pathStyle,
        auth: s.keys ? 'keys' : 'anonymous',
        accessKeyId: s.keys?.accessKeyId ?? '',
        secret: s.keys ? sealSecret(this.box, s.keys.secretAccessKey) : undefined,
        sessionToken: s.keys?.sessionToken ? sealSecret(this.box, s.keys.sessionToken) : undefined,
        profile: '',
        from: s.from,
        location: s.location,
      };
      return { all: old ? all.map((x) => (x === old ? entry : x)) : [...all, entry], entry };
    });
  }

  /** Removes a connection (and its secrets). */
  async remove(clusterId: string, id: string): Promise<void> {
    await this.update(clusterId, (all) => ({ all: all.filter((x) => x.id !== id), entry: undefined }));
  }

  private async entries(clusterId: string): Promise<Entry[]> {
    return (await this.file.readAll())[clusterId]?.connections ?? [];
  }

  private async update<T extends Entry | undefined>(
    clusterId: string,
    change: (all: Entry[]) => { all: Entry[]; entry: T },
  ): Promise<T extends Entry ? SavedStore : undefined> {
    let entry: T | undefined;
    await this.file.update(clusterId, (old) => {
      const next = change(old?.connections ?? []);
      entry = next.entry;
      return { connections: next.all };
    });
    return (entry ? this.view(entry) : undefined) as T extends Entry ? SavedStore : undefined;
  }

  private view(e: Entry): SavedStore {
    return {
      id: e.id,
      name: e.name,
      kind: e.kind,
      endpoint: reachLabel(e.reach) ?? '',
      region: e.region,
      pathStyle: e.pathStyle,
      auth: e.auth,
      accessKeyId: e.accessKeyId,
      hasSecret: e.secret !== undefined,
      hasSessionToken: e.sessionToken !== undefined,
      profile: e.profile,
      from: e.from,
      location: e.location,
      canPresign: e.reach.kind === 'url',
    };
  }

  private open(s: SealedSecret | undefined): string | undefined {
    return openSecret(this.box, s, {
      noBox: "This secret was sealed with the desktop app's keychain and cannot be read here; enter it again.",
      keychain: 'A storage secret could not be unsealed by the OS keychain; enter it again.',
    });
  }
}

function newId(): string {
  return `c-${randomBytes(6).toString('hex')}`;
}
