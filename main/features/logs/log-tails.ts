// SPDX-License-Identifier: Apache-2.0
/**
 * Live log tails for the renderer. A tail starts keeping the container when its pod lives,
 * answers with the kept lines, then pushes the lines the capture keeps to the client that asked
 * (and to no other), with the tail's state. With the cluster unreachable or the pod gone it
 * answers with what was kept. A client's tails end when its window or socket goes away.
 *
 * A slow client is not sent more than it can take: while its send backlog is over a limit, each
 * of its tails holds the new lines here (bounded: the oldest go first and are counted as skipped)
 * and sends them, with the count, once the backlog is under the limit again. The kept log in the
 * cache has every line either way.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { logsContract, type LogLine, type TailRequest, type TailStart, type TailState } from '../../../shared/features/logs/logs.contract';
import type { Disposable } from '../../../shared/lifecycle';
import type { Publisher } from '../../ipc/dispatcher';
import type { LogKey } from '../../platform/cache/cache-db';
import { unstamp, type HttpSource, type KeptState, type LogCapture } from '../../platform/logs/log-capture';
import { isSnapshotId, type SnapshotRegistry } from '../../platform/snapshots/snapshot-registry';

interface Tail {
  clientId: string;
  /** Undefined for snapshot tails (nothing arrives). */
  keyId: string | undefined;
  /** Batches that arrived while the first read was running. */
  pending: LogLine[][] | undefined;
  /**
   * The last line of the first answer, until a batch newer than it arrives: a batch stored just
   * before the read but announced just after it is in the answer already, and is not sent again.
   */
  answeredThrough: LogLine | undefined;
  /** Lines held while the client is behind (undefined: nothing held). */
  held: LogLine[] | undefined;
  /** The newest state seen while holding. */
  heldState: KeptState | undefined;
  /** Held lines dropped to stay within the bound, not yet reported. */
  skipped: number;
}

/** How the tails of a slow client are held back. */
export interface TailFlow {
  /** A client's send backlog (bytes) over which new lines are held in main. */
  maxBacklogBytes: number;
  /** The most lines held per tail; older ones are dropped and counted as skipped. */
  maxHeldLines: number;
  /** How often held lines are tried again, ms. */
  retryMs: number;
}

/** {@link TailFlow} defaults: 4 MiB of backlog, 10,000 lines per tail, 100 ms. */
export const defaultTailFlow: TailFlow = { maxBacklogBytes: 4 * 1024 * 1024, maxHeldLines: 10_000, retryMs: 100 };

const idOf = (k: LogKey) => `${k.cluster}\0${k.namespace}\0${k.pod}\0${k.container}`;
const sameLine = (a: LogLine | undefined, b: LogLine | undefined) => !!a && !!b && a.time === b.time && a.text === b.text;

/** The tail state a capture state stands for. */
export function tailState(s: KeptState): TailState {
  if (s.following) return s.reason ? 'reconnecting' : 'following';
  if (s.ended === 'pod-gone') return 'pod-gone';
  if (s.ended === 'finished') return 'finished';
  return 'stopped';
}

/**
 * Orders two RFC 3339 stamps (the kubelet's, whose fraction has trailing zeros trimmed).
 * @returns negative, 0 or positive
 */
export function compareStamps(a: string, b: string): number {
  const norm = (t: string) => {
    const m = /^(.*?)(?:\.(\d+))?Z$/.exec(t);
    return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}` : t;
  };
  const x = norm(a);
  const y = norm(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The lines of a batch that come after `through`, the last line a tail's first answer had: all of
 * them when the batch is newer, those after it when the batch holds it, none when older.
 */
export function linesAfter(batch: readonly LogLine[], through: LogLine): LogLine[] {
  const at = batch.findIndex((l) => sameLine(l, through));
  if (at >= 0) return batch.slice(at + 1);
  return batch.filter((l) => compareStamps(l.time, through.time) > 0);
}

/**
 * The batches that arrived during the first read and are not in it. The read sees every batch
 * written before it: those end the read, so the newest such batch is the one whose last lines are
 * the read's last lines; the batches after it are new.
 */
export function newSinceRead(read: readonly LogLine[], batches: readonly LogLine[][]): LogLine[] {
  let from = 0;
  for (let i = batches.length - 1; i >= 0; i--) {
    const b = batches[i] as LogLine[];
    const n = Math.min(b.length, read.length);
    if (n === 0) continue;
    let match = true;
    for (let j = 1; j <= n && match; j++) match = sameLine(b[b.length - j], read[read.length - j]);
    if (match) {
      from = i + 1;
      break;
    }
  }
  return batches.slice(from).flat();
}

/** The tails service. */
export class LogTails implements Disposable {
  private readonly tails = new Map<string, Tail>();
  private readonly byKey = new Map<string, Set<string>>();
  private readonly listening: Disposable[];
  private readonly flow: TailFlow;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly capture: LogCapture,
    private readonly clusters: HttpSource,
    private readonly publisher: Publisher,
    /** Opened snapshots, whose kept logs are read-only. */
    private readonly snapshots: Pick<SnapshotRegistry, 'get'>,
    private readonly maxPerClient = 500,
    flow: Partial<TailFlow> = {},
  ) {
    this.flow = { ...defaultTailFlow, ...flow };
    this.listening = [
      capture.onAppend((key, lines) => this.deliver(key, lines, this.capture.stateOf(key))),
      capture.onStateChange((key, state) => this.deliver(key, [], state)),
    ];
  }

  /** Starts a tail: keeps the container if its pod lives, and answers with the kept lines. */
  async tail(req: TailRequest, clientId: string): Promise<TailStart> {
    const mine = [...this.tails.values()].filter((t) => t.clientId === clientId).length;
    if (mine >= this.maxPerClient) throw new AppError('conflict', 'Too many open logs; close some views.');
    const subscriptionId = randomUUID();
    if (isSnapshotId(req.clusterId)) {
      const s = this.snapshots.get(req.clusterId);
      const r = await s.cache.readLogs({ cluster: s.meta.cluster, namespace: req.namespace, pod: req.pod, container: req.container }, req.limit);
      this.tails.set(subscriptionId, {
        clientId,
        keyId: undefined,
        pending: undefined,
        answeredThrough: undefined,
        held: undefined,
        heldState: undefined,
        skipped: 0,
      });
      return { subscriptionId, lines: r.lines.map(unstamp), truncated: r.truncated, following: false, state: 'snapshot', reason: 'Read from a snapshot file.' };
    }
    const key: LogKey = { cluster: req.clusterId, namespace: req.namespace, pod: req.pod, container: req.container };
    const live = await this.podLives(key);
    if (live.ok) this.capture.keep(key);
    const tail: Tail = { clientId, keyId: idOf(key), pending: [], answeredThrough: undefined, held: undefined, heldState: undefined, skipped: 0 };
    this.tails.set(subscriptionId, tail);
    const set = this.byKey.get(tail.keyId as string) ?? new Set<string>();
    set.add(subscriptionId);
    this.byKey.set(tail.keyId as string, set);
    try {
      const r = await this.capture.read(key, req.limit);
      // nothing runs between here and the answer: later batches go out as events
      let lines: LogLine[] = r.lines;
      let truncated = r.truncated;
      const extra = newSinceRead(r.lines, tail.pending ?? []);
      tail.pending = undefined;
      tail.answeredThrough = r.lines.length ? r.lines[r.lines.length - 1] : undefined;
      if (extra.length) {
        lines = lines.concat(extra);
        if (req.limit !== undefined && lines.length > req.limit) {
          lines = lines.slice(lines.length - req.limit);
          truncated = true;
        }
      }
      if (!live.ok && r.lines.length === 0 && live.state === 'pod-gone')
        throw new AppError('not-found', `No log of ${req.pod}/${req.container} was kept, and the pod is gone.`);
      const s = this.capture.stateOf(key);
      const state: TailState = s.following || s.ended ? tailState(s) : live.ok ? 'stopped' : live.state;
      const reason = s.following || s.ended ? s.reason : live.ok ? undefined : live.reason;
      return { subscriptionId, lines, truncated, following: s.following, state, ...(reason ? { reason } : {}) };
    } catch (e) {
      this.untail(subscriptionId, clientId);
      throw e;
    }
  }

  /** Ends one tail of this client. */
  untail(subscriptionId: string, clientId: string): void {
    const t = this.tails.get(subscriptionId);
    if (!t || t.clientId !== clientId) return;
    this.remove(subscriptionId, t);
  }

  /** Ends every tail of a client that went away. */
  clientGone(clientId: string): void {
    for (const [id, t] of this.tails) if (t.clientId === clientId) this.remove(id, t);
  }

  /** How many tails are open (for tests and diagnostics). */
  get size(): number {
    return this.tails.size;
  }

  /** How many lines are held for slow clients (for tests and diagnostics). */
  get heldLines(): number {
    let n = 0;
    for (const t of this.tails.values()) n += t.held?.length ?? 0;
    return n;
  }

  dispose(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    for (const d of this.listening) d.dispose();
    this.tails.clear();
    this.byKey.clear();
  }

  private remove(subscriptionId: string, t: Tail): void {
    this.tails.delete(subscriptionId);
    if (!t.keyId) return;
    const set = this.byKey.get(t.keyId);
    set?.delete(subscriptionId);
    if (set?.size === 0) this.byKey.delete(t.keyId);
  }

  private deliver(key: LogKey, kept: readonly LogLine[], state: KeptState): void {
    const ids = this.byKey.get(idOf(key));
    if (!ids) return; // containers nobody tails cost nothing here (a flood is copied only when watched)
    const lines = kept.slice();
    for (const id of ids) {
      const t = this.tails.get(id);
      if (!t) continue;
      if (t.pending) {
        if (lines.length) t.pending.push(lines);
        continue;
      }
      let fresh: LogLine[] = lines;
      if (t.answeredThrough && lines.length) {
        fresh = linesAfter(lines, t.answeredThrough);
        if (fresh.length < lines.length || compareStamps(lines[0]?.time ?? '', t.answeredThrough.time) > 0) t.answeredThrough = undefined;
        // a batch the answer had whole: nothing to send (state changes come on their own)
        if (fresh.length === 0) continue;
      }
      // once holding, keep holding until the retry sends them: the lines stay in order
      if (t.held || this.behind(t.clientId)) this.hold(t, fresh, state);
      else this.send(id, t, fresh, state, 0);
    }
  }

  /** Whether the client has more unsent than the flow allows (never, when the host cannot tell). */
  private behind(clientId: string): boolean {
    return (this.publisher.backlog?.(clientId) ?? 0) > this.flow.maxBacklogBytes;
  }

  private hold(t: Tail, lines: readonly LogLine[], state: KeptState): void {
    const held = (t.held ??= []);
    const max = this.flow.maxHeldLines;
    if (lines.length >= max) {
      t.skipped += held.length + lines.length - max;
      held.length = 0;
      for (let i = lines.length - max; i < lines.length; i++) held.push(lines[i] as LogLine);
    } else {
      for (const l of lines) held.push(l);
      const over = held.length - max;
      if (over > 0) {
        held.splice(0, over);
        t.skipped += over;
      }
    }
    t.heldState = state;
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== undefined) return;
    this.retryTimer = setTimeout(() => this.retry(), this.flow.retryMs);
    this.retryTimer.unref?.();
  }

  /** Sends what is held for clients that caught up; tries again later for the others. */
  private retry(): void {
    this.retryTimer = undefined;
    let waiting = false;
    for (const [id, t] of this.tails) {
      if (!t.held) continue;
      // measured per tail: sending one tail's lines adds to the client's backlog
      if (this.behind(t.clientId)) {
        waiting = true;
        continue;
      }
      const lines = t.held;
      const state = t.heldState as KeptState;
      const skipped = t.skipped;
      t.held = undefined;
      t.heldState = undefined;
      t.skipped = 0;
      this.send(id, t, lines, state, skipped);
    }
    if (waiting) this.scheduleRetry();
  }

  private send(id: string, t: Tail, lines: LogLine[], state: KeptState, skipped: number): void {
    this.publisher.publishTo(t.clientId, logsContract.appended, {
      subscriptionId: id,
      lines,
      following: state.following,
      state: tailState(state),
      ...(state.reason ? { reason: state.reason } : {}),
      ...(skipped ? { skipped } : {}),
    });
  }

  /** Whether the pod lives with this container, or why the kept log is all there is. */
  private async podLives(key: LogKey): Promise<{ ok: true } | { ok: false; state: 'pod-gone' | 'offline' | 'stopped'; reason: string }> {
    let names: string[];
    let http: Awaited<ReturnType<HttpSource['http']>>;
    try {
      http = await this.clusters.http(key.cluster);
    } catch (e) {
      // the cluster left the kubeconfigs, or its credentials cannot be had: what was kept stays readable
      if (e instanceof AppError) return { ok: false, state: 'stopped', reason: `${e.message} This is the kept log.` };
      throw e;
    }
    try {
      const pod = await http.request<{ spec?: { containers?: { name: string }[]; initContainers?: { name: string }[] } }>({
        path: `/api/v1/namespaces/${key.namespace}/pods/${key.pod}`,
        timeoutMs: 10_000,
      });
      names = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      if (e.code === 'not-found') return { ok: false, state: 'pod-gone', reason: 'The pod is gone; this is its kept log.' };
      if (e.code === 'unavailable' || e.code === 'timeout')
        return { ok: false, state: 'offline', reason: `The cluster cannot be reached (${e.message}); this is the kept log.` };
      return { ok: false, state: 'stopped', reason: `${e.message}; this is the kept log.` };
    }
    if (!names.includes(key.container)) throw new AppError('not-found', `The pod ${key.pod} has no container ${key.container}.`);
    return { ok: true };
  }
}
