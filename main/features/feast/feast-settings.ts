// SPDX-License-Identifier: Apache-2.0
/**
 * Feast settings per cluster in `feast-settings.json` in the data directory: the URL of a registry
 * server to read instead of the ones found in the cluster, and an `s3://` registry file to read
 * besides them. Not a secret (MLDeck sends Feast no credentials; the file is read with the
 * cluster's KFP object store keys, which stay where they are); a missing file means none is set.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { FeastSettingsInput, type FeastSettings } from '../../../shared/features/feast/feast.contract';
import { PerClusterSettingsFile } from '../../platform/per-cluster-settings-file';

const Entry = z.object({ url: z.string(), registryFile: z.string().optional() });

/** The settings file. */
export class FeastSettingsStore {
  private readonly store: PerClusterSettingsFile<z.infer<typeof Entry>>;

  constructor(file: string) {
    this.store = new PerClusterSettingsFile(file, Entry, 'Feast settings');
  }

  /** A cluster's settings. */
  async get(clusterId: string): Promise<FeastSettings> {
    const e = (await this.store.readAll())[clusterId];
    return { clusterId, url: e?.url ?? '', registryFile: e?.registryFile ?? '' };
  }

  /** Stores a cluster's settings (the URL without a trailing `/` or `/api/v1`). */
  async set(input: FeastSettingsInput): Promise<FeastSettings> {
    const parsed = FeastSettingsInput.safeParse(input);
    if (!parsed.success) throw new AppError('validation', parsed.error.issues[0]?.message ?? 'Invalid Feast settings.');
    const url = parsed.data.url.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
    const registryFile = parsed.data.registryFile;
    await this.store.write(parsed.data.clusterId, { url, registryFile });
    return { clusterId: parsed.data.clusterId, url, registryFile };
  }
}
