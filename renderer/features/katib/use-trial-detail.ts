// SPDX-License-Identifier: Apache-2.0
/**
 * The data of a trial's detail: its pods (live, by the `katib.kubeflow.org/trial` label), the
 * events of the trial, its run and its pods, its observation log (`katib:observation`, parsed
 * from the kept logs, read again every 5 s while the trial runs) and the pods whose logs can be
 * shown (live ones and those whose logs were kept after they were gone).
 */
import { useMemo } from 'react';
import type { TrialSummary } from '../../../shared/features/katib/experiment-summary';
import { trialLabel, type TrialObject } from '../../../shared/features/katib/katib-objects';
import { katibContract } from '../../../shared/features/katib/katib.contract';
import { podView } from '../../../shared/kube/pod-view';
import type { KubeObject } from '../../../shared/kube/object';
import { api } from '../../lib/api/api-context';
import { eventRows } from '../../lib/resources/event-rows';
import { useCall } from '../../lib/use-call';
import { useNow } from '../../lib/use-now';

/** Everything a trial's detail shows. */
export function useTrialDetail(
  clusterId: string,
  namespace: string,
  trial: TrialObject,
  summary: TrialSummary,
  pods: KubeObject[],
  events: KubeObject[],
  metricNames: string[],
) {
  const now = useNow();
  const name = trial.metadata.name;
  const container = trial.spec?.primaryContainerName;
  const livePods = useMemo(() => pods.filter((p) => p.metadata.labels?.[trialLabel] === name), [pods, name]);
  const running = summary.phase === 'Running' || summary.phase === 'Pending';
  const observation = useCall(`${clusterId}|${namespace}|${name}|${summary.phase}|${livePods.length}|${running ? now : ''}|${metricNames.join(',')}`, () =>
    api().call(katibContract.observation, { clusterId, namespace, trial: name, metricNames, ...(container ? { container } : {}) }),
  );
  const curves = useMemo(
    () =>
      metricNames.map((m) => ({
        name: m,
        points: (observation.value?.observations ?? []).filter((o) => o.metric === m).map((o) => ({ t: o.step, v: o.value })),
      })),
    [observation.value, metricNames],
  );
  const logPods = useMemo(() => {
    const out = new Map<string, { name: string; containers: string[] }>();
    for (const p of livePods) out.set(p.metadata.name, { name: p.metadata.name, containers: podView(p).containers.map((c) => c.name) });
    for (const s of observation.value?.sources ?? []) if (!out.has(s.pod)) out.set(s.pod, { name: s.pod, containers: [s.container] });
    return [...out.values()];
  }, [livePods, observation.value]);
  const podNames = useMemo(() => new Set(logPods.map((p) => p.name)), [logPods]);
  const trialEvents = useMemo(
    () =>
      eventRows(
        events,
        (inv) =>
          !!inv &&
          ((inv.kind === 'Trial' && inv.name === name) || inv.name === name || (!!inv.name && (podNames.has(inv.name) || inv.name.startsWith(`${name}-`)))),
      ),
    [events, name, podNames],
  );
  return { livePods, observation, curves, logPods, trialEvents };
}
