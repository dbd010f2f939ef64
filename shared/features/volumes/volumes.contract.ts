// SPDX-License-Identifier: Apache-2.0
/**
 * Looking inside PersistentVolumeClaims. The list of claims is read through the sync contract
 * (PVC, pod and Notebook slices); this contract is the file browser. A session mounts one claim
 * (read-only unless the user asks for writing and the access modes allow it) either through
 * Kubeflow's PVCViewer (`kubeflow.org/v1alpha1`, where the cluster serves it: its file server is
 * reached through the in-cluster connector) or through a short-lived pod in which every call
 * runs a command over the exec WebSocket (listing, a preview's first bytes, a file's download
 * and an upload as tar streams, deletion). Closing the session (or leaving it idle, or
 * quitting) deletes the PVCViewer or the pod.
 */
import { z } from 'zod';
import { rpc } from '../../ipc/define';
import { DnsLabel, DnsSubdomain } from '../../kube/names';

const ClusterId = z.string().min(1).max(512);
const SessionId = z.string().regex(/^[a-z0-9]{8,40}$/, 'not a session id');

/** A path inside the volume, relative to its root ('' is the root); no `..`, no leading `/`. */
export const VolumePath = z
  .string()
  .max(4096)
  .refine((p) => !p.includes('\0'), 'A path cannot contain a NUL character.')
  .refine((p) => !p.startsWith('/'), 'A path inside the volume is relative to its root (no leading "/").')
  .refine((p) => !p.split('/').some((s) => s === '..' || s === '.'), 'A path cannot contain "." or ".." parts.');

/** One file name (no slashes). */
const FileName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => !n.includes('/') && !n.includes('\0') && n !== '.' && n !== '..', 'not a file name');

/** The largest file downloaded or uploaded through the app (bytes before base64). */
export const maxTransferBytes = 64 * 1024 * 1024;

/** The most bytes a preview reads. */
export const maxPreviewBytes = 1024 * 1024;

export const OpenRequest = z.object({
  clusterId: ClusterId,
  namespace: DnsLabel,
  claim: DnsSubdomain,
  /** Mount read-write (refused when the claim is ReadOnlyMany only). */
  writable: z.boolean(),
});
/** {@link OpenRequest} */
export type OpenRequest = z.infer<typeof OpenRequest>;

/** An open browser of one claim. */
export interface VolumeSession {
  id: string;
  clusterId: string;
  namespace: string;
  claim: string;
  /** How the claim is mounted: a PVCViewer's file server, or a helper pod run through exec. */
  via: 'pvcviewer' | 'pod';
  /** The PVCViewer made for the session (when `via` is `pvcviewer`). */
  viewer?: string;
  /** The pod that mounts the claim (the helper pod, or the PVCViewer's pod). */
  pod: string;
  /** The node it runs on. */
  node?: string;
  writable: boolean;
  /** Things the user should know (the node chosen because the claim is in use there). */
  notes: string[];
  openedAt: string;
}

export const SessionRequest = z.object({ sessionId: SessionId });
/** {@link SessionRequest} */
export type SessionRequest = z.infer<typeof SessionRequest>;

export const ListRequest = z.object({ sessionId: SessionId, path: VolumePath });
/** {@link ListRequest} */
export type ListRequest = z.infer<typeof ListRequest>;

/** One entry of a folder. */
export interface VolumeEntry {
  name: string;
  /** Relative to the volume root. */
  path: string;
  kind: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  /** ISO time of the last change. */
  modifiedAt: string;
}

/** A folder's entries. */
export interface VolumeListing {
  path: string;
  entries: VolumeEntry[];
}

export const ReadRequest = z.object({
  sessionId: SessionId,
  path: VolumePath.refine((p) => p !== '', 'Choose a file.'),
  maxBytes: z.number().int().min(1).max(maxPreviewBytes),
});
/** {@link ReadRequest} */
export type ReadRequest = z.infer<typeof ReadRequest>;

/** A file's first bytes (for a preview). */
export interface VolumeFileHead {
  path: string;
  /** The bytes, base64. */
  base64: string;
  /** Whether the file is longer than what was read. */
  truncated: boolean;
}

export const DownloadRequest = z.object({ sessionId: SessionId, path: VolumePath.refine((p) => p !== '', 'Choose a file.') });
/** {@link DownloadRequest} */
export type DownloadRequest = z.infer<typeof DownloadRequest>;

/** A downloaded file. */
export interface VolumeFile {
  name: string;
  size: number;
  /** The bytes, base64. */
  base64: string;
}

export const UploadRequest = z.object({
  sessionId: SessionId,
  /** The folder to put the files in. */
  folder: VolumePath,
  files: z
    .array(z.object({ name: FileName, base64: z.string().max(Math.ceil((maxTransferBytes * 4) / 3) + 4) }))
    .min(1)
    .max(100)
    .refine((fs) => fs.reduce((n, f) => n + f.base64.length, 0) <= Math.ceil((maxTransferBytes * 4) / 3) + 4, 'The files are larger than 64 MiB together.'),
});
/** {@link UploadRequest} */
export type UploadRequest = z.infer<typeof UploadRequest>;

export const DeleteRequest = z.object({
  sessionId: SessionId,
  paths: z
    .array(VolumePath.refine((p) => p !== '', 'The volume root cannot be deleted.'))
    .min(1)
    .max(1000),
});
/** {@link DeleteRequest} */
export type DeleteRequest = z.infer<typeof DeleteRequest>;

export const volumesContract = {
  /** Starts a PVCViewer (or a browser pod) for a claim and waits until it serves. */
  open: rpc<OpenRequest, VolumeSession>('volumes:open', OpenRequest),
  /** The sessions open now. */
  sessions: rpc<Record<string, never>, VolumeSession[]>('volumes:sessions', z.object({}).strict()),
  /** Lists a folder. */
  list: rpc<ListRequest, VolumeListing>('volumes:list', ListRequest),
  /** Reads a file's first bytes. */
  read: rpc<ReadRequest, VolumeFileHead>('volumes:read', ReadRequest),
  /** Reads a whole file (tar over exec), at most {@link maxTransferBytes}. */
  download: rpc<DownloadRequest, VolumeFile>('volumes:download', DownloadRequest),
  /** Writes files into a folder (tar over exec); the session must be writable. */
  upload: rpc<UploadRequest, VolumeListing>('volumes:upload', UploadRequest),
  /** Deletes files and folders; the session must be writable. */
  delete: rpc<DeleteRequest, void>('volumes:delete', DeleteRequest),
  /** Deletes the PVCViewer or the browser pod. */
  close: rpc<SessionRequest, void>('volumes:close', SessionRequest),
};
