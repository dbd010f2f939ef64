// SPDX-License-Identifier: Apache-2.0
/** Picks the transport at start-up: the Electron bridge when present, else the loopback WebSocket. */
import type { Transport } from '../../../shared/ipc/transport';
import './bridge';
import { wsTransport, type WsTransport } from './ws-transport';

/** The token from the page URL's fragment (#token=...), removed from the address bar after reading. */
export function tokenFromLocation(loc: Location, history: History): string | undefined {
  const params = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const token = params.get('token') ?? undefined;
  if (token) {
    sessionStorage.setItem('mldeck.token', token);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${loc.pathname}${loc.search}${rest ? `#${rest}` : ''}`);
    return token;
  }
  return sessionStorage.getItem('mldeck.token') ?? undefined;
}

/** The transport and, in browser mode, the socket whose state the UI shows. */
export function pickTransport(): { transport: Transport; socket: WsTransport | undefined; host: 'electron' | 'browser' } {
  if (window.mldeck) {
    const bridge = window.mldeck;
    return { transport: { invoke: (id, p) => bridge.invoke(id, p), subscribe: (id, cb) => bridge.subscribe(id, cb) }, socket: undefined, host: 'electron' };
  }
  const token = tokenFromLocation(window.location, window.history);
  if (!token) throw new Error('This page needs the link MLDeck printed when it started (it carries a one-time token).');
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/ws`;
  const socket = wsTransport(url, token);
  return { transport: socket, socket, host: 'browser' };
}
