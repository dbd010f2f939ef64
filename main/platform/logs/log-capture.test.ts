// SPDX-License-Identifier: Apache-2.0
import type { IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { KubeHttp } from '../kube/kube-http';
import { openCache, type SqliteCache } from '../cache/sqlite-cache';
import type { StampedLine } from './cri-lines';
import { LogCapture, type KeptState } from './log-capture';

/** A cluster with one pod whose followed log is a stream the test writes to. */
function fakeCluster() {
  const log = new PassThrough();
  let gone = false;
  const http = {
    async request() {
      if (gone) throw new AppError('not-found', 'pods "p" not found');
      return { spec: { containers: [{ name: 'c' }] }, status: { phase: 'Running', containerStatuses: [{ name: 'c', state: { running: {} } }] } };
    },
    async rawRequest(opts: { signal?: AbortSignal }) {
      opts.signal?.addEventListener('abort', () => log.destroy(), { once: true });
      return log as unknown as IncomingMessage;
    },
  } as unknown as KubeHttp;
  return {
    source: { http: async () => http },
    write: (s: string) => log.write(s),
    end: () => {
      gone = true;
      log.end();
    },
  };
}

const until = async (what: string, ok: () => boolean) => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
};

describe('listening to kept lines', () => {
  let dir: string;
  let cache: SqliteCache;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mldeck-capture-'));
    cache = await openCache({ file: join(dir, 'c.sqlite') });
  });
  afterEach(() => {
    cache.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands each flushed batch to listeners once it is in the cache, and reports state changes', async () => {
    const cluster = fakeCluster();
    const capture = new LogCapture(cluster.source, cache, { flushMs: 20, checkMs: 30 });
    const key = { cluster: 'k', namespace: 'n', pod: 'p', container: 'c' };
    const got: StampedLine[] = [];
    const keptWhenHeard: number[] = [];
    const batches: number[] = [];
    const states: KeptState[] = [];
    capture.onAppend((k, lines) => {
      expect(k).toEqual(key);
      got.push(...lines);
      const kept = got.length;
      batches.push(kept);
      void cache.readLogs(key).then((r) => keptWhenHeard.push(r.lines.length));
    });
    // a listener that throws does not stop the capture or the other listeners
    capture.onAppend(() => {
      throw new Error('a broken view');
    });
    capture.onStateChange((_k, s) => states.push(s));
    capture.keep(key);
    cluster.write('2026-01-01T00:00:01Z step=1 loss=2\n2026-01-01T00:00:02Z step=2 loss=1.5\n');
    await until('two lines', () => got.length === 2);
    cluster.write('2026-01-01T00:00:03Z step=3 loss=1\n');
    await until('three lines', () => got.length === 3);
    expect(got.map((l) => l.text)).toEqual(['step=1 loss=2', 'step=2 loss=1.5', 'step=3 loss=1']);
    expect(got[2]?.time).toBe('2026-01-01T00:00:03Z');
    await until('reads done', () => keptWhenHeard.length === batches.length);
    // each batch was in the cache when listeners heard of it
    expect(keptWhenHeard).toEqual(batches);

    cluster.end();
    await until('the pod gone', () => states.some((s) => s.ended === 'pod-gone'));
    expect(states[0]).toMatchObject({ following: true });
    expect(states.at(-1)).toMatchObject({ following: false, ended: 'pod-gone' });
    expect(capture.stateOf(key)).toMatchObject({ following: false, ended: 'pod-gone' });
    capture.dispose();
  });

  it('stops telling a listener once it is disposed', async () => {
    const cluster = fakeCluster();
    const capture = new LogCapture(cluster.source, cache, { flushMs: 20, checkMs: 1000 });
    const key = { cluster: 'k', namespace: 'n', pod: 'p', container: 'c' };
    let heard = 0;
    const sub = capture.onAppend((_k, lines) => (heard += lines.length));
    capture.keep(key);
    cluster.write('2026-01-01T00:00:01Z a\n');
    await until('one line', () => heard === 1);
    sub.dispose();
    cluster.write('2026-01-01T00:00:02Z b\n');
    for (let i = 0; i < 50 && (await capture.read(key)).lines.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await capture.read(key)).lines.map((l) => l.text)).toEqual(['a', 'b']);
    expect(heard).toBe(1);
    capture.dispose();
  });

  it('reads finished containers once each, without following, four at a time, and keeps every line', async () => {
    let open = 0;
    let most = 0;
    const asked: Record<string, unknown>[] = [];
    const http = {
      async request() {
        throw new Error('a finished container needs no pod check');
      },
      async rawRequest(opts: { path: string; query: Record<string, unknown> }) {
        asked.push(opts.query);
        open++;
        most = Math.max(most, open);
        const pod = /pods\/([^/]+)\/log/.exec(opts.path)?.[1] ?? '';
        const body = new PassThrough();
        setTimeout(() => {
          body.end(`2026-01-01T00:00:01Z ${pod} starts\n2026-01-01T00:00:02Z ${pod} done\n`);
          open--;
        }, 15);
        return body as unknown as IncomingMessage;
      },
    } as unknown as KubeHttp;
    const capture = new LogCapture({ http: async () => http }, cache, { flushMs: 5 });
    const keys = Array.from({ length: 12 }, (_, i) => ({ cluster: 'k', namespace: 'n', pod: `step-${i}`, container: 'main' }));
    for (const k of keys) capture.keepFinished(k);
    capture.keepFinished(keys[0] as (typeof keys)[0]); // idempotent
    await until('every read ended', () => keys.every((k) => capture.stateOf(k).ended === 'finished'));
    expect(asked).toHaveLength(12);
    expect(asked.every((q) => q.follow === undefined && q.timestamps === true)).toBe(true);
    expect(most).toBeLessThanOrEqual(4);
    expect(most).toBeGreaterThan(1);
    for (const k of keys) expect((await capture.read(k)).lines.map((l) => l.text)).toEqual([`${k.pod} starts`, `${k.pod} done`]);
    capture.dispose();
  });

  it('says a finished container whose pod is gone is gone, and stop() takes one out of the queue', async () => {
    const http = {
      async rawRequest(opts: { path: string }) {
        if (opts.path.includes('gone')) throw new AppError('not-found', 'pods "gone" not found');
        return new Promise<IncomingMessage>(() => undefined); // never answers: holds its place
      },
    } as unknown as KubeHttp;
    const capture = new LogCapture({ http: async () => http }, cache, { flushMs: 5 });
    const gone = { cluster: 'k', namespace: 'n', pod: 'gone', container: 'main' };
    capture.keepFinished(gone);
    await until('gone', () => capture.stateOf(gone).ended === 'pod-gone');
    const slow = Array.from({ length: 5 }, (_, i) => ({ cluster: 'k', namespace: 'n', pod: `slow-${i}`, container: 'main' }));
    for (const k of slow) capture.keepFinished(k);
    const last = slow[4] as (typeof slow)[0];
    expect(capture.stateOf(last)).toMatchObject({ following: true, reason: expect.stringMatching(/Waiting its turn/) });
    await capture.stop(last);
    expect(capture.stateOf(last)).toEqual({ following: false, reason: undefined });
    capture.dispose();
  });

  it('follows a finished container whose read failed outside the four places, so the others are still read', async () => {
    const http = {
      async request() {
        throw new AppError('unavailable', 'the cluster is down');
      },
      async rawRequest(opts: { path: string }) {
        if (opts.path.includes('/bad-')) throw new AppError('unavailable', 'the cluster is down');
        const body = new PassThrough();
        setTimeout(() => body.end('2026-01-01T00:00:01Z read\n'), 5);
        return body as unknown as IncomingMessage;
      },
    } as unknown as KubeHttp;
    const capture = new LogCapture({ http: async () => http }, cache, { flushMs: 5, retryMs: 20, checkMs: 1000 });
    const bad = Array.from({ length: 4 }, (_, i) => ({ cluster: 'k', namespace: 'n', pod: `bad-${i}`, container: 'main' }));
    const good = { cluster: 'k', namespace: 'n', pod: 'good', container: 'main' };
    for (const k of bad) capture.keepFinished(k);
    capture.keepFinished(good);
    await until('the good one read', () => capture.stateOf(good).ended === 'finished');
    expect((await capture.read(good)).lines.map((l) => l.text)).toEqual(['read']);
    // the failed ones are followed with retries, saying why
    for (const k of bad) expect(capture.stateOf(k)).toMatchObject({ following: true, reason: expect.stringContaining('down') });
    capture.dispose();
  });

  it('reads a finished container again only when it runs again (a restart or a new pod), not while it stays finished', async () => {
    let phase = 'Succeeded';
    let uid = 'u1';
    let status: object = { name: 'main', containerID: 'c1', restartCount: 0, state: { terminated: { exitCode: 0 } } };
    // what the kubelet serves: a lab's file-backed one serves more after the container finished
    let log = ['done', 'more 1'];
    let reads = 0;
    let asked = 0;
    const http = {
      async request() {
        asked++;
        return { metadata: { uid }, status: { phase, containerStatuses: [status] } };
      },
      async rawRequest() {
        reads++;
        const body = new PassThrough();
        setTimeout(() => body.end(log.map((l, i) => `2026-01-01T00:00:0${i + 1}Z ${l}\n`).join('')), 5);
        return body as unknown as IncomingMessage;
      },
    } as unknown as KubeHttp;
    const capture = new LogCapture({ http: async () => http }, cache, { flushMs: 5, checkMs: 10, retryMs: 5 });
    const key = { cluster: 'k', namespace: 'n', pod: 'p', container: 'main' };
    const kept = async () => (await capture.read(key)).lines.map((l) => l.text);
    // a view asks again: once the pod was asked and a moment passed, a read that was to start has started
    const viewAgain = async () => {
      const before = asked;
      capture.keep(key);
      await until('the pod asked', () => asked > before);
      await new Promise((r) => setTimeout(r, 50));
    };
    // views keep asking (as the job page does) until the read starts: one asking while a check runs is not lost
    const viewsUntil = (what: string, ok: () => boolean) =>
      until(what, () => {
        capture.keep(key);
        return ok();
      });
    capture.keepFinished(key);
    await until('read', () => capture.stateOf(key).ended === 'finished');
    expect(reads).toBe(1);
    // a second view of the Succeeded pod keeps what was read: nothing more is written
    capture.keep(key);
    await viewAgain();
    expect(reads).toBe(1);
    expect(capture.stateOf(key)).toMatchObject({ following: false, ended: 'finished' });
    expect(await kept()).toEqual(['done', 'more 1']);
    // nor while the pod runs on with the container terminated (another container still runs)
    phase = 'Running';
    await viewAgain();
    expect(reads).toBe(1);
    // the container restarted: followed again, from where the kept log ends, until it finishes again
    log = ['done', 'more 1', 'more 2'];
    status = { name: 'main', containerID: 'c2', restartCount: 1, state: { running: {} } };
    await viewsUntil('read again', () => reads >= 2);
    for (let i = 0; i < 100 && (await kept()).length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    // (a follow the fake ends at once is read again while the container runs: the repeats are not kept)
    expect(await kept()).toEqual(['done', 'more 1', 'more 2']);
    status = { name: 'main', containerID: 'c2', restartCount: 1, state: { terminated: { exitCode: 0 } } };
    phase = 'Succeeded';
    await until('finished again', () => capture.stateOf(key).ended === 'finished');
    const after = reads;
    await viewAgain();
    expect(reads).toBe(after);
    // the pod made anew under the same name, run and finished before this view: its log is read
    log = ['done', 'more 1', 'more 2', 'more 3'];
    uid = 'u2';
    status = { name: 'main', containerID: 'c3', restartCount: 0, state: { terminated: { exitCode: 0 } } };
    await viewsUntil('the new pod read', () => reads > after);
    await until('finished', () => capture.stateOf(key).ended === 'finished');
    expect(await kept()).toEqual(['done', 'more 1', 'more 2', 'more 3']);
    capture.dispose();
  });

  it('knows an init container finished from the pod’s init container statuses', async () => {
    let reads = 0;
    const http = {
      async request() {
        return {
          metadata: { uid: 'u' },
          status: {
            phase: 'Running',
            initContainerStatuses: [{ name: 'init', containerID: 'i1', state: { terminated: { exitCode: 0 } } }],
            containerStatuses: [{ name: 'main', containerID: 'm1', state: { running: {} } }],
          },
        };
      },
      async rawRequest() {
        reads++;
        const body = new PassThrough();
        setTimeout(() => body.end('2026-01-01T00:00:01Z init done\n'), 5);
        return body as unknown as IncomingMessage;
      },
    } as unknown as KubeHttp;
    const capture = new LogCapture({ http: async () => http }, cache, { flushMs: 5, checkMs: 10, retryMs: 5 });
    const key = { cluster: 'k', namespace: 'n', pod: 'p', container: 'init' };
    capture.keep(key);
    await until('finished', () => capture.stateOf(key).ended === 'finished');
    capture.keep(key);
    await new Promise((r) => setTimeout(r, 60));
    expect(reads).toBe(1);
    capture.dispose();
  });
});
