// SPDX-License-Identifier: Apache-2.0
/** Picks the transport at start-up: the Electron bridge when present, else the loopback WebSocket. */
import type { Transport } from '../../../shared/ipc/transport';
import './bridge';
import { wsTransport, type WsTransport } from './ws-transport';

/** Where the session token is kept for reloads of this tab. */
const tokenKey = 'mldeck.token';

/**
 * The session token: from the page URL's fragment (`#token=…`, as MLDeck prints it), or
 * exchanged once for the one-time code the opened page carries (`#code=…`, POST /session), or
 * kept from earlier in this tab. Either is removed from the address bar first.
 * @throws Error with the host's words when a code is used up or not valid
 */
export async function tokenFromLocation(loc: Location, history: History, post: typeof fetch = fetch): Promise<string | undefined> {
  const params = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const token = params.get('token') ?? undefined;
  const code = params.get('code') ?? undefined;
  if (token || code) {
    params.delete('token');
    params.delete('code');
    const rest = params.toString();
    history.replaceState(null, '', `${loc.pathname}${loc.search}${rest ? `#${rest}` : ''}`);
  }
  if (token) {
    sessionStorage.setItem(tokenKey, token);
    return token;
  }
  if (code) {
    const res = await post('/session', { method: 'POST', body: code, headers: { 'Content-Type': 'text/plain' }, cache: 'no-store' });
    const body = (await res.json().catch(() => ({}))) as { token?: unknown; error?: unknown };
    if (!res.ok || typeof body.token !== 'string')
      throw new Error(typeof body.error === 'string' ? body.error : `MLDeck refused this link (HTTP ${res.status}).`);
    sessionStorage.setItem(tokenKey, body.token);
    return body.token;
  }
  return sessionStorage.getItem(tokenKey) ?? undefined;
}

/** The transport and, in browser mode, the socket whose state the UI shows. */
export async function pickTransport(): Promise<{ transport: Transport; socket: WsTransport | undefined; host: 'electron' | 'browser' }> {
  if (window.mldeck) {
    const bridge = window.mldeck;
    return { transport: { invoke: (id, p) => bridge.invoke(id, p), subscribe: (id, cb) => bridge.subscribe(id, cb) }, socket: undefined, host: 'electron' };
  }
  const token = await tokenFromLocation(window.location, window.history);
  if (!token) throw new Error('This page needs the link MLDeck printed when it started (it carries the session token).');
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/ws`;
  const socket = wsTransport(url, token);
  return { transport: socket, socket, host: 'browser' };
}
