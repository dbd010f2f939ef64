// SPDX-License-Identifier: Apache-2.0
/**
 * The pods of a job whose logs MLDeck kept but that are gone, as a hook: lists the kept logs of
 * the namespace (`logs:list`) and keeps those of the job's pods (by its kind's naming) that are
 * not live; a failure is given quietly (the live pods are still shown).
 */
import { useEffect, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { logsContract } from '../../../shared/features/logs/logs.contract';
import type { TrainingKind } from '../../../shared/kube/training-kinds';
import { api } from '../../lib/api/api-context';
import { jobPodMatcher, keptPodsOf, type KeptPod } from './kept-pods';

/** Pods of the job with kept logs that are not in `live` (their pods are gone), or why they could not be listed. */
export function useKeptPods(
  clusterId: string,
  namespace: string,
  jobName: string | undefined,
  kind: Pick<TrainingKind, 'replicaTypes' | 'replicaSpecsField'> | undefined,
  live: readonly { name: string }[],
) {
  const [kept, setKept] = useState<KeptPod[]>([]);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const liveNames = live.map((p) => p.name).join('\n');
  const types = kind?.replicaTypes.join('\n');
  const jobSet = kind?.replicaSpecsField === undefined;
  useEffect(() => {
    if (!jobName || types === undefined) return;
    let on = true;
    const isJobPod = jobPodMatcher(jobName, { replicaTypes: types.split('\n'), replicaSpecsField: jobSet ? undefined : 'replicaSpecs' });
    api()
      .call(logsContract.list, { clusterId, namespace })
      .then(
        (keys) => {
          if (!on) return;
          setKept(keptPodsOf(keys, isJobPod, new Set(liveNames.split('\n'))));
          setError(undefined);
        },
        // the live pods are still shown; kept ones are an extra: say so quietly
        (e: unknown) => on && setError(asAppError(e)),
      );
    return () => {
      on = false;
    };
  }, [clusterId, namespace, jobName, types, jobSet, liveNames]);
  return { kept, error };
}
