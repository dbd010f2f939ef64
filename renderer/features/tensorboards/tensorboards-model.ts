// SPDX-License-Identifier: Apache-2.0
/**
 * The TensorBoard list's pure logic: the slices (Tensorboard objects of each cluster that serves
 * the kind, narrowed to the context's namespace where listing across namespaces is refused), one
 * row per object with its status, and the banner's words.
 */
import {
  MadeFrom,
  madeFromAnnotation,
  tensorboardKind,
  tensorboardStatus,
  type TensorboardStatus,
} from '../../../shared/features/tensorboards/tensorboards.contract';
import type { Route } from '../../app/router';
import type { SliceRequest } from '../../../shared/features/sync/sync.contract';
import type { KubeObject } from '../../../shared/kube/object';
import { joinedNoteWords, notServingNotes as notServingKind, sliceProblems, type ProblemSlice, type SliceProblem } from '../../lib/list-notes';

/** The kind as discovery keys it. */
export const tensorboardKindKey = `${tensorboardKind.group}/${tensorboardKind.version}/${tensorboardKind.resource}`;

/** A TensorBoard in the list. */
export interface TensorboardRow {
  key: string;
  clusterId: string;
  clusterName: string;
  namespace: string;
  name: string;
  object: KubeObject;
  status: TensorboardStatus;
  /** The job or run page it was made from (its annotation), with the words for the link. */
  madeFrom?: { route: Route; text: string };
}

/** One slice per cluster. */
export function tensorboardSlices(clusterIds: string[], namespaceOf: (clusterId: string) => string | undefined): { req: SliceRequest; tag: 'tensorboards' }[] {
  return clusterIds.map((clusterId) => {
    const ns = namespaceOf(clusterId);
    return { req: { clusterId, ...tensorboardKind, ...(ns ? { namespace: ns } : {}) }, tag: 'tensorboards' as const };
  });
}

/** Rows with their status. */
export function tensorboardRows(rows: { clusterId: string; object: KubeObject }[], clusterName: (id: string) => string): TensorboardRow[] {
  return rows.map((r) => ({
    key: `${r.clusterId}|${r.object.metadata.namespace ?? ''}/${r.object.metadata.name}`,
    clusterId: r.clusterId,
    clusterName: clusterName(r.clusterId),
    namespace: r.object.metadata.namespace ?? '',
    name: r.object.metadata.name,
    object: r.object,
    status: tensorboardStatus(r.object),
    madeFrom: madeFromRoute(r.clusterId, r.object.metadata.annotations?.[madeFromAnnotation]),
  }));
}

/** The page a TensorBoard was made from (`job:<g>/<v>/<r>/<ns>/<name>` or `run:<id>`). */
export function madeFromRoute(clusterId: string, value: string | undefined): TensorboardRow['madeFrom'] {
  if (!value || !MadeFrom.test(value)) return undefined;
  if (value.startsWith('run:')) return { route: { page: 'pipeline-run', clusterId, runId: value.slice(4) }, text: `run ${value.slice(4, 12)}…` };
  const [group = '', version = '', resource = '', namespace = '', name = ''] = value.slice(4).split('/');
  return { route: { page: 'job', clusterId, kind: { group, version, resource }, namespace, name }, text: `job ${name}` };
}

/** Slices that are not live or syncing. */
export function tensorboardSliceProblems(slices: ProblemSlice<'tensorboards'>[], clusterName: (id: string) => string): SliceProblem[] {
  return sliceProblems(slices, clusterName, () => 'TensorBoards');
}

/** The banner's words. */
export const tensorboardNoteWords = joinedNoteWords('TensorBoards', 'whether it serves Kubeflow TensorBoards');

/** The note for each cluster without the Tensorboard kind. */
export function notServingNotes(clusters: { id: string; displayName: string }[]) {
  return notServingKind(clusters, 'Kubeflow TensorBoards (tensorboard.kubeflow.org/v1alpha1)');
}

/** A name for a new TensorBoard from its log directory's last part (`runs/mnist` → `mnist`). */
export function suggestName(logsPath: string): string {
  const last =
    logsPath
      .replace(/^(s3|pvc):\/\//, '')
      .split('/')
      .filter(Boolean)
      .pop() ?? '';
  const n = last
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return n ? `tb-${n}` : 'tensorboard';
}
