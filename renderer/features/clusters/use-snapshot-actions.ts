// SPDX-License-Identifier: Apache-2.0
/**
 * What the clusters pages do with snapshot files: export a cluster's cached state (with kept
 * logs) to a file, open a snapshot file as a read-only cluster, open the sample workspace. An
 * opened snapshot's cluster list is applied to the clusters store.
 */
import type { ClusterList, ClusterSummary } from '../../../shared/features/clusters/clusters.contract';
import { snapshotsContract } from '../../../shared/features/snapshots/snapshots.contract';
import { api } from '../../lib/api/api-context';
import { notify } from '../../lib/notify';
import { useClusters } from '../../lib/clusters.store';

/** Exports a cluster's snapshot, telling the user when it starts and where it was saved. */
export async function exportSnapshot(c: ClusterSummary): Promise<void> {
  notify('info', 'Exporting snapshot…', c.displayName);
  const r = await api().call(snapshotsContract.export, { clusterId: c.id, includeLogs: true });
  notify('success', 'Snapshot saved', `${r.file} (${r.objects} objects, ${r.logLines} log lines)`);
}

/** Opens a snapshot file; resolves with the cluster list (its current cluster is the snapshot). */
export async function openSnapshot(path: string): Promise<ClusterList> {
  const list = await api().call(snapshotsContract.open, { path });
  useClusters.getState().apply(list);
  return list;
}

/** Opens the sample workspace recorded from the lab. */
export async function openSampleSnapshot(): Promise<void> {
  useClusters.getState().apply(await api().call(snapshotsContract.openSample, {}));
}
