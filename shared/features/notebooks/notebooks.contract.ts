// SPDX-License-Identifier: Apache-2.0
/**
 * Working inside a Kubeflow notebook server: connect (port-forward through the API server, or
 * the cluster's Kubeflow gateway), browse and change its files, open and save notebooks with a
 * conflict check, keep drafts locally, run kernels. Every byte to and from Jupyter goes through
 * main; the renderer never learns a Jupyter token or URL.
 *
 * A server is named by its Notebook custom resource ({@link ServerRef}). Notebooks opened once
 * are kept in the offline cache with their outputs; drafts are kept as the user types.
 */
import { z } from 'zod';
import { rpc, topic } from '../../ipc/define';
import { DnsLabel, DnsSubdomain } from '../../kube/names';
import { NotebookDocSchema, type NbOutput, type NotebookDoc } from '../../notebook/nbformat';

const ClusterId = z.string().min(1).max(512);

/** A notebook server: the Notebook custom resource (kubeflow.org) that runs it. */
export const ServerRef = z.object({ clusterId: ClusterId, namespace: DnsLabel, name: DnsSubdomain });
/** {@link ServerRef} */
export type ServerRef = z.infer<typeof ServerRef>;

/** A path inside the server's contents root ('' is the root); no leading slash, no `..`. */
export const ContentPath = z
  .string()
  .max(4096)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'must be relative to the server root, without ".."');

/** How MLDeck reaches the server. */
export type ConnectionVia = 'port-forward' | 'gateway';

/**
 * Where a connection stands: `connected`; `reconnecting` after a drop (retrying);
 * `offline` (the cluster or the server cannot be reached: cached copies only);
 * `needs-token` (Jupyter refused: the user must give its token); `disconnected`.
 */
export type ConnectionState = 'connected' | 'reconnecting' | 'offline' | 'needs-token' | 'disconnected';

export const ConnectRequest = z.object({
  server: ServerRef,
  /** A Jupyter token to use (kept in main, sealed at rest when the host can); omitted: the one kept, or none. */
  token: z.string().min(1).max(4096).optional(),
});
/** {@link ConnectRequest} */
export type ConnectRequest = z.infer<typeof ConnectRequest>;

/** A kernel the server can start. */
export interface KernelSpecInfo {
  name: string;
  displayName: string;
  language: string;
}

/** A live connection. */
export interface ConnectionInfo {
  state: ConnectionState;
  via?: ConnectionVia;
  /** Why it is not connected, in words. */
  reason?: string;
  /** Jupyter server version, when connected. */
  version?: string;
  kernelSpecs: KernelSpecInfo[];
  defaultKernel?: string;
}

/** A connection's state changed (pushed to every client that connected to it). */
export interface ConnectionEvent {
  server: ServerRef;
  state: ConnectionState;
  via?: ConnectionVia;
  reason?: string;
}

/** One entry of a directory. */
export interface FileEntry {
  name: string;
  path: string;
  type: 'notebook' | 'file' | 'directory';
  /** ISO time. */
  lastModified: string;
  size?: number;
  mimetype?: string;
}

export const ListFilesRequest = z.object({ server: ServerRef, path: ContentPath });
/** {@link ListFilesRequest} */
export type ListFilesRequest = z.infer<typeof ListFilesRequest>;

/** A directory's entries; `fromCache` when the server could not be reached (entries are the notebooks kept offline). */
export interface Listing {
  path: string;
  entries: FileEntry[];
  fromCache: boolean;
  /** When the cached entries were seen (ms since epoch), with `fromCache`. */
  cachedAt?: number;
}

export const PathRequest = z.object({ server: ServerRef, path: ContentPath.refine((p) => p !== '', 'a file path is required') });
/** {@link PathRequest} */
export type PathRequest = z.infer<typeof PathRequest>;

/** A local draft of a notebook, newer than what the server had when it was made. */
export interface NotebookDraft {
  content: NotebookDoc;
  /** When the draft was last written (ms since epoch). */
  savedAt: number;
  /** The server's `last_modified` the draft was based on. */
  baseLastModified?: string;
}

/** An opened notebook. */
export interface OpenedNotebook {
  path: string;
  content: NotebookDoc;
  /** The server's `last_modified` of this content (the save's conflict check compares it). */
  lastModified: string;
  /** Read from the offline cache because the server could not be reached. */
  fromCache: boolean;
  /** When the cached copy was stored (ms since epoch), with `fromCache`. */
  cachedAt?: number;
  /** Why the server could not be reached, with `fromCache`. */
  reason?: string;
  /** A draft kept locally, if there is one. */
  draft?: NotebookDraft;
  /** Size of the file in bytes. */
  size: number;
}

/** A file's content, for download or a text view. */
export interface FileContent {
  path: string;
  lastModified: string;
  format: 'text' | 'base64';
  content: string;
  mimetype?: string;
  size: number;
}

/** Notebooks are at most this large (bytes of JSON) on the wire. */
export const maxNotebookBytes = 256 * 1024 * 1024;
/** Uploads are at most this large (bytes before base64). */
export const maxUploadBytes = 64 * 1024 * 1024;

export const SaveRequest = z.object({
  server: ServerRef,
  path: ContentPath,
  content: NotebookDocSchema,
  /**
   * The `lastModified` the editor's copy is based on. The save is refused with `conflict` (detail:
   * the server's time) when the file changed on the server since; omitted for a new file.
   */
  expectedLastModified: z.string().max(64).optional(),
  /** Overwrite even if the file changed on the server. */
  force: z.boolean().optional(),
});
/** {@link SaveRequest} */
export type SaveRequest = z.infer<typeof SaveRequest>;

export const CreateRequest = z.object({
  server: ServerRef,
  /** The folder to create in. */
  dir: ContentPath,
  type: z.enum(['notebook', 'file', 'directory']),
  /** The name; omitted: Jupyter's `Untitled…`. */
  name: z
    .string()
    .min(1)
    .max(255)
    .refine((n) => !n.includes('/') && n !== '.' && n !== '..', 'must be a plain name')
    .optional(),
});
/** {@link CreateRequest} */
export type CreateRequest = z.infer<typeof CreateRequest>;

export const RenameRequest = z.object({ server: ServerRef, path: ContentPath, newPath: ContentPath });
/** {@link RenameRequest} */
export type RenameRequest = z.infer<typeof RenameRequest>;

export const UploadRequest = z.object({
  server: ServerRef,
  path: ContentPath,
  /** The bytes, base64. */
  base64: z.string().max(Math.ceil((maxUploadBytes * 4) / 3) + 4),
  overwrite: z.boolean().optional(),
});
/** {@link UploadRequest} */
export type UploadRequest = z.infer<typeof UploadRequest>;

export const DraftRequest = z.object({
  server: ServerRef,
  path: ContentPath,
  content: NotebookDocSchema,
  baseLastModified: z.string().max(64).optional(),
});
/** {@link DraftRequest} */
export type DraftRequest = z.infer<typeof DraftRequest>;

/** A kept draft, for the "unsaved drafts" list. */
export interface DraftSummary {
  server: ServerRef;
  path: string;
  savedAt: number;
  baseLastModified?: string;
}

export const StartKernelRequest = z.object({
  server: ServerRef,
  /** The notebook the kernel is for (a Jupyter session is made or reused for it). */
  path: ContentPath,
  /** The kernel spec; omitted: the notebook's or the server's default. */
  kernelName: z.string().min(1).max(255).optional(),
});
/** {@link StartKernelRequest} */
export type StartKernelRequest = z.infer<typeof StartKernelRequest>;

/** Kernel execution states, as Jupyter reports them, plus MLDeck's connection states. */
export type KernelStatus = 'starting' | 'idle' | 'busy' | 'restarting' | 'autorestarting' | 'dead' | 'reconnecting' | 'disconnected' | 'unknown';

/** A kernel attached to an open notebook. */
export interface KernelHandle {
  /** Names this kernel in later calls and events (not Jupyter's id). */
  handle: string;
  kernelName: string;
  displayName: string;
  status: KernelStatus;
}

const Handle = z.object({ handle: z.string().min(1).max(128) });

export const ExecuteRequest = Handle.extend({
  /** The cell's id (events carry it back). */
  cellId: z.string().min(1).max(128),
  code: z.string().max(16 * 1024 * 1024),
  /** Jupyter's stop_on_error (default true: queued cells after an error are aborted). */
  stopOnError: z.boolean().optional(),
});
/** {@link ExecuteRequest} */
export type ExecuteRequest = z.infer<typeof ExecuteRequest>;

/** What happens on a kernel, pushed to the client that started it. */
export type KernelEvent =
  | { handle: string; type: 'status'; status: KernelStatus; reason?: string }
  | { handle: string; type: 'execute-input'; cellId: string; executionCount: number | null }
  | { handle: string; type: 'output'; cellId: string; output: NbOutput }
  | { handle: string; type: 'clear-output'; cellId: string; wait: boolean }
  /** The execute_reply: `error` (the cell raised), `aborted` (skipped after an earlier error or a restart). */
  | { handle: string; type: 'done'; cellId: string; status: 'ok' | 'error' | 'aborted'; executionCount: number | null };

/** Per-cluster notebook settings. Tokens are kept in main; the renderer only learns whether one is set. */
export interface NotebookSettings {
  /**
   * The cluster's Kubeflow gateway (e.g. `https://kubeflow.example.com`): when set, servers are
   * reached at `<gateway>/notebook/<namespace>/<name>/` instead of through a port-forward.
   */
  gatewayUrl?: string;
  /** A bearer token is kept for the gateway. */
  hasGatewayToken: boolean;
}

export const SetSettingsRequest = z.object({
  clusterId: ClusterId,
  /** null clears it. Only http(s) URLs are accepted. */
  gatewayUrl: z.string().max(2048).nullable().optional(),
  /** null forgets it. */
  gatewayToken: z.string().min(1).max(8192).nullable().optional(),
});
/** {@link SetSettingsRequest} */
export type SetSettingsRequest = z.infer<typeof SetSettingsRequest>;

export const notebooksContract = {
  getSettings: rpc<{ clusterId: string }, NotebookSettings>('notebooks:get-settings', z.object({ clusterId: ClusterId })),
  setSettings: rpc<SetSettingsRequest, NotebookSettings>('notebooks:set-settings', SetSettingsRequest),

  connect: rpc<ConnectRequest, ConnectionInfo>('notebooks:connect', ConnectRequest),
  disconnect: rpc<{ server: ServerRef }, void>('notebooks:disconnect', z.object({ server: ServerRef })),
  /** Forgets the kept token of a server. */
  forgetToken: rpc<{ server: ServerRef }, void>('notebooks:forget-token', z.object({ server: ServerRef })),
  connection: topic<ConnectionEvent>('notebooks:connection'),

  listFiles: rpc<ListFilesRequest, Listing>('notebooks:list-files', ListFilesRequest),
  open: rpc<z.infer<typeof PathRequest>, OpenedNotebook>('notebooks:open', PathRequest),
  readFile: rpc<z.infer<typeof PathRequest>, FileContent>('notebooks:read-file', PathRequest),
  save: rpc<SaveRequest, { lastModified: string; size: number }>('notebooks:save', SaveRequest),
  create: rpc<CreateRequest, FileEntry>('notebooks:create', CreateRequest),
  rename: rpc<RenameRequest, FileEntry>('notebooks:rename', RenameRequest),
  remove: rpc<z.infer<typeof PathRequest>, void>('notebooks:delete', PathRequest),
  upload: rpc<UploadRequest, FileEntry>('notebooks:upload', UploadRequest),

  putDraft: rpc<DraftRequest, { savedAt: number }>('notebooks:put-draft', DraftRequest),
  dropDraft: rpc<z.infer<typeof PathRequest>, void>('notebooks:drop-draft', PathRequest),
  listDrafts: rpc<{ clusterId?: string }, DraftSummary[]>('notebooks:list-drafts', z.object({ clusterId: ClusterId.optional() })),

  startKernel: rpc<StartKernelRequest, KernelHandle>('notebooks:start-kernel', StartKernelRequest),
  execute: rpc<ExecuteRequest, { msgId: string }>('notebooks:execute', ExecuteRequest),
  interrupt: rpc<{ handle: string }, void>('notebooks:interrupt', Handle),
  restart: rpc<{ handle: string }, void>('notebooks:restart', Handle),
  shutdownKernel: rpc<{ handle: string }, void>('notebooks:shutdown-kernel', Handle),
  kernel: topic<KernelEvent>('notebooks:kernel'),
} as const;
