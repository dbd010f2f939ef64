// SPDX-License-Identifier: Apache-2.0
/**
 * One browser-mode WebSocket after the upgrade: every frame is checked to be a known message
 * (`ClientMessage`); anything else (bad JSON, `null`, an array, a number, an unknown shape, a
 * binary frame, a chunked message that breaks the rules or stalls) closes this socket only, with
 * a close code that says why, and the host goes on serving everyone else. Calls go to the
 * dispatcher; results and events go back whole or, when large, in chunk frames.
 */
import type { RawData, WebSocket } from 'ws';
import { FrameAssembler, toFrames } from '../../shared/ipc/chunked-frames';
import type { Result } from '../../shared/ipc/result';
import { ClientMessage, type WireMessage } from '../../shared/ipc/transport';
import type { Dispatcher } from '../ipc/dispatcher';

/** What a connection needs from its host. */
export interface ConnectionDeps {
  clientId: string;
  dispatcher: Dispatcher;
  /** The topics this client subscribed to (the host reads it when publishing). */
  topics: Set<string>;
  /** A chunked message that makes no progress for this long closes the socket. */
  chunkTimeoutMs: number;
  /** A fresh id for the chunks of one outgoing message. */
  nextChunkId(): string;
  /** Reports what went wrong with a socket (never a payload, never the token). */
  log(message: string): void;
}

/** Most topics one client may listen to. */
const maxTopics = 10_000;

/** Serves one socket until it closes. */
export function serveConnection(ws: WebSocket, deps: ConnectionDeps): void {
  const assembler = new FrameAssembler();
  let stall: ReturnType<typeof setTimeout> | undefined;

  const refuse = (code: 1003 | 1008 | 1009, reason: string) => {
    deps.log(`closing ${deps.clientId} (${code}): ${reason}`);
    ws.close(code, reason.slice(0, 120));
  };
  const watchStall = () => {
    clearTimeout(stall);
    stall = assembler.waiting ? setTimeout(() => refuse(1008, 'a chunked message stalled'), deps.chunkTimeoutMs) : undefined;
  };

  const handle = (text: string, fromChunks: boolean): void => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return refuse(1008, 'a message that is not JSON');
    }
    const parsed = ClientMessage.safeParse(raw);
    if (!parsed.success) return refuse(1008, 'an unknown message');
    const msg = parsed.data;
    switch (msg.t) {
      case 'chunk': {
        if (fromChunks) return refuse(1008, 'a chunk inside a chunked message');
        const step = assembler.add(msg);
        watchStall();
        if (step.kind === 'refused') return refuse(step.close, step.reason);
        if (step.kind === 'message') handle(step.text, true);
        return;
      }
      case 'call':
        return void deps.dispatcher
          .dispatch(msg.id, msg.payload, { clientId: deps.clientId })
          .catch((e: unknown): Result<unknown> => {
            deps.log(`${msg.id} failed in the host: ${e instanceof Error ? e.message : String(e)}`);
            return { ok: false, error: { code: 'internal', message: 'MLDeck failed to answer this call.' } };
          })
          .then((result) => sendMessage(ws, { t: 'result', n: msg.n, result }, deps))
          .catch((e: unknown) => deps.log(`the answer to ${msg.id} could not be sent: ${e instanceof Error ? e.message : String(e)}`));
      case 'sub':
        if (deps.topics.size >= maxTopics && !deps.topics.has(msg.topic)) return refuse(1008, 'too many topics');
        deps.topics.add(msg.topic);
        return;
      case 'unsub':
        deps.topics.delete(msg.topic);
        return;
    }
  };

  ws.on('error', (e) => deps.log(`socket ${deps.clientId}: ${e.message}`));
  ws.on('close', () => {
    clearTimeout(stall);
    assembler.clear();
  });
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return refuse(1003, 'binary frames are not accepted');
    handle(rawText(data), false);
  });
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/**
 * Sends one message to a socket that is open: whole when it fits a frame, else in chunks. A
 * result that cannot be serialised goes as an `internal` error instead.
 */
export function sendMessage(ws: WebSocket, msg: WireMessage, deps: Pick<ConnectionDeps, 'nextChunkId' | 'log'>): void {
  if (ws.readyState !== ws.OPEN) return;
  let text: string;
  try {
    text = JSON.stringify(msg);
  } catch (e) {
    deps.log(`a message could not be serialised: ${e instanceof Error ? e.message : String(e)}`);
    if (msg.t !== 'result') return;
    text = JSON.stringify({ t: 'result', n: msg.n, result: { ok: false, error: { code: 'internal', message: 'MLDeck could not send this answer.' } } });
  }
  sendFrames(ws, toFrames(text, deps.nextChunkId()));
}

/** Sends frames made once (an event for many clients) to one open socket. */
export function sendFrames(ws: WebSocket, frames: readonly string[]): void {
  if (ws.readyState !== ws.OPEN) return;
  for (const f of frames) ws.send(f);
}
