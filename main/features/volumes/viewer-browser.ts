// SPDX-License-Identifier: Apache-2.0
/**
 * A claim browsed through a PVCViewer's file server: filebrowser 2 (the image Kubeflow's volumes
 * web app runs), reached through the in-cluster connector (a port-forward to the viewer's pod on
 * the Service's target port, no local port). Its REST API: `POST /api/login` (with `FB_NOAUTH`
 * any request gets a token, sent back as `X-Auth`), `GET /api/resources/<path>` (a folder's
 * `items`, or a file's info), `GET /api/raw/<path>` (the bytes; `Range` honoured),
 * `POST /api/resources/<path>?override=true` (the body is the file) and
 * `DELETE /api/resources/<path>`. Closing deletes the PVCViewer.
 */
import { AppError } from '../../../shared/errors';
import type { VolumeEntry } from '../../../shared/features/volumes/volumes.contract';
import type { PortForwardTarget } from '../../platform/kube/port-forward';
import type { KubeHttp } from '../../platform/kube/kube-http';
import type { HttpRoute } from '../../platform/net/http-route';
import { deleteViewer } from './pvc-viewer';
import { sortEntries, type VolumeBackend } from './volume-backend';

/** One entry of filebrowser's answer (`files.FileInfo`). */
export interface FileInfoJson {
  path?: string;
  name: string;
  size: number;
  modified: string;
  /** Go's os.FileMode. */
  mode: number;
  isDir: boolean;
  isSymlink?: boolean;
  items?: FileInfoJson[];
}

// Go's os.FileMode type bits: named pipe, socket, device, char device, irregular
const goSpecialModes = (1 << 25) | (1 << 24) | (1 << 26) | (1 << 21) | (1 << 19);

/** filebrowser's entries as the browser's (relative paths under `folder`). */
export function entriesOf(folder: string, items: readonly FileInfoJson[]): VolumeEntry[] {
  return sortEntries(
    items.map((i) => ({
      name: i.name,
      path: folder === '' ? i.name : `${folder}/${i.name}`,
      kind: i.isSymlink ? 'symlink' : i.isDir ? 'directory' : (i.mode >>> 0) & goSpecialModes ? 'other' : 'file',
      size: i.size,
      modifiedAt: new Date(i.modified).toISOString(),
    })),
  );
}

/** A volume path as URL path segments. */
export function urlPath(path: string): string {
  return path
    .split('/')
    .filter((p) => p !== '')
    .map(encodeURIComponent)
    .join('/');
}

/** Where the viewer is and what closing it deletes. */
export interface ViewerPlace {
  http: KubeHttp;
  clusterId: string;
  namespace: string;
  viewer: string;
  target: PortForwardTarget;
  route: HttpRoute;
  /** Closes the connector's forward to the viewer's pod. */
  closeForward(): void;
}

/** A claim through a PVCViewer's filebrowser. */
export class ViewerBrowser implements VolumeBackend {
  private token: Promise<string> | undefined;

  constructor(private readonly at: ViewerPlace) {}

  async list(path: string): Promise<VolumeEntry[]> {
    const what = `Listing ${path || 'the volume root'}`;
    const info = await this.json(`/api/resources/${urlPath(path)}${path ? '/' : ''}`, what);
    if (!info.isDir) throw new AppError('validation', `${what}: it is a file.`);
    return entriesOf(path, info.items ?? []);
  }

  async head(path: string, maxBytes: number): Promise<{ bytes: Buffer; truncated: boolean }> {
    const what = `Reading ${path}`;
    await this.fileInfo(path, what);
    const res = await this.send('GET', `/api/raw/${urlPath(path)}`, what, { headers: { Range: `bytes=0-${maxBytes}` }, ok: [416] });
    if (res.status === 416) {
      await res.body?.cancel();
      return { bytes: Buffer.alloc(0), truncated: false };
    }
    const bytes = await readAtMost(res, maxBytes + 1);
    return { bytes: bytes.subarray(0, maxBytes), truncated: bytes.length > maxBytes };
  }

  async download(path: string, maxBytes: number): Promise<{ name: string; bytes: Buffer }> {
    const what = `Downloading ${path}`;
    const info = await this.fileInfo(path, what);
    if (info.size > maxBytes) {
      throw new AppError('validation', `${info.name} is ${info.size} bytes: files over ${maxBytes} bytes cannot be downloaded through the app.`);
    }
    const res = await this.send('GET', `/api/raw/${urlPath(path)}`, what);
    return { name: info.name, bytes: await readAtMost(res, maxBytes) };
  }

  async upload(folder: string, files: readonly { name: string; bytes: Buffer }[]): Promise<void> {
    for (const f of files) {
      const to = folder === '' ? f.name : `${folder}/${f.name}`;
      const res = await this.send('POST', `/api/resources/${urlPath(to)}?override=true`, `Uploading ${to}`, {
        body: f.bytes,
        headers: { 'Content-Type': 'application/octet-stream' },
      });
      await res.body?.cancel();
    }
  }

  async remove(paths: readonly string[]): Promise<void> {
    for (const p of paths) {
      const res = await this.send('DELETE', `/api/resources/${urlPath(p)}`, `Deleting ${p}`);
      await res.body?.cancel();
    }
  }

  async close(): Promise<void> {
    this.at.closeForward();
    await this.at.route.close().catch((e: unknown) => console.warn('[volumes] closing the route to a PVCViewer failed:', e));
    await deleteViewer(this.at.http, this.at.namespace, this.at.viewer);
  }

  private async fileInfo(path: string, what: string): Promise<FileInfoJson> {
    const info = await this.json(`/api/resources/${urlPath(path)}`, what);
    if (info.isDir) throw new AppError('validation', `${what}: it is a folder.`);
    return info;
  }

  private async json(apiPath: string, what: string): Promise<FileInfoJson> {
    const res = await this.send('GET', apiPath, what);
    try {
      return (await res.json()) as FileInfoJson;
    } catch (e) {
      throw new AppError('unavailable', `${what}: the PVCViewer's file server answered something that is not JSON.`, String(e));
    }
  }

  private login(): Promise<string> {
    this.token ??= (async () => {
      const res = await this.at.route.fetch(`${this.at.route.baseUrl}/api/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      const text = await res.text();
      if (!res.ok) throw statusError(`Signing in to the PVCViewer ${this.at.namespace}/${this.at.viewer}`, res.status, text);
      return text.trim();
    })().catch((e: unknown) => {
      this.token = undefined;
      throw e;
    });
    return this.token;
  }

  /** One request with the token; a refused token (expired) is renewed once. */
  private async send(
    method: string,
    apiPath: string,
    what: string,
    opts: { body?: Buffer; headers?: Record<string, string>; ok?: number[] } = {},
  ): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.login();
      let res: Response;
      try {
        res = await this.at.route.fetch(`${this.at.route.baseUrl}${apiPath}`, {
          method,
          headers: { ...opts.headers, 'X-Auth': token },
          ...(opts.body ? { body: new Uint8Array(opts.body) } : {}),
        });
      } catch (e) {
        throw new AppError('unavailable', `${what}: the PVCViewer's file server could not be reached.`, e instanceof Error ? e.message : String(e), true);
      }
      if (res.ok || opts.ok?.includes(res.status)) return res;
      const text = await res.text();
      if (res.status === 401 && attempt === 0) {
        this.token = undefined;
        continue;
      }
      throw statusError(what, res.status, text);
    }
  }
}

/** The error an HTTP status of filebrowser means. */
export function statusError(what: string, status: number, body: string): AppError {
  const detail = body.trim().slice(0, 2000) || undefined;
  if (status === 404) return new AppError('not-found', `${what}: no such file or folder.`, detail);
  if (status === 403)
    return new AppError('forbidden', `${what}: the PVCViewer's file server refused it (its user may not do this).`, detail, undefined, 'file-server');
  if (status === 409) return new AppError('conflict', `${what}: it is there already.`, detail);
  if (status === 401)
    return new AppError('unauthenticated', `${what}: the PVCViewer's file server did not accept MLDeck's sign-in.`, detail, undefined, 'file-server');
  return new AppError('unavailable', `${what} failed: the PVCViewer's file server answered ${status}.`, detail, status >= 500);
}

/** A response's body, refused when longer than `max` bytes (reading stops there). */
async function readAtMost(res: Response, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
    n += value.length;
    if (n >= max) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, max);
}
