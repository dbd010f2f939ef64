// SPDX-License-Identifier: Apache-2.0
/**
 * Kubernetes events (core/v1 or events.k8s.io/v1) as rows of a page's "Events" table: who they
 * are about, when they were last seen, their count. Each page decides which events belong to
 * what it shows (a job and its pods, a served model and its revisions, a notebook server).
 */
import type { KubeObject } from '../../../shared/kube/object';

/** One line of an events table. */
export interface EventRow {
  key: string;
  type: string;
  reason: string;
  /** "PyTorchJob/llama-7b-lora", "Pod/llama-7b-lora-master-0". */
  object: string;
  message: string;
  count: number;
  /** ISO time last seen. */
  lastSeen: string | undefined;
}

/** What an event is about. */
export interface InvolvedObject {
  kind?: string;
  name?: string;
  uid?: string;
}

interface EventRaw {
  type?: string;
  reason?: string;
  message?: string;
  note?: string;
  count?: number;
  series?: { count?: number; lastObservedTime?: string };
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  involvedObject?: InvolvedObject;
  regarding?: InvolvedObject;
}

/** When an event was last seen: lastTimestamp, the series' last observation, eventTime, firstTimestamp, creation. */
export function eventTime(e: KubeObject): string | undefined {
  const r = e as unknown as EventRaw;
  return r.lastTimestamp || r.series?.lastObservedTime || r.eventTime || r.firstTimestamp || e.metadata.creationTimestamp || undefined;
}

/** What an event is about (core/v1 `involvedObject`, events.k8s.io `regarding`). */
export function involvedObject(e: KubeObject): InvolvedObject | undefined {
  const r = e as unknown as EventRaw;
  return r.involvedObject ?? r.regarding;
}

/**
 * The rows of the events `matches` keeps, oldest first.
 * @param matches - whether an event about `involved`, last seen at `t` (ms), belongs on the page
 */
export function eventRows(events: readonly KubeObject[], matches: (involved: InvolvedObject | undefined, t: number) => boolean): EventRow[] {
  const out: (EventRow & { t: number })[] = [];
  for (const e of events) {
    const r = e as unknown as EventRaw;
    const involved = involvedObject(e);
    const lastSeen = eventTime(e);
    const t = lastSeen ? Date.parse(lastSeen) : 0;
    if (!matches(involved, t)) continue;
    out.push({
      key: `${e.metadata.namespace ?? ''}/${e.metadata.name}`,
      type: r.type ?? 'Normal',
      reason: r.reason ?? '',
      object: `${involved?.kind ?? ''}/${involved?.name ?? ''}`,
      message: r.message ?? r.note ?? '',
      count: r.series?.count ?? r.count ?? 1,
      lastSeen,
      t,
    });
  }
  return out.sort((a, b) => a.t - b.t || a.key.localeCompare(b.key)).map(({ t: _t, ...v }) => v);
}
