// SPDX-License-Identifier: Apache-2.0
/** Test-only: a request handler that answers a few API paths the way kube-apiserver does. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { gzipSync } from 'node:zlib';

/** One request the fake API server received. */
export interface Seen {
  path: string;
  auth: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
  peer?: string;
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code }));
}

/** The fake server: what it saw, a hook for hanging requests, and its request listener. */
export interface FakeApi {
  seen: Seen[];
  onHang: (() => void) | undefined;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/** Creates a fake API server handler with a few routes that behave like kube-apiserver. */
export function fakeApiServer(): FakeApi {
  const api: FakeApi = { seen: [], onHang: undefined, handler: (req, res) => handle(api, req, res) };
  return api;
}

function handle(api: FakeApi, req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'https://x');
    const cn = (req.socket as TLSSocket).getPeerCertificate?.()?.subject?.CN;
    const peer = Array.isArray(cn) ? cn[0] : cn;
    const auth = req.headers.authorization;
    api.seen.push({ path: req.url ?? '', auth, headers: req.headers, body: Buffer.concat(chunks).toString(), peer });
    const p = url.pathname.replace(/^\/prefix/, '');
    const json = (o: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(o));
    };
    switch (p) {
      case '/version':
        return json({ major: '1', minor: '34', gitVersion: 'v1.34.1', platform: 'linux/amd64', extra: true });
      case '/apis':
        return json({
          kind: 'APIGroupList',
          groups: [
            { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } },
            {
              name: 'kubeflow.org',
              versions: [
                { groupVersion: 'kubeflow.org/v1', version: 'v1' },
                { groupVersion: 'kubeflow.org/v1beta1', version: 'v1beta1' },
              ],
              preferredVersion: { groupVersion: 'kubeflow.org/v1', version: 'v1' },
            },
          ],
        });
      case '/echo':
        return json({ auth: auth ?? null, peer: peer ?? null, acceptEncoding: req.headers['accept-encoding'] ?? null, query: url.search });
      case '/forbidden':
        return status(res, 403, 'Forbidden', 'pods is forbidden: User "ana" cannot list resource "pods" in API group "" in the namespace "ml"');
      case '/needs-t2':
        return auth === 'Bearer t2' ? json({ ok: true }) : status(res, 401, 'Unauthorized', 'Unauthorized');
      case '/always-401':
        return status(res, 401, 'Unauthorized', 'Unauthorized');
      case '/missing':
        return status(res, 404, 'NotFound', 'notebooks.kubeflow.org "nb" not found');
      case '/bad-gateway':
        res.writeHead(502, { 'Content-Type': 'text/html' });
        return res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      case '/gzip': {
        const body = JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ i })) });
        if (req.headers['accept-encoding']?.includes('gzip')) {
          res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
          return res.end(gzipSync(body));
        }
        return json(JSON.parse(body));
      }
      case '/post':
        return json({ method: req.method, contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString() });
      case '/watch': {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const text = [1, 2, 3].map((n) => JSON.stringify({ type: 'ADDED', object: { metadata: { name: `pod-é-${n}` } } })).join('\n') + '\n';
        const bytes = Buffer.from(text);
        // Split inside a line and inside the two-byte "é".
        const cut = bytes.indexOf(Buffer.from('é')) + 1;
        res.write(bytes.subarray(0, cut));
        setTimeout(() => {
          res.write(bytes.subarray(cut, cut + 40));
          setTimeout(() => res.end(bytes.subarray(cut + 40)), 20);
        }, 20);
        return;
      }
      case '/watch-forever':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write(JSON.stringify({ type: 'ADDED', object: {} }) + '\n');
        return;
      case '/logs':
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.write('line 1\n');
        setTimeout(() => res.end('line 2\n'), 20);
        return;
      case '/hang':
        api.onHang?.();
        return;
      default:
        return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    }
  });
}
