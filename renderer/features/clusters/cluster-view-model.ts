// SPDX-License-Identifier: Apache-2.0
/** Pure words and rules of the clusters pages: where a context came from, what an add did, which contexts to check. */
import type { ClusterList, ClusterSummary } from '../../../shared/features/clusters/clusters.contract';

/** Where a context came from, in words. */
export function originText(c: ClusterSummary): string {
  if (c.snapshot) return `snapshot file ${c.snapshot.file}`;
  if (c.origin.kind === 'pasted') return `pasted: ${c.origin.label}`;
  const how = { env: 'KUBECONFIG', default: 'default', added: 'added in MLDeck', lab: 'the lab' }[c.origin.source];
  return `${c.origin.path} (${how})`;
}

/** The success line after adding a kubeconfig. */
export function addedText(added: number): string {
  return `${added} new context${added === 1 ? '' : 's'}.`;
}

/** The contexts whose health the clusters page checks on a visit (those without problems). */
export function healthCheckIds(list: ClusterList | undefined): string[] {
  return (list?.clusters ?? []).filter((c) => c.problems.length === 0).map((c) => c.id);
}
