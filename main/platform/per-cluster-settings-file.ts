// SPDX-License-Identifier: Apache-2.0
/**
 * A JSON file in the data directory holding one settings entry per cluster
 * (`{ "version": 1, "clusters": { "<cluster id>": { … } } }`). A missing file means no entries;
 * an unreadable or invalid one is reported, not silently replaced. Writes are atomic (temp file
 * + rename, mode 0600) and serialised (a {@link JsonFile}).
 */
import { z, type ZodType } from 'zod';
import { JsonFile } from './json-file';

type FileData<E> = { version: 1; clusters: Record<string, E> };

/** The per-cluster entries of one settings file. */
export class PerClusterSettingsFile<E> {
  private readonly json: JsonFile<FileData<E>>;

  /**
   * @param file - the file's path
   * @param entry - the schema of one cluster's entry
   * @param what - the settings in words, for errors ("GPU settings")
   */
  constructor(
    readonly file: string,
    entry: ZodType<E>,
    what: string,
  ) {
    const schema = z.object({ version: z.literal(1), clusters: z.record(z.string(), entry) }) as unknown as ZodType<FileData<E>>;
    this.json = new JsonFile(file, schema, what, () => ({ version: 1, clusters: {} }));
  }

  /** Every cluster's entry. */
  async readAll(): Promise<Record<string, E>> {
    return (await this.json.read()).clusters;
  }

  /** Stores one cluster's entry (after the writes before it). */
  async write(clusterId: string, entry: E): Promise<void> {
    await this.update(clusterId, () => entry);
  }

  /** Stores one cluster's entry made from its stored one (read after the writes before it, undefined when none), and gives it. */
  update(clusterId: string, change: (old: E | undefined) => E): Promise<E> {
    return this.json.update((data) => {
      const entry = change(data.clusters[clusterId]);
      data.clusters[clusterId] = entry;
      return entry;
    });
  }
}
