// SPDX-License-Identifier: Apache-2.0
/**
 * What a volume browser session does with the claim it mounts, whatever mounts it: a helper pod
 * run through exec (`pod-browser.ts`) or a Kubeflow PVCViewer's file server (`viewer-browser.ts`).
 * Paths are relative to the volume root ('' is the root), checked by the contract.
 */
import type { VolumeEntry } from '../../../shared/features/volumes/volumes.contract';
import { AppError } from '../../../shared/errors';
import type { KubeHttp } from '../../platform/kube/kube-http';

/** One open mount of a claim. */
export interface VolumeBackend {
  /** A folder's entries, folders first then by name. */
  list(path: string): Promise<VolumeEntry[]>;
  /** A file's first `maxBytes` bytes, and whether it is longer. */
  head(path: string, maxBytes: number): Promise<{ bytes: Buffer; truncated: boolean }>;
  /** A whole file, at most `maxBytes`. */
  download(path: string, maxBytes: number): Promise<{ name: string; bytes: Buffer }>;
  /** Writes files into a folder (replacing files of the same names). */
  upload(folder: string, files: readonly { name: string; bytes: Buffer }[]): Promise<void>;
  /** Deletes files and folders. */
  remove(paths: readonly string[]): Promise<void>;
  /** Deletes what was made for the session (the pod, or the PVCViewer). */
  close(): Promise<void>;
}

/** Entries sorted as the browser shows them: folders first, then by name. */
export function sortEntries(entries: VolumeEntry[]): VolumeEntry[] {
  return entries.sort((a, b) => Number(b.kind === 'directory') - Number(a.kind === 'directory') || a.name.localeCompare(b.name));
}

/** One permission a mount needs, asked of the API server with a SelfSubjectAccessReview. */
export interface NeededRight {
  verb: string;
  group?: string;
  resource: string;
  subresource?: string;
}

/** `create pods/exec`, `delete pvcviewers.kubeflow.org`: a right in words. */
export function rightText(r: NeededRight): string {
  return `${r.verb} ${r.resource}${r.group ? `.${r.group}` : ''}${r.subresource ? `/${r.subresource}` : ''}`;
}

/** The rights of `needed` the user does not have in the namespace, in words. */
export async function deniedRights(http: KubeHttp, namespace: string, needed: readonly NeededRight[]): Promise<string[]> {
  const denied: string[] = [];
  for (const r of needed) {
    const review = await http.request<{ status?: { allowed?: boolean } }>({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            verb: r.verb,
            group: r.group ?? '',
            resource: r.resource,
            namespace,
            ...(r.subresource ? { subresource: r.subresource } : {}),
          },
        },
      },
    });
    if (review.status?.allowed !== true) denied.push(rightText(r));
  }
  return denied;
}

/** Deletes an object, a missing one being fine. */
export async function deleteIfThere(http: KubeHttp, path: string, query: Record<string, string | number> = {}): Promise<void> {
  try {
    await http.request({ method: 'DELETE', path, query });
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'not-found')) throw e;
  }
}
