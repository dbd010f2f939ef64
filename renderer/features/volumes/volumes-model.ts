// SPDX-License-Identifier: Apache-2.0
/**
 * The volume list's pure logic: the slices it follows (PVCs and pods of each cluster, narrowed to
 * the context's namespace where listing across namespaces is refused), one row per claim with
 * its capacity, storage class, access modes, phase, and the pods and notebook servers that
 * mount it now, and the namespace filter.
 */
import type { SliceRequest } from '../../../shared/features/sync/sync.contract';
import type { KubeObject } from '../../../shared/kube/object';
import { joinedNoteWords, sliceProblems, type ListNoteWords, type ProblemSlice, type SliceProblem } from '../../lib/list-notes';

export const pvcKind = { group: '', version: 'v1', resource: 'persistentvolumeclaims' } as const;
export const podKind = { group: '', version: 'v1', resource: 'pods' } as const;

/** A slice's tag. */
export type VolumeSliceTag = 'pvcs' | 'pods';

/** A claim in the list. */
export interface VolumeRow {
  key: string;
  clusterId: string;
  clusterName: string;
  object: KubeObject;
  namespace: string;
  name: string;
  /** What is provisioned (status), else what is asked for. */
  capacity: string;
  storageClass: string;
  /** RWO, RWX, ROX, RWOP. */
  accessModes: string[];
  phase: string;
  /** Pods that mount it (not finished), MLDeck's own browser pods (and its PVCViewers' pods) left out. */
  pods: { name: string; node: string; phase: string }[];
  /** Notebook servers among them (`notebook-name`). */
  notebooks: string[];
}

const shortModes: Record<string, string> = { ReadWriteOnce: 'RWO', ReadWriteMany: 'RWX', ReadOnlyMany: 'ROX', ReadWriteOncePod: 'RWOP' };

/** A pod MLDeck made to browse a volume: its helper pod, or the pod of a PVCViewer it made. */
export function isOwnBrowserPod(labels: Record<string, string>): boolean {
  return (
    labels['mldeck.dev/volume-browser'] === 'true' ||
    (labels['app.kubernetes.io/part-of'] === 'pvc-viewer' && (labels['app.kubernetes.io/name'] ?? '').startsWith('mldeck-volume-'))
  );
}

/** The slices: PVCs and pods of each cluster. */
export function volumeSlices(clusterIds: string[], namespaceOf: (clusterId: string) => string | undefined): { req: SliceRequest; tag: VolumeSliceTag }[] {
  return clusterIds.flatMap((clusterId) => {
    const ns = namespaceOf(clusterId);
    const scope = ns ? { namespace: ns } : {};
    return [
      { req: { clusterId, ...pvcKind, ...scope }, tag: 'pvcs' as const },
      { req: { clusterId, ...podKind, ...scope }, tag: 'pods' as const },
    ];
  });
}

type PodSpec = { nodeName?: string; volumes?: { persistentVolumeClaim?: { claimName?: string } }[] };
type PvcSpec = { storageClassName?: string; accessModes?: string[]; resources?: { requests?: { storage?: string } } };
type PvcStatus = { phase?: string; capacity?: { storage?: string }; accessModes?: string[] };

/** Rows: each claim with the pods that mount it. */
export function volumeRows(rows: { clusterId: string; tag: VolumeSliceTag; object: KubeObject }[], clusterName: (id: string) => string): VolumeRow[] {
  const users = new Map<string, VolumeRow['pods']>();
  const notebooks = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.tag !== 'pods' || isOwnBrowserPod(r.object.metadata.labels ?? {})) continue;
    const phase = (r.object.status as { phase?: string } | undefined)?.phase ?? '';
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const spec = (r.object.spec ?? {}) as PodSpec;
    for (const v of spec.volumes ?? []) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (!claim) continue;
      const k = `${r.clusterId}|${r.object.metadata.namespace ?? ''}/${claim}`;
      users.set(k, [...(users.get(k) ?? []), { name: r.object.metadata.name, node: spec.nodeName ?? '', phase }]);
      const nb = r.object.metadata.labels?.['notebook-name'];
      if (nb) notebooks.set(k, (notebooks.get(k) ?? new Set()).add(nb));
    }
  }
  const out: VolumeRow[] = [];
  for (const r of rows) {
    if (r.tag !== 'pvcs') continue;
    const ns = r.object.metadata.namespace ?? '';
    const key = `${r.clusterId}|${ns}/${r.object.metadata.name}`;
    const spec = (r.object.spec ?? {}) as PvcSpec;
    const status = (r.object.status ?? {}) as PvcStatus;
    out.push({
      key,
      clusterId: r.clusterId,
      clusterName: clusterName(r.clusterId),
      object: r.object,
      namespace: ns,
      name: r.object.metadata.name,
      capacity: status.capacity?.storage ?? spec.resources?.requests?.storage ?? '',
      storageClass: spec.storageClassName ?? '',
      accessModes: (status.accessModes ?? spec.accessModes ?? []).map((m) => shortModes[m] ?? m),
      phase: (r.object.metadata as { deletionTimestamp?: string }).deletionTimestamp ? 'Terminating' : (status.phase ?? ''),
      pods: (users.get(key) ?? []).sort((a, b) => a.name.localeCompare(b.name)),
      notebooks: [...(notebooks.get(key) ?? [])].sort(),
    });
  }
  return out;
}

/** "pod x on node-1", for the Used by column and the browser's header. */
export function usedByText(r: VolumeRow): string {
  return r.pods.map((p) => (p.node ? `${p.name} (${p.node})` : p.name)).join(', ');
}

/** Namespaces there are claims in. */
export function volumeNamespaces(rows: VolumeRow[]): string[] {
  return [...new Set(rows.map((r) => r.namespace).filter(Boolean))].sort();
}

/** Slices that are not live or syncing. */
export function volumeSliceProblems(slices: ProblemSlice<VolumeSliceTag>[], clusterName: (id: string) => string): SliceProblem[] {
  return sliceProblems(slices, clusterName, (tag) => (tag === 'pvcs' ? 'volumes' : 'pods'));
}

/** The volume list's words for its banner. */
export const volumeNoteWords: ListNoteWords = joinedNoteWords('volumes', 'its kinds');
