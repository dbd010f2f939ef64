// SPDX-License-Identifier: Apache-2.0
/**
 * The serving list's pure logic: the InferenceService slice of each cluster that serves KServe
 * (in the context's namespace once listing across namespaces was refused), and the words of the
 * banner about clusters whose list is not live, narrowed, or that do not serve KServe.
 */
import type { SliceRequest } from '../../../shared/features/sync/sync.contract';
import { isvcKind } from '../../../shared/serving/deploy-form';
import { sliceProblems, type ClusterNote, type ListNoteWords, type ProblemSlice, type SliceProblem } from '../../lib/list-notes';

/** {@link isvcKind} as discovery keys it. */
export const isvcKey = `${isvcKind.group}/${isvcKind.version}/${isvcKind.resource}`;

/** One InferenceService slice per cluster (tagged with the cluster), in `namespaceOf(cluster)` when given. */
export function isvcSlices(clusterIds: string[], namespaceOf: (clusterId: string) => string | undefined): { req: SliceRequest; tag: string }[] {
  return clusterIds.map((clusterId) => {
    const ns = namespaceOf(clusterId);
    return {
      req: { clusterId, group: isvcKind.group, version: isvcKind.version, resource: isvcKind.resource, ...(ns ? { namespace: ns } : {}) },
      tag: clusterId,
    };
  });
}

/** Slices that are not live, by cluster and freshness. */
export function isvcSliceProblems(slices: ProblemSlice<string>[], clusterName: (id: string) => string): SliceProblem[] {
  return sliceProblems(slices, clusterName, () => 'InferenceServices');
}

/** The serving list's words for its banner (the server's reason said inline). */
export const servingNoteWords: ListNoteWords = {
  listed: () => 'InferenceServices',
  shown: () => 'showing InferenceServices',
  listing: 'InferenceServices',
  discovery: 'whether it serves KServe',
  reasonInline: true,
};

/** The note when the one cluster in scope does not serve KServe (none when all clusters are in scope). */
export function noKserveNotes(oneCluster: boolean, notServing: { displayName: string }[]): ClusterNote[] {
  const c = notServing[0];
  if (!oneCluster || !c) return [];
  return [
    {
      key: 'no-kserve',
      tone: 'stale',
      role: 'status',
      testId: 'no-kserve',
      text: `${c.displayName} does not serve KServe InferenceServices (serving.kserve.io/v1beta1).`,
    },
  ];
}
