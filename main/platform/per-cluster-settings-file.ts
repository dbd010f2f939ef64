// SPDX-License-Identifier: Apache-2.0
/**
 * A JSON file in the data directory holding one settings entry per cluster
 * (`{ "version": 1, "clusters": { "<cluster id>": { … } } }`). A missing file means no entries;
 * an unreadable or invalid one is reported, not silently replaced. Writes are atomic (temp file
 * + rename, mode 0600) and serialised.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z, type ZodType } from 'zod';
import { AppError } from '../../shared/errors';

/** The per-cluster entries of one settings file. */
export class PerClusterSettingsFile<E> {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly schema: ZodType<{ version: 1; clusters: Record<string, E> }>;

  /**
   * @param file - the file's path
   * @param entry - the schema of one cluster's entry
   * @param what - the settings in words, for errors ("GPU settings")
   */
  constructor(
    readonly file: string,
    entry: ZodType<E>,
    private readonly what: string,
  ) {
    this.schema = z.object({ version: z.literal(1), clusters: z.record(z.string(), entry) }) as unknown as ZodType<{ version: 1; clusters: Record<string, E> }>;
  }

  /** Every cluster's entry. */
  async readAll(): Promise<Record<string, E>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new AppError('unavailable', `The ${this.what} file ${this.file} could not be read.`, (e as Error).message);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError('internal', `The ${this.what} file ${this.file} is not valid JSON; fix or delete it.`);
    }
    const parsed = this.schema.safeParse(json);
    if (!parsed.success) throw new AppError('internal', `The ${this.what} file ${this.file} has an unexpected shape; fix or delete it.`);
    return parsed.data.clusters;
  }

  /** Stores one cluster's entry (after the writes before it). */
  async write(clusterId: string, entry: E): Promise<void> {
    const next = this.queue.then(async () => {
      const all = await this.readAll();
      all[clusterId] = entry;
      await mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify({ version: 1, clusters: all }, null, 2), { mode: 0o600 });
      await rename(tmp, this.file);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
