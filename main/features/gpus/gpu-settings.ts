// SPDX-License-Identifier: Apache-2.0
/**
 * GPU settings per cluster (Prometheus URL, idle threshold and window) in `gpu-settings.json`
 * in the data directory. A missing file means defaults; an unreadable or invalid one is
 * reported (not silently replaced). Writes are atomic (temp file + rename) and serialised.
 */
import { z } from 'zod';
import { defaultIdleRule, GpuSettings } from '../../../shared/features/gpus/gpus.contract';
import { AppError } from '../../../shared/errors';
import { PerClusterSettingsFile } from '../../platform/per-cluster-settings-file';

const Entry = GpuSettings.omit({ clusterId: true });

/** The settings file. */
export class GpuSettingsStore {
  private readonly store: PerClusterSettingsFile<z.infer<typeof Entry>>;

  constructor(file: string) {
    this.store = new PerClusterSettingsFile(file, Entry, 'GPU settings');
  }

  /** A cluster's settings (defaults for anything never set). */
  async get(clusterId: string): Promise<GpuSettings> {
    const all = await this.readAll();
    return {
      clusterId,
      prometheusPin: null,
      ...(all[clusterId] ?? { prometheusUrl: '', idleThresholdPercent: defaultIdleRule.thresholdPercent, idleWindowMinutes: defaultIdleRule.windowMinutes }),
    };
  }

  /**
   * Stores a cluster's settings (validated again here: the file is trusted on read). A pin left
   * undefined keeps the stored one; null forgets it.
   */
  async set(settings: GpuSettings): Promise<GpuSettings> {
    const parsed = GpuSettings.safeParse(settings);
    if (!parsed.success) throw new AppError('validation', parsed.error.issues[0]?.message ?? 'Invalid GPU settings.');
    const { clusterId, ...given } = parsed.data;
    const entry = {
      ...given,
      prometheusPin: given.prometheusPin === undefined ? ((await this.readAll())[clusterId]?.prometheusPin ?? null) : given.prometheusPin,
    };
    await this.store.write(clusterId, entry);
    return { clusterId, ...entry };
  }

  private readAll(): Promise<Record<string, z.infer<typeof Entry>>> {
    return this.store.readAll();
  }
}
