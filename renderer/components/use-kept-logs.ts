// SPDX-License-Identifier: Apache-2.0
/**
 * Keeps the logs of the pods a page shows while it is open (`logs:keep`), so they outlive the
 * pods: each pod (by name and uid) is asked once while its slice is live; a refused ask is said
 * and asked again when the pod list next changes.
 */
import { useEffect, useRef, useState } from 'react';
import { logsContract } from '../../shared/features/logs/logs.contract';
import { api } from '../lib/api/api-context';

/** Why some pod's logs are not being kept, if so. */
export function useKeptLogs(
  clusterId: string,
  namespace: string,
  pods: readonly { name: string; uid?: string | undefined }[],
  live: boolean,
): string | undefined {
  const asked = useRef(new Set<string>());
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    if (!live) return;
    for (const p of pods) {
      const id = `${clusterId}\0${namespace}\0${p.name}\0${p.uid ?? ''}`;
      if (asked.current.has(id)) continue;
      asked.current.add(id);
      api()
        .call(logsContract.keep, { clusterId, namespace, pod: p.name })
        .catch((e: unknown) => {
          asked.current.delete(id);
          setProblem(`The logs of ${p.name} are not being kept: ${e instanceof Error ? e.message : String(e)}`);
        });
    }
  }, [live, pods, clusterId, namespace]);
  return problem;
}
