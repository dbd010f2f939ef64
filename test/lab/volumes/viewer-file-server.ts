// SPDX-License-Identifier: Apache-2.0
/**
 * What a PVCViewer pod's image (filebrowser 2.25, `FB_NOAUTH`) serves, over the folder that stands
 * for its claim: filebrowser's image is not in any registry the lab may use (neither its Go module
 * nor a PyPI or npm package), so the lab answers the part of its REST API a client of a PVCViewer
 * uses, with filebrowser's shapes and statuses (`http/resource.go`, `http/raw.go`, `files/file.go`):
 *
 * - `POST /api/login`: a token (text/plain); every other call needs it as `X-Auth` (else 401).
 * - `GET /api/resources/<path>`: a folder as `files.FileInfo` with `items` (Go `os.FileMode`,
 *   `modified` as RFC 3339), a file as its `FileInfo` (without `content`: the lab leaves it out).
 * - `GET /api/raw/<path>`: a file's bytes, one `Range` honoured (206, 416 past the end), as Go's
 *   `http.ServeContent`; a folder (filebrowser zips it) is answered 501 here.
 * - `POST /api/resources/<path>[?override=true]`: writes the body (409 when it exists without
 *   `override`); a path ending in `/` makes a folder. `DELETE /api/resources/<path>`: removes it
 *   (403 for the root).
 *
 * Errors are filebrowser's `<status> <text>`. A claim mounted `readOnly` refuses writes with 500,
 * as filebrowser answers EROFS. The base URL (`FB_BASEURL`) is stripped when a path has it.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { basename, extname, join, resolve, sep } from 'node:path';

/** How a viewer mounts its claim. */
export interface ViewerMount {
  /** The folder standing for the claim (plus the mount's subPath). */
  root: string;
  readOnly: boolean;
  /** `FB_BASEURL`, e.g. `/pvcviewers/ns/name/`. */
  baseUrl: string;
}

const GO_DIR = 0x80000000;
const GO_SYMLINK = 1 << 27;

/** Go's os.FileMode of a file. */
function goMode(st: Stats, link: boolean): number {
  const perm = st.mode & 0o777;
  return (link ? GO_SYMLINK : st.isDirectory() ? GO_DIR : 0) + perm;
}

function fileInfo(root: string, rel: string): Record<string, unknown> {
  const abs = join(root, rel);
  const l = lstatSync(abs);
  const link = l.isSymbolicLink();
  const st = link && existsSync(abs) ? statSync(abs) : l;
  const name = rel === '/' ? '' : basename(rel);
  return {
    path: rel,
    name,
    size: st.size,
    extension: extname(name),
    modified: st.mtime.toISOString(),
    mode: goMode(st, link) >>> 0,
    isDir: st.isDirectory(),
    isSymlink: link,
    type: st.isDirectory() ? '' : 'blob',
  };
}

function fail(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }).end(`${status} ${text}\n`);
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Starts a file server for one viewer on a free 127.0.0.1 port. */
export async function startViewerFileServer(mount: ViewerMount): Promise<{ server: Server; port: number }> {
  const tokens = new Set<string>();
  const root = resolve(mount.root);
  const base = mount.baseUrl.replace(/\/+$/, '');
  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => fail(res, 500, e instanceof Error ? e.message : String(e)));
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://viewer');
    let path = decodeURIComponent(url.pathname);
    if (base && path.startsWith(`${base}/`)) path = path.slice(base.length);
    if (path === '/api/login' && req.method === 'POST') {
      await body(req);
      const t = randomBytes(24).toString('base64url');
      tokens.add(t);
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(t);
      return;
    }
    const token = req.headers['x-auth'] ?? url.searchParams.get('auth') ?? '';
    if (typeof token !== 'string' || !tokens.has(token)) return fail(res, 401, 'Unauthorized');
    const m = /^\/api\/(resources|raw)(\/.*)?$/.exec(path);
    if (!m) return fail(res, 404, 'Not Found');
    const rel = m[2] || '/';
    const abs = resolve(join(root, rel));
    if (abs !== root && !abs.startsWith(root + sep)) return fail(res, 403, 'Forbidden');
    const there =
      existsSync(abs) ||
      (() => {
        try {
          return lstatSync(abs).isSymbolicLink();
        } catch {
          return false;
        }
      })();
    if (m[1] === 'raw') {
      if (req.method !== 'GET') return fail(res, 405, 'Method Not Allowed');
      if (!there) return fail(res, 404, 'Not Found');
      const st = statSync(abs);
      if (st.isDirectory()) return fail(res, 501, 'Not Implemented');
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
      if (range) {
        const start = Number(range[1]);
        const end = Math.min(range[2] ? Number(range[2]) : st.size - 1, st.size - 1);
        if (start >= st.size) {
          res.writeHead(416, { 'Content-Range': `bytes */${st.size}` }).end();
          return;
        }
        res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${st.size}`, 'Content-Length': end - start + 1, 'Accept-Ranges': 'bytes' });
        createReadStream(abs, { start, end }).pipe(res);
        return;
      }
      res.writeHead(200, {
        'Content-Length': st.size,
        'Accept-Ranges': 'bytes',
        'Content-Disposition': `attachment; filename*=utf-8''${encodeURIComponent(basename(abs))}`,
      });
      createReadStream(abs).pipe(res);
      return;
    }
    switch (req.method) {
      case 'GET': {
        if (!there) return fail(res, 404, 'Not Found');
        const info = fileInfo(root, rel);
        if (info.isDir) {
          const items = readdirSync(abs).map((n) => fileInfo(root, join(rel, n)));
          Object.assign(info, {
            items,
            numDirs: items.filter((i) => i.isDir).length,
            numFiles: items.filter((i) => !i.isDir).length,
            sorting: { by: 'name', asc: false },
          });
        }
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(info));
        return;
      }
      case 'POST': {
        const data = await body(req);
        if (mount.readOnly) return fail(res, 500, 'Internal Server Error');
        if (rel.endsWith('/')) {
          mkdirSync(abs, { recursive: true });
          return fail(res, 200, 'OK');
        }
        if (there && url.searchParams.get('override') !== 'true') return fail(res, 409, 'Conflict');
        mkdirSync(join(abs, '..'), { recursive: true });
        writeFileSync(abs, data);
        return fail(res, 200, 'OK');
      }
      case 'DELETE': {
        if (rel === '/') return fail(res, 403, 'Forbidden');
        if (mount.readOnly) return fail(res, 500, 'Internal Server Error');
        if (!there) return fail(res, 404, 'Not Found');
        rmSync(abs, { recursive: true, force: true });
        return fail(res, 200, 'OK');
      }
      default:
        return fail(res, 405, 'Method Not Allowed');
    }
  }
  return new Promise((ok, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      if (typeof a === 'object' && a) ok({ server, port: a.port });
      else reject(new Error('no port'));
    });
  });
}
