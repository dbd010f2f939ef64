// SPDX-License-Identifier: Apache-2.0
/**
 * Keeps container logs. Features ask it to keep the containers of training, pipeline and
 * trial pods; it follows each one (timestamps on, resuming with sinceTime after a drop, so no
 * line is kept twice) and stores the lines in the cache, bounded per container and in total.
 * What it kept is served after the pod is gone and when the cluster cannot be reached.
 */
import type { IncomingMessage } from 'node:http';
import { AppError } from '../../../shared/errors';
import type { Disposable } from '../../../shared/lifecycle';
import type { CacheDb, LogKey } from '../cache/cache-db';
import type { KubeHttp } from '../kube/kube-http';
import { parseStamped, type StampedLine } from './cri-lines';
import { drainLog } from './log-drain';

/** What the service needs to reach a cluster. */
export interface HttpSource {
  http(clusterId: string): Promise<KubeHttp>;
}

/** The state of one kept container. */
export interface KeptState {
  following: boolean;
  /** Why following stopped or is retrying. */
  reason: string | undefined;
  /** Why following ended, when it did: the pod was deleted, the container finished, stop() or dispose(), or an error. */
  ended?: 'pod-gone' | 'finished' | 'stopped' | 'failed';
}

/** Called with the lines of a container just kept (oldest first), after each flush to the cache. */
export type AppendListener = (key: LogKey, lines: readonly StampedLine[]) => void;

/** Called when a container's following state changes (started, retrying, ended). */
export type StateListener = (key: LogKey, state: KeptState) => void;

interface Follower {
  key: LogKey;
  state: KeptState;
  abort: AbortController;
  done: Promise<void>;
  /** keep() is asking whether a finished container runs again. */
  rechecking?: boolean;
  /** Which run of the container was read to its end (pod uid, container id, restart count). */
  finishedRun?: string;
}

const keyId = (k: LogKey) => `${k.cluster}\0${k.namespace}\0${k.pod}\0${k.container}`;

/** How many finished containers' logs are read at once (see {@link LogCapture.keepFinished}). */
const finishedReadsAtOnce = 4;

/** Splits kept lines back into the stamp and the text. */
export function unstamp(line: string): StampedLine {
  return parseStamped([line])[0] ?? { time: '', text: line };
}

/** The log capture service. */
export class LogCapture implements Disposable {
  private readonly followers = new Map<string, Follower>();
  private readonly appendListeners = new Set<AppendListener>();
  private readonly stateListeners = new Set<StateListener>();
  /** Finished containers waiting for their one read, and how many are being read. */
  private readonly finishedQueue: { f: Follower; release: () => void }[] = [];
  private finishedReading = 0;

  constructor(
    private readonly clusters: HttpSource,
    private readonly cache: CacheDb,
    private readonly opts: { flushMs?: number; retryMs?: number; checkMs?: number } = {},
  ) {}

  /**
   * Starts keeping a container's log (idempotent). A container whose log was read to its end is
   * followed again only when it runs again: it is running, or it ran again and finished since
   * (its pod was made anew, or the container restarted: another container id or restart count).
   * A finished container writes no more, so a second view of it does not read the log again.
   */
  keep(key: LogKey): void {
    const id = keyId(key);
    const known = this.followers.get(id);
    if (known?.state.following || known?.rechecking) return;
    if (known?.state.ended !== 'finished') {
      this.start(key);
      return;
    }
    known.rechecking = true;
    const current = () => this.followers.get(id) === known && !known.abort.signal.aborted;
    void this.containerRun(key)
      .then(
        (now) => {
          if (!current()) return;
          // read by keepFinished (no pod asked for): this run is the one that was read
          known.finishedRun ??= now.run;
          if (!now.finished || now.run !== known.finishedRun) this.start(key);
        },
        (e: unknown) => {
          if (!current()) return;
          if (e instanceof AppError && e.code === 'not-found')
            this.setState(known, { following: false, reason: 'The pod is gone; its kept log stays available.', ended: 'pod-gone' });
          // the container finished and its log is kept; the next view asks again
          else console.warn(`[logs] could not tell whether ${key.pod}/${key.container} restarted:`, e instanceof Error ? e.message : e);
        },
      )
      .finally(() => (known.rechecking = false));
  }

  private start(key: LogKey): void {
    const abort = new AbortController();
    const follower: Follower = { key, state: { following: true, reason: undefined }, abort, done: Promise.resolve() };
    this.followers.set(keyId(key), follower);
    follower.done = this.follow(follower).catch((e: unknown) => {
      this.setState(follower, { following: false, reason: e instanceof Error ? e.message : String(e), ended: 'failed' });
    });
    this.emitState(key, follower.state);
  }

  /**
   * Keeps the log of a container that has already finished (its pod Succeeded or Failed): read
   * once, without following (nothing more will come), queued so that at most
   * {@link finishedReadsAtOnce} are read at a time. Opening a finished run of 300 steps then makes
   * 300 short reads in turn, not 300 streams and their pod checks at once. Idempotent, like
   * {@link keep}; a read that fails for any reason but the pod being gone falls back to following.
   */
  keepFinished(key: LogKey): void {
    const id = keyId(key);
    const known = this.followers.get(id);
    if (known && (known.state.following || known.state.ended === 'finished' || known.state.ended === 'pod-gone')) return;
    let release: () => void = () => undefined;
    const done = new Promise<void>((r) => (release = r));
    const f: Follower = {
      key,
      state: { following: true, reason: 'Waiting its turn to read the finished container’s log.' },
      abort: new AbortController(),
      done,
    };
    this.followers.set(id, f);
    this.emitState(key, f.state);
    this.finishedQueue.push({ f, release });
    this.pumpFinished();
  }

  /**
   * Listens to the lines as they are kept: after each flush to the cache, with the container's
   * key and the new lines (oldest first). Listeners run synchronously on the capture's path, so
   * they must be cheap (hand the lines on, never wait); one that throws does not stop the capture.
   */
  onAppend(listener: AppendListener): Disposable {
    this.appendListeners.add(listener);
    return { dispose: () => void this.appendListeners.delete(listener) };
  }

  /** Listens to changes of a container's following state (see {@link stateOf}). */
  onStateChange(listener: StateListener): Disposable {
    this.stateListeners.add(listener);
    return { dispose: () => void this.stateListeners.delete(listener) };
  }

  /** Keeps every container of a pod. */
  async keepPod(cluster: string, namespace: string, pod: string): Promise<string[]> {
    const http = await this.clusters.http(cluster);
    const p = await http.request<{ spec?: { containers?: { name: string }[]; initContainers?: { name: string }[] } }>({
      path: `/api/v1/namespaces/${namespace}/pods/${pod}`,
    });
    const names = [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])].map((c) => c.name);
    for (const container of names) this.keep({ cluster, namespace, pod, container });
    return names;
  }

  /** Whether a container is being followed now. */
  stateOf(key: LogKey): KeptState {
    return this.followers.get(keyId(key))?.state ?? { following: false, reason: undefined };
  }

  /** The kept lines (stamps removed), newest `limit`. */
  async read(key: LogKey, limit?: number): Promise<{ lines: StampedLine[]; truncated: boolean; lastAt: number | undefined; following: boolean }> {
    const r = await this.cache.readLogs(key, limit);
    return { lines: r.lines.map(unstamp), truncated: r.truncated, lastAt: r.lastAt, following: this.stateOf(key).following };
  }

  /** Containers with kept logs in a cluster. */
  list(cluster: string, namespace?: string): ReturnType<CacheDb['listLogKeys']> {
    return this.cache.listLogKeys(cluster, namespace);
  }

  /** Stops following a container (what was kept stays). */
  async stop(key: LogKey): Promise<void> {
    const f = this.followers.get(keyId(key));
    if (!f) return;
    f.abort.abort();
    const queued = this.finishedQueue.findIndex((q) => q.f === f);
    if (queued >= 0) {
      this.finishedQueue.splice(queued, 1)[0]?.release();
      this.setState(f, { following: false, reason: 'Stopped.', ended: 'stopped' });
    }
    await f.done;
    this.followers.delete(keyId(key));
  }

  dispose(): void {
    for (const f of this.followers.values()) f.abort.abort();
    this.followers.clear();
    this.finishedQueue.length = 0;
    this.appendListeners.clear();
    this.stateListeners.clear();
  }

  private setState(f: Follower, state: KeptState): void {
    const before = f.state;
    f.state = state;
    if (before.following !== state.following || before.reason !== state.reason || before.ended !== state.ended) this.emitState(f.key, state);
  }

  private emitState(key: LogKey, state: KeptState): void {
    for (const l of this.stateListeners) {
      try {
        l(key, state);
      } catch (e) {
        console.error('[logs] a state listener failed:', e);
      }
    }
  }

  private emitAppend(key: LogKey, lines: readonly StampedLine[]): void {
    for (const l of this.appendListeners) {
      try {
        l(key, lines);
      } catch (e) {
        console.error('[logs] an append listener failed:', e);
      }
    }
  }

  /** Starts the next finished containers' reads while fewer than {@link finishedReadsAtOnce} run. */
  private pumpFinished(): void {
    while (this.finishedReading < finishedReadsAtOnce && this.finishedQueue.length) {
      const next = this.finishedQueue.shift();
      if (!next) break;
      this.finishedReading++;
      void this.readFinished(next.f)
        .then((then) => {
          if (then !== 'follow') return;
          // followed as any container, with its retries, outside the finished reads' places
          const f = next.f;
          f.done = this.follow(f).catch((e: unknown) => {
            this.setState(f, { following: false, reason: e instanceof Error ? e.message : String(e), ended: 'failed' });
          });
        })
        .catch((e: unknown) => this.setState(next.f, { following: false, reason: e instanceof Error ? e.message : String(e), ended: 'failed' }))
        .finally(() => {
          this.finishedReading--;
          next.release();
          this.pumpFinished();
        });
    }
  }

  /** One read of a finished container's log from where the kept log ends; 'follow' when it failed but for the pod being gone. */
  private async readFinished(f: Follower): Promise<'follow' | undefined> {
    const { key } = f;
    if (f.abort.signal.aborted) return undefined;
    const kept = await this.cache.readLogs(key, 1);
    const last = kept.lines[0] ? unstamp(kept.lines[0]) : undefined;
    this.setState(f, { following: true, reason: undefined });
    try {
      const http = await this.clusters.http(key.cluster);
      const res = await http.rawRequest({
        path: `/api/v1/namespaces/${key.namespace}/pods/${key.pod}/log`,
        query: { container: key.container, timestamps: true, sinceTime: last?.time.replace(/\.\d+Z$/, 'Z') },
        signal: f.abort.signal,
        timeoutMs: 30_000,
      });
      await this.drain(res, key, last, f.abort.signal);
    } catch (e) {
      if (f.abort.signal.aborted) {
        this.setState(f, { following: false, reason: 'Stopped.', ended: 'stopped' });
        return undefined;
      }
      if (e instanceof AppError && e.code === 'not-found') {
        this.setState(f, { following: false, reason: 'The pod is gone; its kept log stays available.', ended: 'pod-gone' });
        return undefined;
      }
      this.setState(f, { following: true, reason: e instanceof Error ? e.message : String(e) });
      return 'follow';
    }
    this.setState(
      f,
      f.abort.signal.aborted
        ? { following: false, reason: 'Stopped.', ended: 'stopped' }
        : { following: false, reason: 'The container finished; its log is kept.', ended: 'finished' },
    );
    return undefined;
  }

  private async follow(f: Follower): Promise<void> {
    const { key } = f;
    let failures = 0;
    while (!f.abort.signal.aborted) {
      const kept = await this.cache.readLogs(key, 1);
      const last = kept.lines[0] ? unstamp(kept.lines[0]) : undefined;
      let finished = false;
      // one stream at a time; a watcher ends it when the pod goes or its container stops,
      // since some kubelets keep a follow open after that
      const stream = new AbortController();
      const onAbort = () => stream.abort();
      f.abort.signal.addEventListener('abort', onAbort, { once: true });
      let podGone = false;
      const watcher = setInterval(() => {
        void this.containerFinished(key).then(
          (done) => {
            if (done) setTimeout(() => stream.abort(), 1000); // let the last lines arrive
          },
          (e: unknown) => {
            if (e instanceof AppError && e.code === 'not-found') {
              podGone = true;
              stream.abort();
            }
          },
        );
      }, this.opts.checkMs ?? 3000);
      try {
        const http = await this.clusters.http(key.cluster);
        const res = await http.rawRequest({
          path: `/api/v1/namespaces/${key.namespace}/pods/${key.pod}/log`,
          query: { container: key.container, follow: true, timestamps: true, sinceTime: last?.time.replace(/\.\d+Z$/, 'Z') },
          signal: stream.signal,
          timeoutMs: 30_000,
        });
        if (f.state.reason !== undefined) this.setState(f, { following: true, reason: undefined });
        await this.drain(res, key, last, stream.signal);
        failures = 0;
        if (podGone) throw new AppError('not-found', 'pod gone');
        const now = await this.containerRun(key);
        finished = now.finished;
        if (finished) f.finishedRun = now.run;
      } catch (e) {
        if (f.abort.signal.aborted) break;
        if (podGone || (e instanceof AppError && e.code === 'not-found')) {
          this.setState(f, { following: false, reason: 'The pod is gone; its kept log stays available.', ended: 'pod-gone' });
          return;
        }
        if (e instanceof AppError && e.code === 'validation' && /ContainerCreating|waiting to start|PodInitializing/i.test(e.message)) {
          failures = 0; // not started yet
        } else failures++;
        this.setState(f, { following: true, reason: e instanceof Error ? e.message : String(e) });
      } finally {
        clearInterval(watcher);
        f.abort.signal.removeEventListener('abort', onAbort);
      }
      if (finished) {
        this.setState(f, { following: false, reason: 'The container finished; its log is kept.', ended: 'finished' });
        return;
      }
      const delay = Math.min(30_000, (this.opts.retryMs ?? 1000) * 2 ** Math.min(failures, 5)) * (0.5 + Math.random() / 2);
      await new Promise<void>((r) => {
        const t = setTimeout(r, delay);
        f.abort.signal.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
      });
    }
    this.setState(f, { following: false, reason: 'Stopped.', ended: 'stopped' });
  }

  private drain(res: IncomingMessage, key: LogKey, lastKept: StampedLine | undefined, signal: AbortSignal): Promise<void> {
    return drainLog(res, lastKept, signal, this.opts.flushMs ?? 250, async (lines) => {
      await this.cache.appendLogs(
        key,
        lines.map((l) => `${l.time} ${l.text}`),
        Date.now(),
      );
      this.emitAppend(key, lines);
    });
  }

  /**
   * Whether the container has finished (its pod Succeeded or Failed, or it is terminated, for now:
   * it may restart), and which run of it this is: the pod's uid, the container's id and restart count.
   */
  private async containerRun(key: LogKey): Promise<{ finished: boolean; run: string }> {
    type Status = { name: string; containerID?: string; restartCount?: number; state?: { terminated?: unknown } };
    const http = await this.clusters.http(key.cluster);
    const p = await http.request<{ metadata?: { uid?: string }; status?: { phase?: string; containerStatuses?: Status[]; initContainerStatuses?: Status[] } }>({
      path: `/api/v1/namespaces/${key.namespace}/pods/${key.pod}`,
    });
    const s = p.status ?? {};
    const cs = [...(s.initContainerStatuses ?? []), ...(s.containerStatuses ?? [])].find((c) => c.name === key.container);
    const run = `${p.metadata?.uid ?? ''}/${cs?.containerID ?? ''}/${cs?.restartCount ?? 0}`;
    return { finished: s.phase === 'Succeeded' || s.phase === 'Failed' || !!cs?.state?.terminated, run };
  }

  private async containerFinished(key: LogKey): Promise<boolean> {
    return (await this.containerRun(key)).finished;
  }
}
