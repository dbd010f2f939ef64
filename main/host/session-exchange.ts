// SPDX-License-Identifier: Apache-2.0
/**
 * `POST /session`: the page exchanges the one-time code it was opened with for the session
 * token. Only from the host's own Origin; the body is the code; a code works once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OneTimeCodes } from './one-time-codes';
import { originAllowed } from './auth';

/** What the exchange needs. */
export interface SessionExchange {
  codes: OneTimeCodes;
  token: string;
  /** The host's own origin (http://127.0.0.1:port). */
  origin: string;
  /** The security headers every response carries. */
  headers: Record<string, string>;
  /** Told after a code was used (to write a fresh one where the browser is opened from). */
  onRedeemed?: () => void;
}

const maxBody = 256;

/** Answers one request to /session. */
export function exchangeSession(req: IncomingMessage, res: ServerResponse, ex: SessionExchange): void {
  const answer = (status: number, body: Record<string, string>) =>
    res.writeHead(status, { ...ex.headers, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
  if (req.method !== 'POST') return void answer(405, { error: 'Use POST.' });
  if (!originAllowed(req.headers.origin, [ex.origin])) return void answer(403, { error: 'This page is not MLDeck’s.' });
  let body = '';
  let tooLong = false;
  req.setEncoding('utf8');
  req.on('data', (piece: string) => {
    if (tooLong) return; // the rest is read and dropped
    body += piece;
    if (body.length > maxBody) {
      tooLong = true;
      answer(413, { error: 'A code is 64 characters.' });
    }
  });
  req.on('error', () => res.destroy());
  req.on('end', () => {
    if (tooLong) return;
    if (!ex.codes.redeem(body.trim()))
      return void answer(403, {
        error: 'This link was already used or is not valid. Open MLDeck with the link it printed when it started.',
      });
    answer(200, { token: ex.token });
    ex.onRedeemed?.();
  });
}
