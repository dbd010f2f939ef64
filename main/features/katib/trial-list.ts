// SPDX-License-Identifier: Apache-2.0
/**
 * An experiment's trials in one list call, each cut down to the fields MLDeck's views read
 * (experiment-summary.ts, the trial detail) and sent as a table (trial-table.ts): the experiment page draws its 5,000-trial charts
 * from this before the live slice of the namespace's trials is whole. The call lists the
 * namespace's trials through the sync engine's `listOnce`, so the slice's informer starts from
 * the same list (and a slice already live answers from the cache) rather than the API server
 * listing the same trials twice, once whole and once page by page.
 */
import { AppError } from '../../../shared/errors';
import type { TrialList, TrialsRequest } from '../../../shared/features/katib/katib.contract';
import { experimentLabel, katibGroup, katibVersion, type TrialObject } from '../../../shared/features/katib/katib-objects';
import type { KubeObject } from '../../../shared/kube/object';
import { toTrialTable } from '../../../shared/features/katib/trial-table';
import type { SourceKey } from '../../platform/cache/cache-db';
import { isSnapshotId } from '../../platform/snapshots/snapshot-registry';

const trials = { group: katibGroup, version: katibVersion, resource: 'trials' };

/** Whole lists of a source in one call (the sync engine). */
export interface SourceLists {
  listOnce(source: SourceKey): Promise<{ items: KubeObject[]; resourceVersion: string }>;
}

/** A trial with only the fields the views read. */
export function listedTrial(t: TrialObject): TrialObject {
  const { name, namespace, uid, resourceVersion, labels, creationTimestamp } = t.metadata;
  const spec = t.spec;
  const status = t.status;
  return {
    apiVersion: t.apiVersion,
    kind: t.kind,
    metadata: { name, namespace, uid, resourceVersion, labels, creationTimestamp },
    ...(spec && {
      spec: {
        objective: spec.objective,
        parameterAssignments: spec.parameterAssignments,
        earlyStoppingRules: spec.earlyStoppingRules,
        primaryContainerName: spec.primaryContainerName,
        runSpec: spec.runSpec && { apiVersion: spec.runSpec.apiVersion, kind: spec.runSpec.kind },
        retainRun: spec.retainRun,
      },
    }),
    ...(status && {
      status: { startTime: status.startTime, completionTime: status.completionTime, conditions: status.conditions, observation: status.observation },
    }),
  };
}

/** Lists the experiment's trials in one call. */
export async function listTrials(lists: SourceLists, req: TrialsRequest): Promise<TrialList> {
  if (isSnapshotId(req.clusterId))
    throw new AppError('unavailable', 'An opened snapshot has no API server to list trials from; its trials are read from the snapshot.');
  const list = await lists.listOnce({ cluster: req.clusterId, ...trials, namespace: req.namespace });
  const items = (list.items as TrialObject[]).filter((t) => t.metadata.labels?.[experimentLabel] === req.experiment).map(listedTrial);
  return { table: toTrialTable(items), resourceVersion: list.resourceVersion };
}
