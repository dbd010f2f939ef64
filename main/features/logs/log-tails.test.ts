// SPDX-License-Identifier: Apache-2.0
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Topic } from '../../../shared/ipc/define';
import type { LogLine, TailAppended } from '../../../shared/features/logs/logs.contract';
import type { Publisher } from '../../ipc/dispatcher';
import type { HttpSource, KeptState, LogCapture } from '../../platform/logs/log-capture';
import { compareStamps, linesAfter, LogTails, newSinceRead, tailState } from './log-tails';

const l = (text: string, time = '2026-01-01T00:00:01Z') => ({ time, text });

describe('joining a tail’s first read with the lines kept meanwhile', () => {
  it('drops the batches the read already has and keeps the later ones', () => {
    const read = [l('a'), l('b'), l('c'), l('d')];
    expect(newSinceRead(read, [[l('c'), l('d')], [l('e')], [l('f'), l('g')]])).toEqual([l('e'), l('f'), l('g')]);
  });
  it('keeps every batch when none of them is in the read', () => {
    expect(newSinceRead([l('a')], [[l('b')], [l('c')]])).toEqual([l('b'), l('c')]);
    expect(newSinceRead([], [[l('b')]])).toEqual([l('b')]);
  });
  it('keeps nothing when the read has them all', () => {
    expect(newSinceRead([l('a'), l('b'), l('c')], [[l('b')], [l('c')]])).toEqual([]);
  });
  it('tells equal texts apart by their stamps', () => {
    const read = [l('tick', '2026-01-01T00:00:01Z')];
    expect(newSinceRead(read, [[l('tick', '2026-01-01T00:00:02Z')]])).toEqual([l('tick', '2026-01-01T00:00:02Z')]);
  });
});

describe('a batch announced after the first answer that already had it', () => {
  const t = (s: number, frac = '') => `2026-01-01T00:00:0${s}${frac}Z`;
  it('orders stamps whose fractions have their trailing zeros trimmed', () => {
    expect(compareStamps(t(1, '.5'), t(1, '.45'))).toBeGreaterThan(0);
    expect(compareStamps(t(1), t(1, '.000000001'))).toBeLessThan(0);
    expect(compareStamps(t(2, '.10'), t(2, '.1'))).toBe(0);
  });
  it('keeps only what comes after the answered line', () => {
    const through = l('b', t(2));
    expect(linesAfter([l('a', t(1)), l('b', t(2)), l('c', t(3))], through)).toEqual([l('c', t(3))]);
    expect(linesAfter([l('a', t(1)), l('b', t(2))], through)).toEqual([]);
    expect(linesAfter([l('d', t(4))], through)).toEqual([l('d', t(4))]);
  });
  it('is not sent twice to a tail whose answer had it', async () => {
    let onAppend: (key: unknown, lines: LogLine[]) => void = () => undefined;
    const stored = [l('a', t(1)), l('b', t(2))];
    const capture = {
      onAppend: (f: typeof onAppend) => ((onAppend = f), { dispose: () => undefined }),
      onStateChange: () => ({ dispose: () => undefined }),
      stateOf: () => ({ following: true, reason: undefined }),
      keep: () => undefined,
      // the batch [b] is stored before the read, and announced after it
      read: async () => ({ lines: stored, truncated: false }),
    } as unknown as LogCapture;
    const clusters = { http: async () => ({ request: async () => ({ spec: { containers: [{ name: 'c' }] } }) }) } as unknown as HttpSource;
    const sent: TailAppended[] = [];
    const publisher: Publisher = { publish: () => undefined, publishTo: <Ev>(_c: string, _t: Topic<Ev>, ev: Ev) => void sent.push(ev as TailAppended) };
    const tails = new LogTails(
      capture,
      clusters,
      publisher,
      {
        get: () => {
          throw new Error('no');
        },
      },
      500,
    );
    const start = await tails.tail({ clusterId: 'c1', namespace: 'ns', pod: 'p', container: 'c' }, 'w1');
    expect(start.lines.map((x) => x.text)).toEqual(['a', 'b']);
    const key = { cluster: 'c1', namespace: 'ns', pod: 'p', container: 'c' };
    onAppend(key, [l('b', t(2))]);
    onAppend(key, [l('c', t(3))]);
    expect(sent.map((e) => e.lines.map((x) => x.text))).toEqual([['c']]);
    tails.dispose();
  });
});

describe('tail states', () => {
  it('names what the capture is doing', () => {
    expect(tailState({ following: true, reason: undefined })).toBe('following');
    expect(tailState({ following: true, reason: 'connection reset' })).toBe('reconnecting');
    expect(tailState({ following: false, reason: 'x', ended: 'pod-gone' })).toBe('pod-gone');
    expect(tailState({ following: false, reason: 'x', ended: 'finished' })).toBe('finished');
    expect(tailState({ following: false, reason: 'Stopped.', ended: 'stopped' })).toBe('stopped');
  });
});

/** A capture whose appends the test makes, and a publisher whose backlog the test sets. */
function rig(flow = { maxBacklogBytes: 1000, maxHeldLines: 5, retryMs: 100 }, measurable = true) {
  let onAppend: (key: unknown, lines: LogLine[]) => void = () => undefined;
  let onState: (key: unknown, s: KeptState) => void = () => undefined;
  const state: KeptState = { following: true, reason: undefined };
  const capture = {
    onAppend: (f: typeof onAppend) => ((onAppend = f), { dispose: () => undefined }),
    onStateChange: (f: typeof onState) => ((onState = f), { dispose: () => undefined }),
    stateOf: () => state,
    keep: () => undefined,
    read: async () => ({ lines: [], truncated: false }),
  } as unknown as LogCapture;
  const clusters = {
    http: async () => ({ request: async () => ({ spec: { containers: [{ name: 'c' }] } }) }),
  } as unknown as HttpSource;
  const backlog = new Map<string, number>();
  const sent: { client: string; ev: TailAppended }[] = [];
  const publisher: Publisher = {
    publish: () => undefined,
    publishTo: <Ev>(client: string, _t: Topic<Ev>, ev: Ev) => void sent.push({ client, ev: ev as TailAppended }),
    // an Electron-like host cannot tell the backlog
    ...(measurable ? { backlog: (client: string) => backlog.get(client) ?? 0 } : {}),
  };
  const snapshots = {
    get: () => {
      throw new Error('no snapshots');
    },
  };
  const tails = new LogTails(capture, clusters, publisher, snapshots, 500, flow);
  const key = { cluster: 'c1', namespace: 'ns', pod: 'p', container: 'c' };
  const req = { clusterId: 'c1', namespace: 'ns', pod: 'p', container: 'c' };
  const append = (...texts: string[]) =>
    onAppend(
      key,
      texts.map((t) => l(t)),
    );
  const stop = () => {
    state.following = false;
    state.ended = 'finished';
    state.reason = 'The container finished.';
    onState(key, state);
  };
  return { tails, backlog, sent, req, append, stop };
}
const texts = (ev: TailAppended) => ev.lines.map((x) => x.text);

describe('tails of a slow client', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('sends at once while the client keeps up', async () => {
    const r = rig();
    const { subscriptionId } = await r.tails.tail(r.req, 'w1');
    r.append('a', 'b');
    expect(r.sent).toEqual([{ client: 'w1', ev: { subscriptionId, lines: [l('a'), l('b')], following: true, state: 'following' } }]);
    r.tails.dispose();
  });

  it('holds lines while the backlog is over the limit and sends them, in order, once it is under', async () => {
    const r = rig();
    await r.tails.tail(r.req, 'w1');
    r.backlog.set('w1', 5000);
    r.append('a', 'b');
    r.append('c');
    expect(r.sent).toEqual([]);
    expect(r.tails.heldLines).toBe(3);
    vi.advanceTimersByTime(250); // still behind: nothing goes out
    expect(r.sent).toEqual([]);
    r.backlog.set('w1', 0);
    // caught up, but held lines go first: a new batch joins them
    r.append('d');
    expect(r.sent).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(r.sent.map((s) => texts(s.ev))).toEqual([['a', 'b', 'c', 'd']]);
    expect(r.sent[0]?.ev.skipped).toBeUndefined();
    expect(r.tails.heldLines).toBe(0);
    r.append('e');
    expect(r.sent.map((s) => texts(s.ev))).toEqual([['a', 'b', 'c', 'd'], ['e']]);
    r.tails.dispose();
  });

  it('keeps at most the newest lines per tail and says how many it skipped', async () => {
    const r = rig();
    await r.tails.tail(r.req, 'w1');
    r.backlog.set('w1', 5000);
    r.append('1', '2', '3');
    r.append('4', '5', '6', '7');
    r.append('8', '9', '10', '11', '12', '13', '14'); // a batch larger than the bound
    expect(r.tails.heldLines).toBe(5);
    r.backlog.set('w1', 10);
    vi.advanceTimersByTime(100);
    expect(r.sent).toHaveLength(1);
    expect(texts(r.sent[0]!.ev)).toEqual(['10', '11', '12', '13', '14']);
    expect(r.sent[0]!.ev.skipped).toBe(9);
    // the count is reported once
    r.append('15');
    expect(r.sent[1]!.ev.skipped).toBeUndefined();
    r.tails.dispose();
  });

  it('holds state changes with the lines and sends the newest state', async () => {
    const r = rig();
    await r.tails.tail(r.req, 'w1');
    r.backlog.set('w1', 5000);
    r.append('a');
    r.stop();
    expect(r.sent).toEqual([]);
    r.backlog.set('w1', 0);
    vi.advanceTimersByTime(100);
    expect(r.sent).toHaveLength(1);
    expect(r.sent[0]!.ev).toMatchObject({ lines: [l('a')], following: false, state: 'finished', reason: 'The container finished.' });
    r.tails.dispose();
  });

  it('holds only for the client that is behind', async () => {
    const r = rig();
    const slow = await r.tails.tail(r.req, 'slow');
    const fast = await r.tails.tail(r.req, 'fast');
    r.backlog.set('slow', 5000);
    r.append('a');
    expect(r.sent.map((s) => [s.client, s.ev.subscriptionId, texts(s.ev)])).toEqual([['fast', fast.subscriptionId, ['a']]]);
    r.backlog.set('slow', 0);
    vi.advanceTimersByTime(100);
    expect(r.sent.map((s) => [s.client, s.ev.subscriptionId, texts(s.ev)])).toEqual([
      ['fast', fast.subscriptionId, ['a']],
      ['slow', slow.subscriptionId, ['a']],
    ]);
    r.tails.dispose();
  });

  it('drops what it held when the client goes away, and never holds where the host cannot tell the backlog', async () => {
    const r = rig();
    await r.tails.tail(r.req, 'w1');
    r.backlog.set('w1', 5000);
    r.append('a');
    r.tails.clientGone('w1');
    expect(r.tails.heldLines).toBe(0);
    vi.advanceTimersByTime(500);
    expect(r.sent).toEqual([]);
    r.tails.dispose();

    const e = rig(undefined, false);
    await e.tails.tail(e.req, 'wc-1');
    e.backlog.set('wc-1', 1e9); // not asked: the host has no backlog()
    e.append('x');
    expect(e.sent).toHaveLength(1);
    e.tails.dispose();
  });
});
