// SPDX-License-Identifier: Apache-2.0
/**
 * Test-only: a scriptable stand-in for `KubeHttp` serving one namespaced kind, for unit tests
 * of the informer's logic. It pages lists with continue tokens, replays watch history from a
 * resourceVersion, and can be told to fail, hang, expire tokens or answer 410.
 */
import { AppError } from '../../../../shared/errors';
import type { KubeObject } from '../../../../shared/kube/object';
import { httpStatusError } from '../../kube/kube-errors';
import type { KubeRequestOptions, KubeStreamOptions, QueryValue } from '../../kube/kube-http';
import type { Clock } from '../clock';
import type { KubeHttpLike, WatchEvent } from '../sync-types';

/** A request the fake received. */
export interface FakeRequest {
  kind: 'list' | 'watch';
  query: Readonly<Record<string, QueryValue>>;
  at: number;
}

/**
 * What the next request gets instead of an answer: an error, or no answer at all ('hang'),
 * which fails with `timeout` after the request's `timeoutMs` like KubeHttp's header timeout;
 * 'ok' answers normally (to plan a failure for a later request).
 */
export type Planned = AppError | 'hang' | 'ok';

interface OpenWatch {
  namespace: string | undefined;
  queue: WatchEvent[];
  ended: boolean;
  wake: (() => void) | undefined;
}

const cancelled = () => new AppError('cancelled', 'The request was cancelled.');

/** A 410 the way the API server sends it. */
export function goneError(): AppError {
  return httpStatusError(410, JSON.stringify({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' }));
}

/** The fake. */
export class FakeKube implements KubeHttpLike {
  /** The current resourceVersion. */
  rv = 1000;
  readonly requests: FakeRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Answers for the next list requests, in order. */
  readonly planList: Planned[] = [];
  /** Answers for the next watch requests, in order. */
  readonly planWatch: Planned[] = [];
  /** Watches from a resourceVersion older than this get an ERROR 410 event. */
  oldestRv = 0;
  /** The next N requests with a continue token answer 410. */
  expireContinue = 0;
  /** When false, changes are recorded (and replayed to later watches) but not sent to open ones. */
  deliver = true;
  private readonly objects = new Map<string, KubeObject>();
  private readonly history: { rv: number; event: WatchEvent }[] = [];
  private readonly watches = new Set<OpenWatch>();
  private readonly snapshots = new Map<number, { rv: number; items: KubeObject[] }>();
  private nextSnapshot = 0;
  private uid = 0;

  /** @param clock - stamps requests */
  constructor(private readonly clock: Clock) {}

  /** Watches open now. */
  get openWatches(): number {
    return this.watches.size;
  }

  /** Requests of one kind. */
  seen(kind: FakeRequest['kind']): FakeRequest[] {
    return this.requests.filter((r) => r.kind === kind);
  }

  /** Creates an object (an ADDED event). */
  create(namespace: string, name: string, spec: unknown = {}): KubeObject {
    const o: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, uid: `uid-${++this.uid}`, resourceVersion: String(++this.rv) }, spec };
    this.objects.set(`${namespace}/${name}`, o);
    this.publish({ type: 'ADDED', object: o });
    return o;
  }

  /** Changes an object's spec (a MODIFIED event). */
  update(namespace: string, name: string, spec: unknown): KubeObject {
    const was = this.objects.get(`${namespace}/${name}`);
    if (!was) throw new Error(`no ${namespace}/${name}`);
    const o: KubeObject = { ...was, metadata: { ...was.metadata, resourceVersion: String(++this.rv) }, spec };
    this.objects.set(`${namespace}/${name}`, o);
    this.publish({ type: 'MODIFIED', object: o });
    return o;
  }

  /** Deletes an object (a DELETED event). */
  remove(namespace: string, name: string): void {
    const was = this.objects.get(`${namespace}/${name}`);
    if (!was) throw new Error(`no ${namespace}/${name}`);
    this.objects.delete(`${namespace}/${name}`);
    this.publish({ type: 'DELETED', object: { ...was, metadata: { ...was.metadata, resourceVersion: String(++this.rv) } } });
  }

  /** Sends a BOOKMARK at a new resourceVersion to every open watch (as if other kinds changed). */
  bookmark(): string {
    const rv = String(++this.rv);
    this.send({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { name: '', resourceVersion: rv } } });
    return rv;
  }

  /** Sends an ERROR event to every open watch. */
  sendError(code: number, reason: string): void {
    this.send({ type: 'ERROR', object: { kind: 'Status', code, reason, message: `${reason} (${code})` } as unknown as KubeObject });
  }

  /** Ends every open watch normally (the server's timeout). */
  closeWatches(): void {
    for (const w of this.watches) {
      w.ended = true;
      w.wake?.();
    }
  }

  async request<T = unknown>(opts: KubeRequestOptions): Promise<T> {
    this.begin('list', opts);
    try {
      await this.planned(this.planList, opts);
      const query = opts.query ?? {};
      const cont = typeof query['continue'] === 'string' ? query['continue'] : undefined;
      const limit = typeof query['limit'] === 'number' ? query['limit'] : Number.MAX_SAFE_INTEGER;
      let snapshot: { rv: number; items: KubeObject[] } | undefined;
      let offset = 0;
      if (cont !== undefined) {
        if (this.expireContinue > 0) {
          this.expireContinue--;
          throw goneError();
        }
        const token = JSON.parse(Buffer.from(cont, 'base64').toString()) as { id: number; offset: number };
        snapshot = this.snapshots.get(token.id);
        offset = token.offset;
        if (!snapshot) throw goneError();
      }
      let id = this.nextSnapshot;
      if (!snapshot) {
        const ns = namespaceOf(opts.path);
        const items = [...this.objects.values()].filter((o) => ns === undefined || o.metadata.namespace === ns);
        // list items have no kind or apiVersion, as from the API server
        snapshot = { rv: this.rv, items: items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest as KubeObject) };
        id = this.nextSnapshot++;
        this.snapshots.set(id, snapshot);
      } else id = (JSON.parse(Buffer.from(cont ?? '', 'base64').toString()) as { id: number }).id;
      const page = snapshot.items.slice(offset, offset + limit);
      const more = offset + limit < snapshot.items.length;
      const next = more ? Buffer.from(JSON.stringify({ id, offset: offset + limit })).toString('base64') : undefined;
      return structuredClone({
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: { resourceVersion: String(snapshot.rv), ...(next ? { continue: next } : {}) },
        items: page,
      }) as T;
    } finally {
      this.inFlight--;
    }
  }

  async *stream<T = unknown>(opts: KubeStreamOptions): AsyncGenerator<T, void, undefined> {
    this.begin('watch', opts);
    const w: OpenWatch = { namespace: namespaceOf(opts.path), queue: [], ended: false, wake: undefined };
    try {
      await this.planned(this.planWatch, opts);
      const from = Number(opts.query?.['resourceVersion'] ?? this.rv);
      if (from < this.oldestRv) w.queue.push({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } as unknown as KubeObject });
      else for (const h of this.history) if (h.rv > from && this.matches(w, h.event)) w.queue.push(h.event);
      this.watches.add(w);
      for (;;) {
        if (opts.signal?.aborted) throw cancelled();
        const event = w.queue.shift();
        if (event) {
          opts.onBytes?.(JSON.stringify(event).length + 1);
          yield structuredClone(event) as T;
          continue;
        }
        if (w.ended) return;
        await new Promise<void>((resolve) => {
          const done = () => {
            w.wake = undefined;
            opts.signal?.removeEventListener('abort', done);
            resolve();
          };
          w.wake = done;
          opts.signal?.addEventListener('abort', done, { once: true });
        });
      }
    } finally {
      this.watches.delete(w);
      this.inFlight--;
    }
  }

  private begin(kind: FakeRequest['kind'], opts: KubeRequestOptions): void {
    this.requests.push({ kind, query: { ...opts.query }, at: this.clock.now() });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
  }

  private async planned(plan: Planned[], opts: KubeRequestOptions): Promise<void> {
    const next = plan.shift();
    if (next === undefined || next === 'ok') return;
    if (next !== 'hang') throw next;
    const { signal, timeoutMs } = opts;
    const timedOut = await new Promise<boolean>((resolve) => {
      const timer = timeoutMs === undefined ? undefined : this.clock.timer(timeoutMs, () => resolve(true));
      if (signal?.aborted) resolve(false);
      signal?.addEventListener(
        'abort',
        () => {
          timer?.dispose();
          resolve(false);
        },
        { once: true },
      );
    });
    throw timedOut ? new AppError('timeout', `The fake cluster did not answer within ${timeoutMs} ms.`, undefined, true) : cancelled();
  }

  private publish(event: WatchEvent): void {
    this.history.push({ rv: this.rv, event });
    if (this.deliver) this.send(event);
  }

  private send(event: WatchEvent): void {
    for (const w of this.watches) {
      if (!this.matches(w, event)) continue;
      w.queue.push(event);
      w.wake?.();
    }
  }

  private matches(w: OpenWatch, event: WatchEvent): boolean {
    const ns = (event.object as KubeObject).metadata?.namespace;
    return w.namespace === undefined || ns === undefined || ns === w.namespace;
  }
}

function namespaceOf(path: string): string | undefined {
  return /\/namespaces\/([^/]+)\//.exec(path)?.[1];
}
