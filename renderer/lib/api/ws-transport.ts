// SPDX-License-Identifier: Apache-2.0
/**
 * The browser-mode transport: one WebSocket to main's loopback host, the token carried as
 * a subprotocol. Calls made while the socket is down wait for it; it reconnects with
 * backoff and re-subscribes; calls in flight when it drops fail as `unavailable`. Messages
 * longer than a frame go as chunk frames and come back the same way
 * (shared/ipc/chunked-frames.ts); every message from the host is checked against its schema.
 */
import { FrameAssembler, toFrames } from '../../../shared/ipc/chunked-frames';
import type { Result } from '../../../shared/ipc/result';
import { ServerMessage, type Transport, type WireMessage } from '../../../shared/ipc/transport';

/** Connection state, for the UI's banner. */
export type SocketState = 'connecting' | 'open' | 'closed';

/** A transport plus its connection state. */
export interface WsTransport extends Transport {
  state(): SocketState;
  onState(cb: (s: SocketState) => void): () => void;
}

/** The WebSocket constructor (the browser's; tests pass another). */
export type SocketConstructor = new (url: string, protocols: string[]) => WebSocket;

/** Opens the transport to `url` (ws://127.0.0.1:port/ws) with the token. */
export function wsTransport(url: string, token: string, Socket: SocketConstructor = WebSocket): WsTransport {
  let ws: WebSocket | undefined;
  let state: SocketState = 'connecting';
  let n = 0;
  let chunkId = 0;
  let retry = 0;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const queue: string[] = [];
  const listeners = new Map<string, Set<(e: unknown) => void>>();
  const stateListeners = new Set<(s: SocketState) => void>();

  const setState = (s: SocketState) => {
    state = s;
    for (const l of stateListeners) l(s);
  };

  const sendNow = (sock: WebSocket, text: string) => {
    for (const frame of toFrames(text, `c${++chunkId}`)) sock.send(frame);
  };

  const receive = (text: string, assembler: FrameAssembler, sock: WebSocket, fromChunks: boolean): void => {
    let msg: ServerMessage;
    try {
      msg = ServerMessage.parse(JSON.parse(text));
    } catch (e) {
      console.error('MLDeck sent a message this page does not understand', e);
      return sock.close(1008, 'an unknown message');
    }
    if (msg.t === 'chunk') {
      const step = fromChunks ? ({ kind: 'refused', close: 1008, reason: 'a chunk inside a chunked message' } as const) : assembler.add(msg);
      if (step.kind === 'refused') {
        console.error(`MLDeck sent a bad chunked message: ${step.reason}`);
        return sock.close(step.close, step.reason);
      }
      if (step.kind === 'message') receive(step.text, assembler, sock, true);
    } else if (msg.t === 'result') {
      const resolve = pending.get(msg.n);
      pending.delete(msg.n);
      resolve?.(msg.result);
    } else {
      for (const l of listeners.get(msg.topic) ?? []) l(msg.event);
    }
  };

  const connect = () => {
    setState('connecting');
    const sock = new Socket(url, [`mldeck.token.${token}`]);
    const assembler = new FrameAssembler();
    ws = sock;
    sock.onopen = () => {
      retry = 0;
      setState('open');
      for (const topic of listeners.keys()) sendNow(sock, JSON.stringify({ t: 'sub', topic } satisfies WireMessage));
      while (queue.length) sendNow(sock, queue.shift() as string);
    };
    sock.onmessage = (ev: MessageEvent<unknown>) => {
      if (typeof ev.data !== 'string') return sock.close(1003, 'text frames only');
      receive(ev.data, assembler, sock, false);
    };
    sock.onclose = () => {
      assembler.clear();
      setState('closed');
      for (const [k, resolve] of pending) {
        pending.delete(k);
        resolve({ ok: false, error: { code: 'unavailable', message: 'The connection to MLDeck was lost.', retryable: true } });
      }
      const delay = Math.min(10_000, 250 * 2 ** retry++) * (0.5 + Math.random() / 2);
      setTimeout(connect, delay);
    };
  };
  connect();

  const send = (text: string) => {
    if (ws && ws.readyState === ws.OPEN) sendNow(ws, text);
    else queue.push(text);
  };

  return {
    invoke(channel, payload) {
      const id = ++n;
      const message = JSON.stringify({ t: 'call', n: id, id: channel, payload } satisfies WireMessage);
      return new Promise((resolve) => {
        pending.set(id, resolve);
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
