// SPDX-License-Identifier: Apache-2.0
/**
 * Files of notebook servers and the notebooks kept for them: listing, opening (a copy with its
 * outputs is kept in the offline cache), reading for download, saving with the conflict check,
 * creating, renaming, deleting, uploading; and drafts of notebooks being edited, kept in the
 * cache as the user types. With the server out of reach, listings and opened notebooks come from
 * the cache (marked `fromCache`, with when and why); a notebook never opened is `unavailable`.
 */
import { randomBytes } from 'node:crypto';
import { AppError, isAppError } from '../../../shared/errors';
import {
  maxNotebookBytes,
  maxUploadBytes,
  type CreateRequest,
  type DraftRequest,
  type DraftSummary,
  type FileContent,
  type FileEntry,
  type Listing,
  type OpenedNotebook,
  type PathRequest,
  type RenameRequest,
  type SaveRequest,
  type ServerRef,
  type UploadRequest,
} from '../../../shared/features/notebooks/notebooks.contract';
import { emptyNotebook, normaliseNotebook, NotebookDocSchema, type NotebookDoc } from '../../../shared/notebook/nbformat';
import type { NotebookCache, NotebookServerKey } from '../../platform/cache/cache-notebooks';
import type { Connection, Connections } from './connections';
import { cachedListing, checkSave, entryOf, joinPath, sortEntries, type JupyterModel } from './contents';
import { jupyterHttpError, JupyterNetworkError, type JupyterClient } from './jupyter-client';

/** A fresh nbformat cell id. */
export function newCellId(): string {
  return randomBytes(6).toString('hex');
}

const keyOf = (s: ServerRef): NotebookServerKey => ({ cluster: s.clusterId, namespace: s.namespace, server: s.name });
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** The files service. */
export class NotebooksService {
  constructor(
    private readonly connections: Connections,
    private readonly cache: NotebookCache,
    private readonly now: () => number = Date.now,
  ) {}

  /** A folder's entries (directories first); offline, the kept notebooks in it. */
  async listFiles(req: { server: ServerRef; path: string }, clientId: string): Promise<Listing> {
    const online = await this.online(req.server, clientId);
    if ('reason' in online) return this.cachedListing(req.server, req.path);
    let m: JupyterModel;
    try {
      m = await this.call(online, `List ${req.path || 'the home folder'}`, (c, what) =>
        c.json<JupyterModel>(`api/contents/${req.path}`, what, { query: { content: '1' } }),
      );
    } catch (e) {
      // the server went away since the connection was last seen working
      if (e instanceof JupyterNetworkError) return this.cachedListing(req.server, req.path);
      throw e;
    }
    if (m.type !== 'directory') throw new AppError('validation', `${req.path} is not a folder.`);
    const children = Array.isArray(m.content) ? (m.content as JupyterModel[]) : [];
    return { path: req.path, entries: sortEntries(children.map(entryOf)), fromCache: false };
  }

  /** Opens a notebook (kept in the cache with its outputs); offline, the kept copy. The draft comes along. */
  async open(req: PathRequest, clientId: string): Promise<OpenedNotebook> {
    const key = keyOf(req.server);
    const online = await this.online(req.server, clientId);
    const draft = this.draftOf(key, req.path);
    if ('reason' in online) return this.fromCache(key, req.path, online.reason, draft);
    let opened: OpenedNotebook;
    try {
      const head = await this.call(online, `Open ${req.path}`, (c, what) =>
        c.json<JupyterModel>(`api/contents/${req.path}`, what, { query: { content: '0' } }),
      );
      if (head.type !== 'notebook') throw new AppError('validation', `${req.path} is not a notebook; download it instead.`);
      if (typeof head.size === 'number' && head.size > maxNotebookBytes) throw tooBig(req.path, head.size);
      const m = await this.call(online, `Open ${req.path}`, (c, what) =>
        c.json<JupyterModel>(`api/contents/${req.path}`, what, { query: { type: 'notebook', content: '1' }, timeoutMs: 120_000 }),
      );
      const json = JSON.stringify(m.content);
      if (bytes(json) > maxNotebookBytes) throw tooBig(req.path, bytes(json));
      const parsed = NotebookDocSchema.safeParse(m.content);
      if (!parsed.success) throw new AppError('validation', `${req.path} is not an nbformat 4 notebook MLDeck can edit.`, parsed.error.issues[0]?.message);
      const size = typeof m.size === 'number' ? m.size : bytes(json);
      this.cache.putCopy(key, { path: req.path, json, lastModified: m.last_modified, size, keptAt: this.now() });
      opened = { path: req.path, content: parsed.data as NotebookDoc, lastModified: m.last_modified, fromCache: false, size };
    } catch (e) {
      // the server went away since the connection was last seen working: the kept copy, as offline
      if (e instanceof JupyterNetworkError) return this.fromCache(key, req.path, e.message, draft);
      throw e;
    }
    return draft ? { ...opened, draft } : opened;
  }

  /** A file's content (text, or base64 for binary files), for download or a text view. */
  async readFile(req: PathRequest, clientId: string): Promise<FileContent> {
    const online = await this.required(req.server, clientId);
    const head = await this.call(online, `Read ${req.path}`, (c, what) => c.json<JupyterModel>(`api/contents/${req.path}`, what, { query: { content: '0' } }));
    if (head.type === 'directory') throw new AppError('validation', `${req.path} is a folder.`);
    if (typeof head.size === 'number' && head.size > maxNotebookBytes) throw tooBig(req.path, head.size);
    const m = await this.call(online, `Read ${req.path}`, (c, what) =>
      c.json<JupyterModel>(`api/contents/${req.path}`, what, { query: { type: 'file', content: '1' }, timeoutMs: 120_000 }),
    );
    const content = typeof m.content === 'string' ? m.content : '';
    const format = m.format === 'base64' ? 'base64' : 'text';
    const size = typeof m.size === 'number' ? m.size : format === 'base64' ? Buffer.from(content, 'base64').length : bytes(content);
    return { path: m.path, lastModified: m.last_modified, format, content, ...(m.mimetype ? { mimetype: m.mimetype } : {}), size };
  }

  /** Saves a notebook (nbformat 4.5) unless it changed on the server since (`conflict`), updates the kept copy and drops the draft. */
  async save(req: SaveRequest, clientId: string): Promise<{ lastModified: string; size: number }> {
    const key = keyOf(req.server);
    const doc = normaliseNotebook(req.content as NotebookDoc, newCellId);
    const json = JSON.stringify(doc);
    if (bytes(json) > maxNotebookBytes) throw tooBig(req.path, bytes(json));
    const online = await this.required(req.server, clientId);
    const current = await this.head(online, req.path, `Save ${req.path}`);
    if (current && current.type !== 'notebook')
      throw new AppError('conflict', `${req.path} exists on the server and is not a notebook.`, current.last_modified);
    checkSave(current ? { lastModified: current.last_modified } : undefined, req.expectedLastModified, !!req.force);
    const m = await this.call(online, `Save ${req.path}`, (c, what) =>
      c.json<JupyterModel>(`api/contents/${req.path}`, what, { method: 'PUT', body: { type: 'notebook', format: 'json', content: doc }, timeoutMs: 120_000 }),
    );
    const size = typeof m.size === 'number' ? m.size : bytes(json);
    this.cache.putCopy(key, { path: req.path, json, lastModified: m.last_modified, size, keptAt: this.now() });
    this.cache.dropDraft(key, req.path);
    return { lastModified: m.last_modified, size };
  }

  /** Creates a notebook, file or folder (named, or Jupyter's `Untitled…`). */
  async create(req: CreateRequest, clientId: string): Promise<FileEntry> {
    const online = await this.required(req.server, clientId);
    if (req.name === undefined) {
      const m = await this.call(online, 'Create', (c, what) =>
        c.json<JupyterModel>(`api/contents/${req.dir}`, what, { method: 'POST', body: { type: req.type, ...(req.type === 'file' ? { ext: '.txt' } : {}) } }),
      );
      return entryOf(m);
    }
    const path = joinPath(req.dir, req.name);
    const what = `Create ${path}`;
    if (await this.head(online, path, what)) throw new AppError('conflict', `${path} already exists.`);
    const body =
      req.type === 'notebook'
        ? { type: 'notebook', format: 'json', content: emptyNotebook() }
        : req.type === 'file'
          ? { type: 'file', format: 'text', content: '' }
          : { type: 'directory' };
    return entryOf(await this.call(online, what, (c) => c.json<JupyterModel>(`api/contents/${path}`, what, { method: 'PUT', body })));
  }

  /** Renames or moves a file or folder (its kept copies and drafts move with it). */
  async rename(req: RenameRequest, clientId: string): Promise<FileEntry> {
    if (req.path === '' || req.newPath === '') throw new AppError('validation', 'The home folder cannot be renamed.');
    const online = await this.required(req.server, clientId);
    const m = await this.call(online, `Rename ${req.path}`, (c, what) =>
      c.json<JupyterModel>(`api/contents/${req.path}`, what, { method: 'PATCH', body: { path: req.newPath } }),
    );
    this.cache.move(keyOf(req.server), req.path, req.newPath);
    return entryOf(m);
  }

  /** Deletes a file or folder (and its kept copies and drafts). */
  async remove(req: PathRequest, clientId: string): Promise<void> {
    const online = await this.required(req.server, clientId);
    await this.call(online, `Delete ${req.path}`, async (c, what) => {
      const r = await c.raw(`api/contents/${req.path}`, { method: 'DELETE' });
      if (r.status >= 300) throw jupyterHttpError(r.status, r.text, what);
    });
    this.cache.forget(keyOf(req.server), req.path);
  }

  /** Uploads a file (refused if it exists, unless `overwrite`). */
  async upload(req: UploadRequest, clientId: string): Promise<FileEntry> {
    if (req.path === '') throw new AppError('validation', 'A file path is required.');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(req.base64) || req.base64.length % 4 !== 0) throw new AppError('validation', 'The upload is not valid base64.');
    if (Math.floor((req.base64.length * 3) / 4) > maxUploadBytes + 2)
      throw new AppError('validation', `Uploads are at most ${maxUploadBytes / 1024 / 1024} MiB.`);
    const online = await this.required(req.server, clientId);
    const what = `Upload ${req.path}`;
    const existing = await this.head(online, req.path, what);
    if (existing && !req.overwrite) throw new AppError('conflict', `${req.path} already exists.`, existing.last_modified);
    if (existing?.type === 'directory') throw new AppError('conflict', `${req.path} is a folder.`);
    const m = await this.call(online, what, (c) =>
      c.json<JupyterModel>(`api/contents/${req.path}`, what, {
        method: 'PUT',
        body: { type: 'file', format: 'base64', content: req.base64 },
        timeoutMs: 300_000,
      }),
    );
    this.cache.forget(keyOf(req.server), req.path);
    return entryOf(m);
  }

  /** Keeps a draft of a notebook being edited. */
  putDraft(req: DraftRequest): { savedAt: number } {
    if (req.path === '') throw new AppError('validation', 'A file path is required.');
    const json = JSON.stringify(req.content);
    if (bytes(json) > maxNotebookBytes) throw tooBig(req.path, bytes(json));
    const savedAt = this.now();
    this.cache.putDraft(keyOf(req.server), { path: req.path, json, savedAt, baseLastModified: req.baseLastModified });
    return { savedAt };
  }

  /** Drops a draft. */
  dropDraft(req: PathRequest): void {
    this.cache.dropDraft(keyOf(req.server), req.path);
  }

  /** Every kept draft (of one cluster, or all), newest first. */
  listDrafts(clusterId?: string): DraftSummary[] {
    return this.cache.listDrafts(clusterId).map((d) => ({
      server: { clusterId: d.cluster, namespace: d.namespace, name: d.server },
      path: d.path,
      savedAt: d.savedAt,
      ...(d.baseLastModified ? { baseLastModified: d.baseLastModified } : {}),
    }));
  }

  /** The kernel name a kept copy of a notebook asks for (its metadata.kernelspec.name). */
  keptKernelName(ref: ServerRef, path: string): string | undefined {
    const copy = this.cache.getCopy(keyOf(ref), path);
    if (!copy) return undefined;
    try {
      const name = (JSON.parse(copy.json) as { metadata?: { kernelspec?: { name?: unknown } } }).metadata?.kernelspec?.name;
      return typeof name === 'string' ? name : undefined;
    } catch {
      return undefined;
    }
  }

  /** The connected client, or why the server cannot be reached (offline states only; other errors throw). */
  private async online(server: ServerRef, clientId: string): Promise<{ conn: Connection; client: JupyterClient } | { reason: string }> {
    try {
      return await this.connections.client(server, clientId);
    } catch (e) {
      if (isAppError(e) && e.code === 'unavailable') return { reason: e.message };
      throw e;
    }
  }

  private async required(server: ServerRef, clientId: string): Promise<{ conn: Connection; client: JupyterClient }> {
    return this.connections.client(server, clientId);
  }

  /** Runs a request; a network failure tells the connection (which reconnects). */
  private async call<T>(online: { conn: Connection; client: JupyterClient }, what: string, fn: (c: JupyterClient, what: string) => Promise<T>): Promise<T> {
    try {
      return await fn(online.client, what);
    } catch (e) {
      this.connections.failed(online.conn, e);
      throw e;
    }
  }

  /** The model of a path without content, or undefined if there is none. */
  private async head(online: { conn: Connection; client: JupyterClient }, path: string, what: string): Promise<JupyterModel | undefined> {
    try {
      return await this.call(online, what, (c) => c.json<JupyterModel>(`api/contents/${path}`, what, { query: { content: '0' } }));
    } catch (e) {
      if (isAppError(e) && e.code === 'not-found') return undefined;
      throw e;
    }
  }

  private draftOf(key: NotebookServerKey, path: string): OpenedNotebook['draft'] {
    const d = this.cache.getDraft(key, path);
    if (!d) return undefined;
    let content: NotebookDoc;
    try {
      content = JSON.parse(d.json) as NotebookDoc;
    } catch {
      throw new AppError('internal', `The draft of ${path} in the offline cache is damaged.`);
    }
    return { content, savedAt: d.savedAt, ...(d.baseLastModified ? { baseLastModified: d.baseLastModified } : {}) };
  }

  private cachedListing(server: ServerRef, path: string): Listing {
    const kept = this.cache.listCopies(keyOf(server));
    const under = kept.filter((k) => path === '' || k.path.startsWith(`${path}/`));
    const cachedAt = under.length ? Math.min(...under.map((k) => k.keptAt)) : undefined;
    return { path, entries: cachedListing(path, kept), fromCache: true, ...(cachedAt !== undefined ? { cachedAt } : {}) };
  }

  private fromCache(key: NotebookServerKey, path: string, reason: string, draft: OpenedNotebook['draft']): OpenedNotebook {
    const copy = this.cache.getCopy(key, path);
    if (!copy) {
      if (draft)
        return { path, content: draft.content, lastModified: draft.baseLastModified ?? '', fromCache: true, cachedAt: draft.savedAt, reason, draft, size: 0 };
      throw new AppError(
        'unavailable',
        `${path} was never opened here, so no copy was kept; it can be read when the server is back. (${reason})`,
        undefined,
        true,
      );
    }
    let content: NotebookDoc;
    try {
      content = JSON.parse(copy.json) as NotebookDoc;
    } catch {
      throw new AppError('internal', `The kept copy of ${path} in the offline cache is damaged.`);
    }
    return { path, content, lastModified: copy.lastModified, fromCache: true, cachedAt: copy.keptAt, reason, size: copy.size, ...(draft ? { draft } : {}) };
  }
}

function tooBig(path: string, size: number): AppError {
  return new AppError(
    'validation',
    `${path} is ${(size / 1024 / 1024).toFixed(1)} MiB; notebooks of at most ${maxNotebookBytes / 1024 / 1024} MiB can be opened here.`,
  );
}
