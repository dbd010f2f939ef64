// SPDX-License-Identifier: Apache-2.0
/**
 * Pipelines settings per cluster in `kfp-settings.json` in the data directory: the Kubeflow user
 * (e-mail) MLDeck acts as on a multi-user KFP reached directly, sent in the user id header and used
 * to choose the user's profile namespaces. Not a secret (anyone who may port-forward to the API
 * server may send any user id); a missing file means none is set.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { PipelinesSettingsInput, type PipelinesSettings } from '../../../shared/features/pipelines/pipelines.contract';
import { PerClusterSettingsFile } from '../../platform/per-cluster-settings-file';

const Entry = z.object({ userId: z.string() });

/** The settings file. */
export class PipelinesSettingsStore {
  private readonly store: PerClusterSettingsFile<z.infer<typeof Entry>>;

  constructor(file: string) {
    this.store = new PerClusterSettingsFile(file, Entry, 'pipelines settings');
  }

  /** A cluster's settings. */
  async get(clusterId: string): Promise<PipelinesSettings> {
    return { clusterId, userId: (await this.store.readAll())[clusterId]?.userId ?? '' };
  }

  /** Stores a cluster's settings. */
  async set(input: PipelinesSettingsInput): Promise<PipelinesSettings> {
    const parsed = PipelinesSettingsInput.safeParse(input);
    if (!parsed.success) throw new AppError('validation', parsed.error.issues[0]?.message ?? 'Invalid pipelines settings.');
    await this.store.write(parsed.data.clusterId, { userId: parsed.data.userId });
    return { clusterId: parsed.data.clusterId, userId: parsed.data.userId };
  }
}
