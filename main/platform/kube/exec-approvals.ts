// SPDX-License-Identifier: Apache-2.0
/**
 * Which credential-plugin binaries the user has allowed MLDeck to run. A kubeconfig can name any
 * program (`/bin/sh -c …`), so nothing runs until the user approves that exact resolved path.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';

/** Answers whether a resolved plugin binary may run. */
export interface ExecApprovals {
  /**
   * @param commandPath - the absolute path that would be spawned
   * @returns true only if the user approved this path
   */
  isApproved(commandPath: string): Promise<boolean>;
}

/** One approval as stored. */
export interface ExecApproval {
  /** The absolute path of the approved binary. */
  path: string;
  /** When it was approved (ISO 8601). */
  approvedAt: string;
}

const StoreSchema = z.object({
  version: z.literal(1),
  approved: z.array(z.object({ path: z.string(), approvedAt: z.string() })),
});

/**
 * Approvals kept in a JSON file in the app's data directory. A missing or unreadable file means
 * "nothing approved" (fail closed). Writes are atomic (temp file + rename) and serialised.
 */
export class FileExecApprovals implements ExecApprovals {
  private cache: ExecApproval[] | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly caseInsensitive: boolean;

  /**
   * @param file - absolute path of the JSON file, e.g. `<userData>/exec-approvals.json`
   * @param platform - decides whether paths compare case-insensitively (win32). Defaults to `process.platform`
   */
  constructor(
    private readonly file: string,
    platform: NodeJS.Platform = process.platform,
  ) {
    this.caseInsensitive = platform === 'win32';
  }

  private key(p: string): string {
    return this.caseInsensitive ? p.toLowerCase() : p;
  }

  private async load(): Promise<ExecApproval[]> {
    if (this.cache) return this.cache;
    let list: ExecApproval[] = [];
    try {
      const parsed = StoreSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      if (parsed.success) list = parsed.data.approved;
    } catch {
      /* missing or corrupt: nothing approved */
    }
    this.cache = list;
    return list;
  }

  private async save(list: ExecApproval[]): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ version: 1, approved: list }, null, 2), { mode: 0o600 });
    await rename(tmp, this.file);
    this.cache = list;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** @inheritdoc */
  async isApproved(commandPath: string): Promise<boolean> {
    const list = await this.serial(() => this.load());
    return list.some((a) => this.key(a.path) === this.key(commandPath));
  }

  /**
   * Approves one binary.
   * @param commandPath - an absolute path, as returned by `resolveExecCommand`
   * @throws AppError `validation` for a relative path
   */
  approve(commandPath: string, now: Date = new Date()): Promise<void> {
    if (!path.isAbsolute(commandPath)) {
      return Promise.reject(new AppError('validation', `Only absolute paths can be approved, not "${commandPath}".`));
    }
    return this.serial(async () => {
      const list = await this.load();
      if (list.some((a) => this.key(a.path) === this.key(commandPath))) return;
      await this.save([...list, { path: commandPath, approvedAt: now.toISOString() }]);
    });
  }

  /** Withdraws the approval of one binary (no-op if it was not approved). */
  revoke(commandPath: string): Promise<void> {
    return this.serial(async () => {
      const list = await this.load();
      const kept = list.filter((a) => this.key(a.path) !== this.key(commandPath));
      if (kept.length !== list.length) await this.save(kept);
    });
  }

  /** All approvals, oldest first. */
  async list(): Promise<ExecApproval[]> {
    return [...(await this.serial(() => this.load()))];
  }
}
