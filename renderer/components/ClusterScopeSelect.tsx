// SPDX-License-Identifier: Apache-2.0
/** The "one cluster or all of them" picker of cross-cluster pages (jobs, GPUs). */
import { useClusters } from '../lib/clusters.store';

/** `value` is a cluster id, or undefined for all clusters. */
export function ClusterScopeSelect({
  value,
  onChange,
  testId,
}: {
  value: string | undefined;
  onChange: (clusterId: string | undefined) => void;
  testId: string;
}) {
  const list = useClusters((s) => s.list);
  return (
    <select className="input" aria-label="Clusters" data-testid={testId} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">All clusters</option>
      {(list?.clusters ?? []).map((c) => (
        <option key={c.id} value={c.id}>
          {c.displayName}
        </option>
      ))}
    </select>
  );
}
