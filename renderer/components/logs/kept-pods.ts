// SPDX-License-Identifier: Apache-2.0
/**
 * Which kept logs belong to a job: a pod name is the job's when the rest after `<job>-` is how its
 * operator names replicas — `<replica type lower-case>-<index>` (Training Operator v1), the MPI
 * launcher `launcher` or `launcher-<suffix>`, or for a TrainJob (a JobSet)
 * `<replicated job>-<job index>-<pod index>-<suffix>`. A bare `<job>-` prefix would also take
 * the pods of other jobs whose names start the same (`train` and `train-v2`).
 */
import type { TrainingKind } from '../../../shared/kube/training-kinds';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A test of pod names for the job's pods, by its kind. */
export function jobPodMatcher(jobName: string, kind: Pick<TrainingKind, 'replicaTypes' | 'replicaSpecsField'>): (pod: string) => boolean {
  const types = kind.replicaTypes.map((t) => escape(t.toLowerCase())).join('|');
  const rest =
    kind.replicaSpecsField === undefined
      ? // JobSet: <jobset>-<replicatedJob>-<jobIndex>-<podIndex>-<random>
        new RegExp(`^(?:${types})-\\d+-\\d+(?:-[a-z0-9]+)?$`)
      : new RegExp(`^(?:(?:${types})-\\d+${kind.replicaTypes.some((t) => t.toLowerCase() === 'launcher') ? '|launcher(?:-[a-z0-9]+)?' : ''})$`);
  const prefix = `${jobName}-`;
  return (pod) => pod.startsWith(prefix) && rest.test(pod.slice(prefix.length));
}

/** A pod that is gone whose logs were kept, with its containers. */
export interface KeptPod {
  name: string;
  containers: string[];
  replicaType?: string;
}

/**
 * The job's pods among kept log keys that are not live, each with its containers: the one that
 * logged last first (the one shown by default: a pod's init containers end before its main
 * container starts, so a gone pod opens on its main container's log, as a live one does), then in
 * the order kept.
 */
export function keptPodsOf(
  keys: readonly { pod: string; container: string; lastAt?: number }[],
  isJobPod: (pod: string) => boolean,
  live: ReadonlySet<string>,
): KeptPod[] {
  const byPod = new Map<string, { container: string; lastAt: number }[]>();
  for (const k of keys)
    if (isJobPod(k.pod) && !live.has(k.pod)) byPod.set(k.pod, [...(byPod.get(k.pod) ?? []), { container: k.container, lastAt: k.lastAt ?? 0 }]);
  return [...byPod].map(([name, cs]) => ({
    name,
    containers: [...cs].sort((a, b) => b.lastAt - a.lastAt).map((c) => c.container),
    replicaType: 'kept log',
  }));
}

/**
 * The live pods, then the kept ones not live: a pod made again under its old name (resume) is
 * live at once, before the kept list is read again, and is listed once.
 */
export function withKeptPods<P extends { name: string }>(live: readonly P[], kept: readonly P[]): P[] {
  const names = new Set(live.map((p) => p.name));
  return [...live, ...kept.filter((k) => !names.has(k.name))];
}
