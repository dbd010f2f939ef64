// SPDX-License-Identifier: Apache-2.0
/**
 * The browser-mode transport: one WebSocket to main's loopback host, the token carried as
 * a subprotocol. Calls made while the socket is down wait for it; it reconnects with
 * backoff and re-subscribes; calls in flight when it drops fail as `unavailable`.
 */
import type { Result } from '../../../shared/ipc/result';
import type { Transport, WireMessage } from '../../../shared/ipc/transport';

/** Connection state, for the UI's banner. */
export type SocketState = 'connecting' | 'open' | 'closed';

/** A transport plus its connection state. */
export interface WsTransport extends Transport {
  state(): SocketState;
  onState(cb: (s: SocketState) => void): () => void;
}

/** Opens the transport to `url` (ws://127.0.0.1:port/ws) with the token. */
export function wsTransport(url: string, token: string): WsTransport {
  let ws: WebSocket | undefined;
  let state: SocketState = 'connecting';
  let n = 0;
  let retry = 0;
  const pending = new Map<number, { resolve: (r: Result<unknown>) => void; message: string }>();
  const queue: string[] = [];
  const listeners = new Map<string, Set<(e: unknown) => void>>();
  const stateListeners = new Set<(s: SocketState) => void>();

  const setState = (s: SocketState) => {
    state = s;
    for (const l of stateListeners) l(s);
  };

  const connect = () => {
    setState('connecting');
    const sock = new WebSocket(url, [`mldeck.token.${token}`]);
    ws = sock;
    sock.onopen = () => {
      retry = 0;
      setState('open');
      for (const topic of listeners.keys()) sock.send(JSON.stringify({ t: 'sub', topic } satisfies WireMessage));
      while (queue.length) sock.send(queue.shift() as string);
    };
    sock.onmessage = (ev: MessageEvent<string>) => {
      const msg = JSON.parse(ev.data) as WireMessage;
      if (msg.t === 'result') {
        const p = pending.get(msg.n);
        pending.delete(msg.n);
        p?.resolve(msg.result);
      } else if (msg.t === 'event') {
        for (const l of listeners.get(msg.topic) ?? []) l(msg.event);
      }
    };
    sock.onclose = () => {
      setState('closed');
      for (const [k, p] of pending) {
        pending.delete(k);
        p.resolve({ ok: false, error: { code: 'unavailable', message: 'The connection to MLDeck was lost.', retryable: true } });
      }
      const delay = Math.min(10_000, 250 * 2 ** retry++) * (0.5 + Math.random() / 2);
      setTimeout(connect, delay);
    };
  };
  connect();

  const send = (text: string) => {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(text);
    else queue.push(text);
  };

  return {
    invoke(channel, payload) {
      const id = ++n;
      const message = JSON.stringify({ t: 'call', n: id, id: channel, payload } satisfies WireMessage);
      return new Promise((resolve) => {
        pending.set(id, { resolve, message });
        send(message);
      });
    },
    subscribe(topic, listener) {
      let set = listeners.get(topic);
      if (!set) {
        set = new Set();
        listeners.set(topic, set);
        send(JSON.stringify({ t: 'sub', topic } satisfies WireMessage));
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) {
          listeners.delete(topic);
          send(JSON.stringify({ t: 'unsub', topic } satisfies WireMessage));
        }
      };
    },
    state: () => state,
    onState(cb) {
      stateListeners.add(cb);
      return () => stateListeners.delete(cb);
    },
  };
}
