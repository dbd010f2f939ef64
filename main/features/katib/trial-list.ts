// SPDX-License-Identifier: Apache-2.0
/**
 * An experiment's trials in one list call (`GET …/trials?labelSelector=katib.kubeflow.org/experiment=<name>`,
 * no pages), each cut down to the fields MLDeck's views read (experiment-summary.ts, the trial
 * detail): the experiment page draws its 5,000-trial charts from this while the live slice of the
 * namespace's trials is still listing page by page into the cache.
 */
import { AppError } from '../../../shared/errors';
import type { TrialList, TrialsRequest } from '../../../shared/features/katib/katib.contract';
import { experimentLabel, katibGroup, katibVersion, type TrialObject } from '../../../shared/features/katib/katib-objects';
import { collectionPath } from '../../platform/kube/api-paths';
import type { KubeHttp } from '../../platform/kube/kube-http';
import { isSnapshotId } from '../../platform/snapshots/snapshot-registry';

const trials = { group: katibGroup, version: katibVersion, resource: 'trials' };

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
export async function listTrials(http: (clusterId: string) => Promise<KubeHttp>, req: TrialsRequest): Promise<TrialList> {
  if (isSnapshotId(req.clusterId))
    throw new AppError('unavailable', 'An opened snapshot has no API server to list trials from; its trials are read from the snapshot.');
  const h = await http(req.clusterId);
  const list = await h.request<{ items?: TrialObject[]; metadata?: { resourceVersion?: string } }>({
    path: collectionPath(trials, req.namespace),
    query: { labelSelector: `${experimentLabel}=${req.experiment}` },
  });
  return { items: (list.items ?? []).map(listedTrial), resourceVersion: list.metadata?.resourceVersion };
}
