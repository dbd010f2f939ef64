// SPDX-License-Identifier: Apache-2.0
/**
 * The job detail page's pure logic (a pod as the page shows it is `shared/kube/pod-view.ts`):
 * the events of the job and its pods merged in time order.
 */
import { eventRows, eventTime, type EventRow } from '../../lib/resources/event-rows';
import type { KubeObject } from '../../../shared/kube/object';
export { podView, type ContainerView, type PodView } from '../../../shared/kube/pod-view';
import { trainingKindOf } from '../../../shared/kube/training-kinds';

/** One line of the merged events. */
export type EventView = EventRow;

export { eventTime };

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The names the job's kind gives its pods, so events of pods already deleted (often the
 * failure story) still count: `<job>-<replica type lower-cased>-<index>` for the Training
 * Operator (the MPIJob v2beta1 launcher, a batch Job, ends in a random suffix instead), and
 * `<job>-<replicated job>-<job index>-[<pod index>-]<random>` for TrainJob (JobSet).
 * Undefined when the job is not a known training kind.
 */
export function jobPodNamePattern(job: KubeObject): RegExp | undefined {
  const k = trainingKindOf(job);
  if (!k) return undefined;
  const types = k.replicaTypes.map((t) => escapeRegExp(t.toLowerCase())).join('|');
  const name = escapeRegExp(job.metadata.name);
  if (k.kind === 'TrainJob') return new RegExp(`^${name}-(?:${types})-\\d+-(?:\\d+-)?[a-z0-9]{5}$`);
  if (k.version === 'v2beta1') return new RegExp(`^${name}-(?:(?:${types})-\\d+|launcher-[a-z0-9]{5})$`);
  return new RegExp(`^${name}-(?:${types})-\\d+$`);
}

/**
 * Events about the job (by uid; by kind and name when the event has no uid), its JobSet (same
 * name, for TrainJob) and its pods: live pods by uid (else by name), and pods no longer there by
 * the name the job's kind gives its pods, when the event is not older than the job (an earlier
 * job of the same name had pods of the same names). Oldest first.
 */
export function jobEvents(events: KubeObject[], job: KubeObject, pods: KubeObject[]): EventView[] {
  const podUids = new Set(pods.map((p) => p.metadata.uid).filter((u): u is string => !!u));
  const podNames = new Set(pods.map((p) => p.metadata.name));
  const podName = jobPodNamePattern(job);
  const created = job.metadata.creationTimestamp ? Date.parse(job.metadata.creationTimestamp) : NaN;
  const matches = (o: { kind?: string; name?: string; uid?: string } | undefined, t: number): boolean => {
    if (!o?.name) return false;
    if (o.kind === job.kind && o.name === job.metadata.name) return !o.uid || !job.metadata.uid || o.uid === job.metadata.uid;
    if (o.kind === 'JobSet' && o.name === job.metadata.name) return true;
    if (o.kind === 'Pod') {
      if (o.uid ? podUids.has(o.uid) : podNames.has(o.name)) return true;
      // A pod no longer there (deleted, or replaced by one of the same name).
      return !!podName?.test(o.name) && (Number.isNaN(created) || t >= created);
    }
    return false;
  };
  return eventRows(events, matches);
}
