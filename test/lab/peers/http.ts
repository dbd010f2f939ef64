// SPDX-License-Identifier: Apache-2.0
/** Small HTTP helpers shared by the peers' health checks. */
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A fetch with a 3 s timeout that retries connection-level failures ("fetch failed") a few
 * times: a keep-alive connection that the server closes just as it is reused fails once
 * without the request ever reaching the server, which must not turn a health check red.
 */
export async function probe(url: string, init: RequestInit = {}, attempts = 3): Promise<Response> {
  for (let i = 1; ; i++) {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(3000) });
    } catch (e) {
      if (i >= attempts || !(e instanceof TypeError)) throw e;
      await sleep(200 * i);
    }
  }
}

/** An error's message with its cause (undici hides the socket error in `cause`). */
export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return `${e.message}${cause}`;
}
