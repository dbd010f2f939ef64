// SPDX-License-Identifier: Apache-2.0
/**
 * Downloading one artifact file of a model version: main reads it (up to 64 MiB) and the
 * renderer saves the bytes as a browser download; a failure is told.
 */
import { useCallback, useState } from 'react';
import { registryContract } from '../../../shared/features/registry/registry.contract';
import { api } from '../../lib/api/api-context';
import { notifyError } from '../../lib/notify';
import { artifactBaseName } from './registry-view-model';
import type { VersionRef } from './use-registry-data';

function saveBytes(fileName: string, base64: string, mediaType: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mediaType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads one file through main. */
export async function downloadArtifact(ref: VersionRef, path: string): Promise<void> {
  try {
    const c = await api().call(registryContract.artifact, { ...ref, path, purpose: 'download' });
    saveBytes(artifactBaseName(path), c.base64 ?? '', c.mediaType);
  } catch (e) {
    notifyError(e);
  }
}

/** A download of one file with whether it runs. */
export function useArtifactDownload(ref: VersionRef, path: string): { busy: boolean; download(): void } {
  const [busy, setBusy] = useState(false);
  const download = useCallback(() => {
    setBusy(true);
    void downloadArtifact(ref, path).finally(() => setBusy(false));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ref.clusterId, ref.name, ref.version, path]);
  return { busy, download };
}
