// SPDX-License-Identifier: Apache-2.0
/**
 * MLflow connection settings per cluster in `mlflow-settings.json` in the data directory (mode
 * 0600). Secrets (password, token, S3 secret key) are sealed with the host's secret box (the OS
 * keychain in Electron) when there is one, and never returned to the renderer: it sees
 * `hasPassword` and the like. A missing file means defaults; an unreadable or invalid one is
 * reported, not replaced. Writes are atomic (temp file + rename) and serialised.
 *
 * Credentials go only where the user sent them: auto mode uses the in-cluster service the user
 * pinned (namespace, name, uid), and a change of URL, mode or pinned service clears the stored
 * password and token unless new ones come with the change; a change of S3 endpoint clears the
 * S3 secret likewise.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { RegistrySettingsInput, type RegistrySettings } from '../../../shared/features/registry/registry.contract';
import { samePin, ServicePin } from '../../../shared/kube/service-pin';
import type { MlflowAuth } from '../../platform/mlflow/mlflow-client';
import type { MlflowSettingsSource, ResolvedSettings } from '../../platform/mlflow/mlflow-settings';
import { PerClusterSettingsFile } from '../../platform/per-cluster-settings-file';
import { openSecret, SealedSecret, sealSecret, type Sealer } from '../../platform/sealed-secret';

const Entry = z.object({
  mode: z.enum(['auto', 'url']),
  url: z.string(),
  auth: z.enum(['none', 'basic', 'bearer']),
  username: z.string(),
  password: SealedSecret.optional(),
  token: SealedSecret.optional(),
  artifactStore: z.string(),
  s3Endpoint: z.string(),
  s3Region: z.string(),
  s3AccessKeyId: z.string(),
  s3SecretAccessKey: SealedSecret.optional(),
  pin: ServicePin.nullable().optional(),
});
type Entry = z.infer<typeof Entry>;

const defaults: Entry = { mode: 'auto', url: '', auth: 'none', username: '', artifactStore: '', s3Endpoint: '', s3Region: '', s3AccessKeyId: '' };

export type { ResolvedSettings, S3Access } from '../../platform/mlflow/mlflow-settings';

/** The settings file. */
export class RegistrySettingsStore implements MlflowSettingsSource {
  private readonly file: PerClusterSettingsFile<Entry>;

  constructor(
    file: string,
    /** Seals secrets; undefined: kept as plain text in the 0600 file. */
    private readonly box: Sealer | undefined,
  ) {
    this.file = new PerClusterSettingsFile(file, Entry, 'MLflow settings');
  }

  /** A cluster's settings as the renderer may see them. */
  async get(clusterId: string): Promise<RegistrySettings> {
    return this.view(clusterId, (await this.file.readAll())[clusterId] ?? defaults);
  }

  /**
   * A cluster's settings with secrets opened, for connecting.
   * @throws AppError('unauthenticated') when a secret was sealed by a keychain this host cannot open
   */
  async resolve(clusterId: string): Promise<ResolvedSettings> {
    const e = (await this.file.readAll())[clusterId] ?? defaults;
    const password = this.open(e.password, 'MLflow password');
    const token = this.open(e.token, 'MLflow token');
    const auth: MlflowAuth =
      e.auth === 'basic'
        ? { kind: 'basic', username: e.username, password: password ?? '' }
        : e.auth === 'bearer'
          ? { kind: 'bearer', token: token ?? '' }
          : { kind: 'none' };
    const secret = e.s3Endpoint && e.s3AccessKeyId ? this.open(e.s3SecretAccessKey, 'S3 secret key') : undefined;
    return {
      mode: e.mode,
      url: e.url,
      pin: e.pin ?? null,
      auth,
      artifactStore: e.artifactStore,
      s3: secret ? { endpoint: e.s3Endpoint, region: e.s3Region || 'us-east-1', accessKeyId: e.s3AccessKeyId, secretAccessKey: secret } : undefined,
    };
  }

  /** Stores a cluster's settings: a secret left undefined is kept, '' clears it. */
  async set(input: RegistrySettingsInput): Promise<RegistrySettings> {
    const parsed = RegistrySettingsInput.safeParse(input);
    if (!parsed.success) throw new AppError('validation', parsed.error.issues[0]?.message ?? 'Invalid MLflow settings.');
    const s = parsed.data;
    if (s.mode === 'url' && s.url === '') throw new AppError('validation', 'Enter the MLflow URL, or choose "found in the cluster".');
    const entry = await this.file.update(s.clusterId, (stored) => {
      const old = stored ?? defaults;
      const pin = s.pin === undefined ? (old.pin ?? null) : s.pin;
      const targetMoved = s.mode !== old.mode || s.url !== old.url || !samePin(pin, old.pin);
      const keep = (given: string | undefined, prev: SealedSecret | undefined, wanted: boolean, moved = targetMoved): SealedSecret | undefined => {
        if (!wanted) return undefined;
        if (given === undefined) return moved ? undefined : prev;
        return given === '' ? undefined : sealSecret(this.box, given);
      };
      return {
        mode: s.mode,
        url: s.url,
        auth: s.auth,
        username: s.auth === 'basic' ? s.username : '',
        password: keep(s.password, old.password, s.auth === 'basic'),
        token: keep(s.token, old.token, s.auth === 'bearer'),
        artifactStore: s.artifactStore,
        s3Endpoint: s.s3Endpoint,
        s3Region: s.s3Region,
        s3AccessKeyId: s.s3AccessKeyId,
        s3SecretAccessKey: keep(s.s3SecretAccessKey, old.s3SecretAccessKey, s.s3Endpoint !== '', s.s3Endpoint !== old.s3Endpoint),
        pin,
      };
    });
    return this.view(s.clusterId, entry);
  }

  private view(clusterId: string, e: Entry): RegistrySettings {
    return {
      clusterId,
      mode: e.mode,
      url: e.url,
      auth: e.auth,
      username: e.username,
      hasPassword: e.password !== undefined,
      hasToken: e.token !== undefined,
      artifactStore: e.artifactStore,
      s3Endpoint: e.s3Endpoint,
      s3Region: e.s3Region,
      s3AccessKeyId: e.s3AccessKeyId,
      hasS3Secret: e.s3SecretAccessKey !== undefined,
      pin: e.pin ?? null,
      secretsSealed: this.box !== undefined,
    };
  }

  private open(s: SealedSecret | undefined, what: string): string | undefined {
    return openSecret(this.box, s, {
      noBox: `The ${what} was sealed with the desktop app's keychain and cannot be read here; enter it again.`,
      keychain: `The ${what} could not be unsealed by the OS keychain; enter it again.`,
    });
  }
}
