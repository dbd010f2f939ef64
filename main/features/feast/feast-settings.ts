// SPDX-License-Identifier: Apache-2.0
/**
 * Feast settings per cluster in `feast-settings.json` in the data directory: the URL of a registry
 * server to read instead of the ones found in the cluster. Not a secret (MLDeck sends Feast no
 * credentials); a missing file means none is set.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { FeastSettingsInput, type FeastSettings } from '../../../shared/features/feast/feast.contract';
import { PerClusterSettingsFile } from '../../platform/per-cluster-settings-file';

const Entry = z.object({ url: z.string() });

/** The settings file. */
export class FeastSettingsStore {
  private readonly store: PerClusterSettingsFile<z.infer<typeof Entry>>;

  constructor(file: string) {
    this.store = new PerClusterSettingsFile(file, Entry, 'Feast settings');
  }

  /** A cluster's settings. */
  async get(clusterId: string): Promise<FeastSettings> {
    return { clusterId, url: (await this.store.readAll())[clusterId]?.url ?? '' };
  }

  /** Stores a cluster's settings (the URL without a trailing `/` or `/api/v1`). */
  async set(input: FeastSettingsInput): Promise<FeastSettings> {
    const parsed = FeastSettingsInput.safeParse(input);
    if (!parsed.success) throw new AppError('validation', parsed.error.issues[0]?.message ?? 'Invalid Feast settings.');
    const url = parsed.data.url.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
    await this.store.write(parsed.data.clusterId, { url });
    return { clusterId: parsed.data.clusterId, url };
  }
}
