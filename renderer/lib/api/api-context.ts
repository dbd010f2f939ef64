// SPDX-License-Identifier: Apache-2.0
/** The app-wide API client, set once at start-up. */
import type { ApiClient } from './client';
import type { WsTransport } from './ws-transport';

let client: ApiClient | undefined;
let socket: WsTransport | undefined;

/** Sets the client (main.tsx; tests). */
export function setApi(c: ApiClient, s?: WsTransport): void {
  client = c;
  socket = s;
}

/** The client; throws if called before start-up. */
export function api(): ApiClient {
  if (!client) throw new Error('the API client is not ready');
  return client;
}

/** The browser-mode socket, if any. */
export function apiSocket(): WsTransport | undefined {
  return socket;
}
