// SPDX-License-Identifier: Apache-2.0
/**
 * GPU settings per cluster (Prometheus URL, idle threshold and window) in `gpu-settings.json`
 * in the data directory. A missing file means defaults; an unreadable or invalid one is
 * reported (not silently replaced). Writes are atomic (temp file + rename) and serialised.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { defaultIdleRule, GpuSettings } from '../../../shared/features/gpus/gpus.contract';
import { AppError } from '../../../shared/errors';

const Entry = GpuSettings.omit({ clusterId: true });
const FileSchema = z.object({ version: z.literal(1), clusters: z.record(z.string(), Entry) });

/** The settings file. */
export class GpuSettingsStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  /** A cluster's settings (defaults for anything never set). */
  async get(clusterId: string): Promise<GpuSettings> {
    const all = await this.readAll();
    return {
      clusterId,
      ...(all[clusterId] ?? { prometheusUrl: '', idleThresholdPercent: defaultIdleRule.thresholdPercent, idleWindowMinutes: defaultIdleRule.windowMinutes }),
    };
  }

  /** Stores a cluster's settings (validated again here: the file is trusted on read). */
  async set(settings: GpuSettings): Promise<GpuSettings> {
    const parsed = GpuSettings.safeParse(settings);
    if (!parsed.success) throw new AppError('validation', parsed.error.issues[0]?.message ?? 'Invalid GPU settings.');
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
      throw new AppError('unavailable', `The GPU settings file ${this.file} could not be read.`, (e as Error).message);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError('internal', `The GPU settings file ${this.file} is not valid JSON; fix or delete it.`);
    }
    const parsed = FileSchema.safeParse(json);
    if (!parsed.success) throw new AppError('internal', `The GPU settings file ${this.file} has an unexpected shape; fix or delete it.`);
    return parsed.data.clusters;
  }
}
