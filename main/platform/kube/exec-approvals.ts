// SPDX-License-Identifier: Apache-2.0
/**
 * Which exact credential-plugin invocations the user has allowed MLDeck to run. A kubeconfig can
 * name any program with any arguments and environment (`kubectl apply -f https://…`,
 * `LD_PRELOAD=…`), so an approval binds all of it: the resolved path, the real file and its
 * content hash, the arguments and the environment additions (see exec-invocation.ts). Format
 * version 2; approvals of version 1 (a path only) are dropped once, and the caller is told how many.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { invocationFingerprint, type ExecInvocation } from './exec-invocation';

/** Answers whether an exact invocation may run. */
export interface ExecApprovals {
  /**
   * @param invocation - what would be spawned, as {@link describeInvocation} found it
   * @returns true only if the user approved this exact invocation
   */
  isApproved(invocation: ExecInvocation): Promise<boolean>;
}

/** One approval as stored: the invocation and when it was approved. */
export interface ExecApproval extends ExecInvocation {
  /** When it was approved (ISO 8601). */
  approvedAt: string;
}

const ApprovalSchema = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  path: z.string(),
  realpath: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  args: z.array(z.string()),
  env: z.array(z.object({ name: z.string(), value: z.string() })),
  approvedAt: z.string(),
});
const StoreSchema = z.object({ version: z.literal(2), approved: z.array(ApprovalSchema) });
const LegacySchema = z.object({ version: z.literal(1), approved: z.array(z.unknown()) });

/**
 * What the user is told when version-1 approvals are dropped.
 * @param count - how many were dropped
 */
export function legacyApprovalsMessage(count: number): string {
  const what = count === 1 ? '1 approved credential plugin was' : `${count} approved credential plugins were`;
  return `${what} dropped: an approval used to cover a program whatever it was run with, and now covers the exact program file, arguments and environment. Review and approve each plugin again on the Clusters page.`;
}

/** Options of {@link FileExecApprovals}. */
export interface FileExecApprovalsOptions {
  /** Path rules (win32 compares paths without case). Default `process.platform`. */
  platform?: NodeJS.Platform;
  /** Called once when a version-1 file's approvals were dropped, with how many there were. */
  onLegacyDropped?: (count: number) => void;
}

/**
 * Approvals kept in a JSON file in the app's data directory. A missing or unreadable file means
 * "nothing approved" (fail closed). Writes are atomic (temp file + rename, mode 0600) and serialised.
 */
export class FileExecApprovals implements ExecApprovals {
  private cache: ExecApproval[] | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly platform: NodeJS.Platform;

  /**
   * @param file - absolute path of the JSON file, e.g. `<userData>/exec-approvals.json`
   * @param opts - platform and the legacy-drop listener
   */
  constructor(
    private readonly file: string,
    private readonly opts: FileExecApprovalsOptions = {},
  ) {
    this.platform = opts.platform ?? process.platform;
  }

  private async load(): Promise<ExecApproval[]> {
    if (this.cache) return this.cache;
    let list: ExecApproval[] = [];
    let json: unknown;
    try {
      json = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      json = undefined; // missing or corrupt: nothing approved
    }
    const current = StoreSchema.safeParse(json);
    if (current.success) {
      // an entry whose fingerprint does not match its own fields was edited by hand: not trusted
      list = current.data.approved.filter((a) => invocationFingerprint(a, this.platform) === a.fingerprint);
    } else {
      const legacy = LegacySchema.safeParse(json);
      if (legacy.success) {
        // rewritten at once, so the user is told only this time; if the rewrite fails the approvals
        // are still dropped (in memory), and the notice comes again at the next start
        await this.save([]).catch(() => undefined);
        if (legacy.data.approved.length > 0) this.opts.onLegacyDropped?.(legacy.data.approved.length);
      }
    }
    this.cache = list;
    return list;
  }

  private async save(list: ExecApproval[]): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ version: 2, approved: list }, null, 2), { mode: 0o600 });
    await rename(tmp, this.file);
    this.cache = list;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** @inheritdoc */
  async isApproved(invocation: ExecInvocation): Promise<boolean> {
    const list = await this.serial(() => this.load());
    const fingerprint = invocationFingerprint(invocation, this.platform);
    return list.some((a) => a.fingerprint === fingerprint);
  }

  /**
   * Approves one exact invocation.
   * @param invocation - as returned by `describeInvocation`
   * @throws AppError `validation` for a relative path or a fingerprint that does not match the fields
   */
  approve(invocation: ExecInvocation, now: Date = new Date()): Promise<void> {
    if (!path.isAbsolute(invocation.path) || !path.isAbsolute(invocation.realpath)) {
      return Promise.reject(new AppError('validation', `Only absolute paths can be approved, not "${invocation.path}".`));
    }
    const fingerprint = invocationFingerprint(invocation, this.platform);
    if (fingerprint !== invocation.fingerprint) return Promise.reject(new AppError('validation', 'The invocation does not match its fingerprint.'));
    return this.serial(async () => {
      const list = await this.load();
      if (list.some((a) => a.fingerprint === fingerprint)) return;
      const entry: ExecApproval = {
        fingerprint,
        path: invocation.path,
        realpath: invocation.realpath,
        sha256: invocation.sha256,
        args: [...invocation.args],
        env: invocation.env.map((e) => ({ name: e.name, value: e.value })),
        approvedAt: now.toISOString(),
      };
      await this.save([...list, entry]);
    });
  }

  /** Withdraws one approval by fingerprint (no-op if it was not approved). */
  revoke(fingerprint: string): Promise<void> {
    return this.serial(async () => {
      const list = await this.load();
      const kept = list.filter((a) => a.fingerprint !== fingerprint);
      if (kept.length !== list.length) await this.save(kept);
    });
  }

  /** All approvals, oldest first. */
  async list(): Promise<ExecApproval[]> {
    return [...(await this.serial(() => this.load()))];
  }
}
