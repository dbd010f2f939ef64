// SPDX-License-Identifier: Apache-2.0
/**
 * Kernels for open notebooks, over `@jupyterlab/services`' KernelConnection (the kernel
 * WebSocket protocol). A kernel is started through a Jupyter session for the notebook's path
 * (made, or reused if the server has one), and named by a handle. What happens on it goes to the
 * client that started it only (`notebooks:kernel`): status changes, and per executed cell its
 * execution count, outputs, clears and end (`cell-runs.ts`). Restarts and deaths end queued
 * cells as `aborted`.
 *
 * On a connection drop the kernels show `reconnecting`; when it is back they are attached again
 * with the same kernel id and the same session id, so Jupyter replays what it buffered meanwhile.
 */
import { randomUUID } from 'node:crypto';
import { KernelConnection, type KernelMessage } from '@jupyterlab/services';
import { AppError } from '../../../shared/errors';
import {
  notebooksContract,
  type ExecuteRequest,
  type KernelEvent,
  type KernelHandle,
  type KernelStatus,
  type StartKernelRequest,
} from '../../../shared/features/notebooks/notebooks.contract';
import type { Disposable } from '../../../shared/lifecycle';
import type { Publisher } from '../../ipc/dispatcher';
import type { Connection, Connections, KernelHost } from './connections';
import { baseName } from './contents';
import { CellRuns } from './cell-runs';
import { kernelStatusOf } from './kernel-messages';

interface Kernel {
  handle: string;
  clientId: string;
  conn: Connection;
  /** The notebook the session is for. */
  path: string;
  kernelId: string;
  sessionId: string;
  kernelName: string;
  displayName: string;
  /** The WebSocket session id, kept across reconnects (Jupyter replays buffered messages to it). */
  wsSession: string;
  kc: KernelConnection | undefined;
  /** The cells running or queued on it. */
  runs: CellRuns;
  status: KernelStatus;
  restarting: boolean;
  suspended: boolean;
  /** This client is shutting it down. */
  closing: boolean;
}

interface SessionModel {
  id: string;
  kernel: { id: string; name: string } | null;
}

/** The kernels. */
export class KernelBridge implements KernelHost, Disposable {
  private readonly kernels = new Map<string, Kernel>();

  constructor(
    private readonly connections: Connections,
    private readonly publisher: Publisher,
    /** The kernel name a kept copy of the notebook asks for, if any. */
    private readonly keptKernelName: (conn: Connection, path: string) => string | undefined = () => undefined,
  ) {
    connections.setKernelHost(this);
  }

  /** Starts (or reuses) the notebook's kernel. */
  async start(req: StartKernelRequest, clientId: string): Promise<KernelHandle> {
    const { conn, client } = await this.connections.client(req.server, clientId);
    const wanted = req.kernelName ?? this.keptKernelName(conn, req.path);
    const name = wanted && conn.kernelSpecs.some((s) => s.name === wanted) ? wanted : req.kernelName ? undefined : conn.defaultKernel;
    if (!name)
      throw new AppError(
        'not-found',
        req.kernelName
          ? `The server has no kernel "${req.kernelName}"; it has: ${conn.kernelSpecs.map((s) => s.name).join(', ') || 'none'}.`
          : 'The server has no kernels.',
      );
    let session: SessionModel;
    try {
      session = await client.json<SessionModel>('api/sessions', 'Start the kernel', {
        method: 'POST',
        body: { path: req.path, type: 'notebook', name: baseName(req.path), kernel: { name } },
        timeoutMs: 60_000,
      });
    } catch (e) {
      this.connections.failed(conn, e);
      throw e;
    }
    if (!session.kernel) throw new AppError('internal', 'The server made a session without a kernel.');
    for (const k of this.kernels.values())
      if (k.clientId === clientId && k.conn === conn && k.kernelId === session.kernel.id && k.kc && !k.kc.isDisposed) return handleOf(k);
    const spec = conn.kernelSpecs.find((s) => s.name === session.kernel?.name);
    const handle = randomUUID();
    const k: Kernel = {
      handle,
      clientId,
      conn,
      path: req.path,
      kernelId: session.kernel.id,
      sessionId: session.id,
      kernelName: session.kernel.name,
      displayName: spec?.displayName ?? session.kernel.name,
      wsSession: randomUUID(),
      kc: undefined,
      runs: new CellRuns((e) => this.publisher.publishTo(clientId, notebooksContract.kernel, { handle, ...e } as KernelEvent)),
      status: 'starting',
      restarting: false,
      suspended: false,
      closing: false,
    };
    this.kernels.set(k.handle, k);
    try {
      await this.attach(k);
    } catch (e) {
      this.forget(k);
      throw e;
    }
    return handleOf(k);
  }

  /** Runs a cell's code. */
  async execute(req: ExecuteRequest, clientId: string): Promise<{ msgId: string }> {
    const k = this.mine(req.handle, clientId);
    if (k.suspended) await this.connections.settled(k.conn);
    const kc = k.kc;
    if (!kc || kc.isDisposed || k.status === 'dead')
      throw new AppError(
        'unavailable',
        k.status === 'dead' ? 'The kernel is dead; restart it.' : 'The kernel is not connected; try again when the server is back.',
      );
    const future = kc.requestExecute({ code: req.code, stop_on_error: req.stopOnError ?? true, store_history: true, allow_stdin: false, silent: false });
    // the cell is followed through the connection's messages (they survive a reconnect, futures do not)
    future.done.catch(() => undefined);
    const msgId = future.msg.header.msg_id;
    k.runs.started(msgId, req.cellId);
    return { msgId };
  }

  /** Interrupts the kernel (SIGINT: the running cell raises KeyboardInterrupt). */
  async interrupt(handle: string, clientId: string): Promise<void> {
    const k = this.mine(handle, clientId);
    await this.call(k, 'Interrupt the kernel', (kc) => kc.interrupt());
  }

  /**
   * Restarts the kernel: `restarting`, queued cells aborted, then the new kernel's status. A dead
   * kernel (shut down elsewhere, culled, crashed) is replaced by a new one for the same notebook,
   * under the same handle.
   */
  async restart(handle: string, clientId: string): Promise<void> {
    const k = this.mine(handle, clientId);
    k.restarting = true;
    this.status(k, 'restarting');
    k.runs.abortAll();
    try {
      if (k.status === 'dead' || !k.kc || k.kc.isDisposed || k.kc.status === 'dead') await this.replace(k);
      else await this.call(k, 'Restart the kernel', (kc) => kc.restart());
    } finally {
      k.restarting = false;
    }
    const s = k.kc ? kernelStatusOf(k.kc.status) : 'unknown';
    if (s !== 'unknown' && s !== 'dead') this.status(k, s);
  }

  /** Starts a new kernel for a dead one's notebook (a new Jupyter session) and attaches it under the same handle. */
  private async replace(k: Kernel): Promise<void> {
    if (k.suspended) await this.connections.settled(k.conn);
    const client = k.conn.client;
    if (!client) throw new AppError('unavailable', k.conn.reason ?? 'The notebook server cannot be reached.');
    const session = await client.json<SessionModel>('api/sessions', 'Start a new kernel', {
      method: 'POST',
      body: { path: k.path, type: 'notebook', name: baseName(k.path), kernel: { name: k.kernelName } },
      timeoutMs: 60_000,
    });
    if (!session.kernel) throw new AppError('internal', 'The server made a session without a kernel.');
    k.kernelId = session.kernel.id;
    k.sessionId = session.id;
    k.wsSession = randomUUID();
    k.status = 'starting';
    await this.attach(k);
  }

  /** Shuts the kernel down (its session is deleted) and forgets it. */
  async shutdown(handle: string, clientId: string): Promise<void> {
    const k = this.mine(handle, clientId);
    const client = k.conn.client;
    k.closing = true;
    if (client) {
      const r = await client.raw(`api/sessions/${k.sessionId}`, { method: 'DELETE' });
      if (r.status === 404) await client.raw(`api/kernels/${k.kernelId}`, { method: 'DELETE' });
      else if (r.status >= 300) throw new AppError('unavailable', `The server did not shut the kernel down (HTTP ${r.status}).`);
    }
    k.runs.abortAll();
    this.status(k, 'dead', 'The kernel was shut down.');
    this.forget(k);
  }

  /** Forgets a client's kernels (they keep running on the server). */
  clientGone(clientId: string): void {
    for (const k of [...this.kernels.values()]) if (k.clientId === clientId) this.forget(k);
  }

  /** {@inheritDoc KernelHost.suspend} */
  suspend(conn: Connection): void {
    for (const k of this.of(conn)) {
      k.suspended = true;
      this.detach(k);
      this.status(k, 'reconnecting', conn.reason);
    }
  }

  /** {@inheritDoc KernelHost.reattach} */
  async reattach(conn: Connection): Promise<void> {
    await Promise.all(
      this.of(conn).map(async (k) => {
        const client = conn.client;
        if (!client) return;
        try {
          const r = await client.raw(`api/kernels/${k.kernelId}`, { timeoutMs: 15_000 });
          if (r.status === 404) {
            this.died(k, 'The kernel is gone from the server (it was shut down, or the server restarted).');
            return;
          }
          const answered = await this.attach(k);
          k.suspended = false;
          // Jupyter replays what it kept for this session before answering the new connection's
          // kernel_info (shell requests run in order): a cell still without its reply now lost it
          // in the drop (sent before the server noticed). It is ended rather than left running.
          if (answered) k.runs.abortAll();
        } catch (e) {
          k.suspended = false;
          this.died(k, `The kernel could not be reconnected: ${e instanceof Error ? e.message : String(e)}`);
        }
      }),
    );
  }

  /** {@inheritDoc KernelHost.lost} */
  lost(conn: Connection, reason: string): void {
    for (const k of this.of(conn)) {
      this.detach(k);
      k.suspended = false;
      k.runs.abortAll();
      this.status(k, 'disconnected', reason);
      if (conn.closed) this.kernels.delete(k.handle);
    }
  }

  dispose(): void {
    for (const k of [...this.kernels.values()]) this.forget(k);
  }

  private of(conn: Connection): Kernel[] {
    return [...this.kernels.values()].filter((k) => k.conn === conn);
  }

  private mine(handle: string, clientId: string): Kernel {
    const k = this.kernels.get(handle);
    if (!k || k.clientId !== clientId) throw new AppError('not-found', 'That kernel is no longer attached; start it again.');
    return k;
  }

  private async call(k: Kernel, what: string, fn: (kc: KernelConnection) => Promise<void>): Promise<void> {
    if (k.suspended) await this.connections.settled(k.conn);
    const kc = k.kc;
    if (!kc || kc.isDisposed) throw new AppError('unavailable', `${what}: the kernel is not connected.`);
    try {
      await fn(kc);
    } catch (e) {
      if (e instanceof AppError) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      throw new AppError(/dead/i.test(msg) ? 'conflict' : 'unavailable', `${what}: ${msg}`);
    }
  }

  /**
   * Opens the kernel's WebSocket with the connection's current settings and waits until it is connected.
   * @returns whether the kernel answered kernel_info (within 10 s)
   */
  private async attach(k: Kernel): Promise<boolean> {
    const client = k.conn.client;
    if (!client) throw new AppError('unavailable', 'The notebook server is not connected.');
    this.detach(k);
    const kc = new KernelConnection({
      model: { id: k.kernelId, name: k.kernelName },
      serverSettings: client.settings(),
      clientId: k.wsSession,
      username: 'mldeck',
      handleComms: false,
    });
    k.kc = kc;
    kc.anyMessage.connect((_, a) => {
      if (a.direction === 'recv' && k.kc === kc) this.onMessage(k, a.msg);
    });
    kc.statusChanged.connect((_, s) => {
      if (k.kc !== kc || k.suspended) return;
      const status = kernelStatusOf(s);
      if (status === 'unknown' && k.restarting) return;
      if (status === 'dead') this.died(k, 'The kernel died.');
      else this.status(k, status);
    });
    kc.connectionStatusChanged.connect((_, s) => {
      if (k.kc !== kc || k.suspended || k.restarting) return;
      if (s === 'connecting' || s === 'disconnected') void this.socketClosed(k, kc);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        kc.connectionStatusChanged.disconnect(on);
        reject(new AppError('timeout', 'The kernel did not connect within 30 s.', undefined, true));
      }, 30_000);
      const on = (_: unknown, s: string) => {
        if (s === 'connected') {
          clearTimeout(timer);
          kc.connectionStatusChanged.disconnect(on);
          resolve();
        }
      };
      if (kc.connectionStatus === 'connected') {
        clearTimeout(timer);
        resolve();
      } else kc.connectionStatusChanged.connect(on);
    });
    const info = await Promise.race([kc.info.then(() => true), sleep(10_000).then(() => false)]);
    if (info) this.status(k, kernelStatusOf(kc.status) === 'unknown' ? 'idle' : kernelStatusOf(kc.status));
    return info;
  }

  /**
   * A kernel's socket closed: the server may be out of reach (the connection reconnects), or the
   * kernel gone (shut down elsewhere, culled): then it is dead. Otherwise the library reconnects it.
   */
  private async socketClosed(k: Kernel, kc: KernelConnection): Promise<void> {
    await this.connections.check(k.conn);
    const client = k.conn.client;
    if (k.kc !== kc || k.suspended || k.restarting || k.conn.state !== 'connected' || !client) return;
    let status: number;
    try {
      status = (await client.raw(`api/kernels/${k.kernelId}`, { timeoutMs: 15_000 })).status;
    } catch (e) {
      this.connections.failed(k.conn, e);
      return;
    }
    if (status === 404 && k.kc === kc) {
      this.detach(k);
      this.died(k, 'The kernel is gone from the server (it was shut down elsewhere, or culled).');
    }
  }

  private detach(k: Kernel): void {
    const kc = k.kc;
    k.kc = undefined;
    if (kc && !kc.isDisposed) kc.dispose();
  }

  private forget(k: Kernel): void {
    this.detach(k);
    k.runs.dispose();
    this.kernels.delete(k.handle);
  }

  private onMessage(k: Kernel, msg: KernelMessage.IMessage): void {
    // the kernel was shut down by someone else (another client, the culler): its socket stays open, silent
    if (msg.channel === 'iopub' && msg.header.msg_type === 'shutdown_reply' && !k.closing && !k.restarting) {
      if ((msg.content as { restart?: unknown }).restart !== true) {
        this.detach(k);
        this.died(k, 'The kernel was shut down on the server (by another client, or culled for being idle).');
      }
      return;
    }
    k.runs.accept(msg);
  }

  private died(k: Kernel, reason: string): void {
    k.runs.abortAll();
    this.status(k, 'dead', reason);
  }

  private status(k: Kernel, status: KernelStatus, reason?: string): void {
    if (k.status === status && reason === undefined) return;
    k.status = status;
    this.publisher.publishTo(k.clientId, notebooksContract.kernel, { handle: k.handle, type: 'status', status, ...(reason ? { reason } : {}) });
  }
}

function handleOf(k: Kernel): KernelHandle {
  return { handle: k.handle, kernelName: k.kernelName, displayName: k.displayName, status: k.status };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref?.());
}
