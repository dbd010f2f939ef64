// SPDX-License-Identifier: Apache-2.0
/**
 * A small HTTP forwarder in front of the lab S3 for the storage tests: every request is passed on
 * unchanged (headers, Host and body, so SigV4 signatures made for the forwarder's address stay
 * valid) and recorded; an armed rule answers chosen UploadPart requests with S3's own
 * `500 InternalError` instead, as a store under strain does, so a failed part is real to the
 * client.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { labS3 } from './storage-lab';

/** A request the forwarder saw. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Whether the forwarder failed it instead of passing it on. */
  failed: boolean;
}

/** Which UploadPart requests fail, and how many more times. */
export interface PartFault {
  /** A piece of the object key (as it appears in the request path). */
  keyContains: string;
  partNumber: number;
  /** How many of those requests fail before they pass again. */
  times: number;
}

/** The running forwarder. */
export interface FaultProxy {
  port: number;
  endpoint: string;
  seen: SeenRequest[];
  /** Arms (or, with undefined, disarms) the part fault. */
  failPart(f: PartFault | undefined): void;
  close(): Promise<void>;
}

const internalError =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code>' + '<Message>We encountered an internal error. Please try again.</Message></Error>';

/** Starts the forwarder on a free port of 127.0.0.1. */
export async function startFaultProxy(target = { host: '127.0.0.1', port: labS3.port }): Promise<FaultProxy> {
  const seen: SeenRequest[] = [];
  let fault: PartFault | undefined;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const part = Number(url.searchParams.get('partNumber') ?? 0);
    const fail =
      fault !== undefined &&
      fault.times > 0 &&
      req.method === 'PUT' &&
      url.searchParams.has('uploadId') &&
      part === fault.partNumber &&
      decodeURIComponent(url.pathname).includes(fault.keyContains);
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, failed: fail });
    if (fail && fault) {
      fault.times--;
      // the body is read (as a store does before it fails), then S3's error
      req.resume();
      req.on('end', () => res.writeHead(500, { 'Content-Type': 'application/xml' }).end(internalError));
      return;
    }
    const up = http.request({ host: target.host, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(String(e));
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    failPart: (f) => {
      fault = f ? { ...f } : undefined;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
