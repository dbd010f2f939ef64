// SPDX-License-Identifier: Apache-2.0
/**
 * One JSON file of a known shape in the data directory (mode 0600): the settings files, the saved
 * servers, the notebook tokens. A missing file reads as `empty`; an unreadable or invalid one is
 * reported, never silently replaced. A change reads, changes and writes the file after the
 * changes before it (serialised), atomically (temp file + rename).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ZodType } from 'zod';
import { AppError } from '../../shared/errors';

/** A JSON file and its shape. */
export class JsonFile<T> {
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * @param file - the file's path
   * @param schema - the whole file's shape
   * @param what - the file in words, for errors ("MLflow settings")
   * @param empty - what a missing file holds
   */
  constructor(
    readonly file: string,
    private readonly schema: ZodType<T>,
    private readonly what: string,
    private readonly empty: () => T,
  ) {}

  /**
   * The file's data.
   * @throws AppError `unavailable` (cannot be read), `internal` (not JSON, or not of its shape)
   */
  async read(): Promise<T> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return this.empty();
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
    return parsed.data;
  }

  /**
   * Changes the file: `change` changes the data it is given (in place) and answers; the data is
   * then written. Nothing is written when `change` or the read throws.
   */
  update<R>(change: (data: T) => R): Promise<R> {
    const next = this.queue.then(async () => {
      const data = await this.read();
      const out = change(data);
      await mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
      await rename(tmp, this.file);
      return out;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
