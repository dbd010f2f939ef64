// SPDX-License-Identifier: Apache-2.0
/**
 * What the service page derives from its namespace's slices: the predictor pods of the service
 * (with their revision and containers, the storage initializer first), and the events of the
 * InferenceService, its revision Deployments, their ReplicaSets and pods, newest last.
 */
import { eventRows, type EventRow } from '../../lib/resources/event-rows';
import type { KubeObject } from '../../../shared/kube/object';
import { podStatus, type StatusWord } from '../../../shared/kube/status';

/** A predictor pod as the page shows it. */
export interface PredictorPod {
  name: string;
  revision: string;
  status: StatusWord;
  ready: string;
  /** Init containers first (storage-initializer), then containers (kserve-container, queue-proxy). */
  containers: string[];
  /** Init container states worth showing (a failing storage initializer). */
  initProblems: string[];
}

interface PodRaw {
  spec?: { initContainers?: { name: string }[]; containers?: { name: string }[] };
  status?: {
    containerStatuses?: { ready?: boolean }[];
    initContainerStatuses?: {
      name: string;
      state?: { waiting?: { reason?: string; message?: string }; terminated?: { exitCode?: number; reason?: string; message?: string } };
    }[];
  };
}

/** The service's predictor pods, by revision. */
export function predictorPods(pods: KubeObject[], service: string): PredictorPod[] {
  return pods
    .filter((p) => p.metadata.labels?.['serving.kserve.io/inferenceservice'] === service)
    .map((p) => {
      const raw = p as unknown as PodRaw;
      const cs = raw.status?.containerStatuses ?? [];
      const initProblems = (raw.status?.initContainerStatuses ?? []).flatMap((c) => {
        const t = c.state?.terminated;
        if (t && t.exitCode !== 0) return [`${c.name}: ${t.reason ?? 'failed'}${t.message ? ` — ${t.message}` : ''}`];
        const w = c.state?.waiting;
        return w?.reason && w.reason !== 'PodInitializing' ? [`${c.name}: ${w.reason}${w.message ? ` — ${w.message}` : ''}`] : [];
      });
      return {
        name: p.metadata.name,
        revision: p.metadata.labels?.['serving.knative.dev/revision'] ?? '',
        status: podStatus(p),
        ready: `${cs.filter((c) => c.ready).length}/${raw.spec?.containers?.length ?? cs.length}`,
        containers: [...(raw.spec?.initContainers ?? []).map((c) => c.name), ...(raw.spec?.containers ?? []).map((c) => c.name)],
        initProblems,
      };
    })
    .sort((a, b) => b.revision.localeCompare(a.revision) || a.name.localeCompare(b.name));
}

/** An event as the page shows it. */
export type { EventRow };

/** Events of the service, its Deployments (`<revision>-deployment`), their ReplicaSets and pods. */
export function serviceEvents(events: KubeObject[], service: string, deployments: string[], pods: string[]): EventRow[] {
  const deps = new Set(deployments);
  const podSet = new Set(pods);
  const revisionPrefix = `${service}-predictor-`;
  const matches = (o: { kind?: string; name?: string } | undefined) => {
    if (!o?.name) return false;
    switch (o.kind) {
      case 'InferenceService':
        return o.name === service;
      case 'Deployment':
        return deps.has(o.name) || o.name.startsWith(revisionPrefix);
      case 'ReplicaSet':
        return [...deps].some((d) => o.name?.startsWith(`${d}-`)) || o.name.startsWith(revisionPrefix);
      case 'Pod':
        return podSet.has(o.name) || o.name.startsWith(revisionPrefix);
      default:
        return false;
    }
  };
  return eventRows(events, (o) => matches(o));
}
