// SPDX-License-Identifier: Apache-2.0
/**
 * The images the new-notebook-server form offers, per cluster, in `notebook-settings.json` in
 * the data directory. A missing file or cluster means the Kubeflow web app's defaults; an
 * unreadable or invalid file is reported (not silently replaced). Writes are atomic and serialised.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { PerClusterSettingsFile } from '../../platform/per-cluster-settings-file';
import { NotebookSettings } from '../../../shared/features/notebook-servers/notebook-servers.contract';
import { defaultImages } from '../../../shared/kube/notebook-form';

const Entry = NotebookSettings.omit({ clusterId: true });

/** The web app's defaults for a cluster. */
export function defaultNotebookSettings(clusterId: string): NotebookSettings {
  return {
    clusterId,
    images: { jupyter: [...defaultImages.jupyter], 'group-one': [...defaultImages['group-one']], 'group-two': [...defaultImages['group-two']] },
    allowCustomImage: true,
  };
}

/** The settings file. */
export class NotebookSettingsStore {
  private readonly store: PerClusterSettingsFile<z.infer<typeof Entry>>;

  constructor(file: string) {
    this.store = new PerClusterSettingsFile(file, Entry, 'notebook settings');
  }

  /** A cluster's settings (the defaults when never set). */
  async get(clusterId: string): Promise<NotebookSettings> {
    const all = await this.readAll();
    const entry = all[clusterId];
    return entry ? { clusterId, ...entry } : defaultNotebookSettings(clusterId);
  }

  /** Stores a cluster's settings (validated again here). */
  async set(settings: NotebookSettings): Promise<NotebookSettings> {
    const parsed = NotebookSettings.safeParse(settings);
    if (!parsed.success) throw new AppError('validation', parsed.error.issues[0]?.message ?? 'Invalid notebook settings.');
    const { clusterId, ...entry } = parsed.data;
    await this.store.write(clusterId, entry);
    return parsed.data;
  }

  private readAll(): Promise<Record<string, z.infer<typeof Entry>>> {
    return this.store.readAll();
  }
}
