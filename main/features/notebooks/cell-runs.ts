// SPDX-License-Identifier: Apache-2.0
/**
 * The cells running or queued on one kernel, and what the kernel's messages mean for them: the
 * execution count, outputs, clears, and the end of each cell. A cell ends when both its
 * execute_reply and the kernel's idle status for it have arrived (outputs may come after the
 * reply on IOPub), or, for an aborted cell, at the reply; if idle never comes, shortly after the
 * reply. Restarts and deaths end queued cells as `aborted` ({@link abortAll}).
 */
import type { KernelMessage } from '@jupyterlab/services';
import type { KernelEvent } from '../../../shared/features/notebooks/notebooks.contract';
import { executionCountOf, outputOf, replyStatus } from './kernel-messages';

/** An event about a cell, before the kernel's handle is put on it. */
export type CellEvent = KernelEvent extends infer E ? (E extends { handle: string } ? Omit<E, 'handle'> : never) : never;

interface Run {
  cellId: string;
  reply: { status: 'ok' | 'error' | 'aborted'; count: number | null } | undefined;
  idle: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** How long a cell waits for the kernel's idle after its reply before it is ended anyway, ms. */
export const idleGraceMs = 2000;

/** One kernel's cell runs. */
export class CellRuns {
  private readonly runs = new Map<string, Run>();

  /** @param emit - sends an event about a cell to the client that runs it */
  constructor(private readonly emit: (e: CellEvent) => void) {}

  /** A cell was sent with execute_request `msgId`. */
  started(msgId: string, cellId: string): void {
    this.runs.set(msgId, { cellId, reply: undefined, idle: false, timer: undefined });
  }

  /** Takes a message the kernel sent (IOPub or shell), if it is about a run. */
  accept(msg: KernelMessage.IMessage): void {
    const parent = (msg.parent_header as Partial<KernelMessage.IHeader> | undefined)?.msg_id;
    const run = parent ? this.runs.get(parent) : undefined;
    if (!run || !parent) return;
    const type = msg.header.msg_type;
    const content = msg.content as unknown;
    if (type === 'execute_input') {
      this.emit({ type: 'execute-input', cellId: run.cellId, executionCount: executionCountOf(content) });
      return;
    }
    if (type === 'clear_output') {
      this.emit({ type: 'clear-output', cellId: run.cellId, wait: !!(content as { wait?: unknown }).wait });
      return;
    }
    if (type === 'status' && msg.channel === 'iopub') {
      if ((content as { execution_state?: unknown }).execution_state === 'idle') {
        run.idle = true;
        this.maybeDone(parent, run);
      }
      return;
    }
    if (type === 'execute_reply') {
      run.reply = { status: replyStatus(content), count: executionCountOf(content) };
      this.maybeDone(parent, run);
      return;
    }
    const output = outputOf(type, content);
    if (output) this.emit({ type: 'output', cellId: run.cellId, output });
  }

  /** Ends every cell still running or queued as aborted (restart, death, lost connection). */
  abortAll(): void {
    for (const [id, run] of [...this.runs]) this.finish(id, run, run.reply?.status ?? 'aborted', run.reply?.count ?? null);
  }

  /** Stops the timers (the kernel is forgotten). */
  dispose(): void {
    for (const run of this.runs.values()) if (run.timer) clearTimeout(run.timer);
  }

  private maybeDone(msgId: string, run: Run): void {
    if (!run.reply) return;
    if (run.idle || run.reply.status === 'aborted') {
      this.finish(msgId, run, run.reply.status, run.reply.count);
      return;
    }
    run.timer ??= setTimeout(() => this.finish(msgId, run, run.reply?.status ?? 'error', run.reply?.count ?? null), idleGraceMs);
  }

  private finish(msgId: string, run: Run, status: 'ok' | 'error' | 'aborted', count: number | null): void {
    if (!this.runs.delete(msgId)) return;
    if (run.timer) clearTimeout(run.timer);
    this.emit({ type: 'done', cellId: run.cellId, status, executionCount: count });
  }
}
