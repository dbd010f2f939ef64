// SPDX-License-Identifier: Apache-2.0
/**
 * The images the new-notebook-server form offers, per cluster, in `notebook-settings.json` in
 * the data directory. A missing file or cluster means the Kubeflow web app's defaults; an
 * unreadable or invalid file is reported (not silently replaced). Writes are atomic and serialised.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { NotebookSettings } from '../../../shared/features/notebook-servers/notebook-servers.contract';
import { defaultImages } from '../../../shared/kube/notebook-form';

const Entry = NotebookSettings.omit({ clusterId: true });
const FileSchema = z.object({ version: z.literal(1), clusters: z.record(z.string(), Entry) });

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
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

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
    const next = this.queue.then(async () => {
      const all = await this.readAll();
      const { clusterId, ...entry } = parsed.data;
      all[clusterId] = entry;
      await mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify({ version: 1, clusters: all }, null, 2), { mode: 0o600 });
      await rename(tmp, this.file);
      return parsed.data;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async readAll(): Promise<Record<string, z.infer<typeof Entry>>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new AppError('unavailable', `The notebook settings file ${this.file} could not be read.`, (e as Error).message);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError('internal', `The notebook settings file ${this.file} is not valid JSON; fix or delete it.`);
    }
    const parsed = FileSchema.safeParse(json);
    if (!parsed.success) throw new AppError('internal', `The notebook settings file ${this.file} has an unexpected shape; fix or delete it.`);
    return parsed.data.clusters;
  }
}
