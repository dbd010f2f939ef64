// SPDX-License-Identifier: Apache-2.0
/**
 * The executor pods of a run: listed by KFP's `pipeline/runid` label and matched to their Argo node by the `workflows.argoproj.io/node-id` annotation; their logs
 * kept by the log capture as soon as the run page sees them (so they outlive the pods); pods
 * already gone found again by their kept logs (Argo's pod name ends with the node id's hash);
 * and the events about a pod.
 */
import { isAppError } from '../../../shared/errors';
import type { TaskEvent, TaskPod } from '../../../shared/features/pipelines/run-details.contract';
import type { LogKey } from '../../platform/cache/cache-db';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import { isPodOfNode } from './run-details-tasks';

/** What the run page needs of the log capture. */
export interface RunLogKeeper {
  /** Starts keeping a container's log (idempotent). */
  keep(key: LogKey): void;
  /** Keeps the log of a container that has finished: read once, a few at a time (idempotent). */
  keepFinished(key: LogKey): void;
  /** Containers with kept logs. */
  list(cluster: string, namespace?: string): Promise<(LogKey & { bytes: number; lastAt: number })[]>;
}

interface WirePod {
  metadata?: { name?: string; uid?: string; annotations?: Record<string, string> };
  spec?: { nodeName?: string; containers?: { name: string }[]; initContainers?: { name: string }[] };
  status?: { phase?: string; containerStatuses?: { name: string; state?: { terminated?: { reason?: string; message?: string; exitCode?: number } } }[] };
}

/** An executor pod as the run page keeps it. */
export type SeenPod = Omit<TaskPod, 'exists'>;

/** The container with the user's logs (KFP's executor runs in `main`). */
function mainContainer(p: WirePod): string {
  const names = (p.spec?.containers ?? []).map((c) => c.name);
  return names.includes('main') ? 'main' : (names.find((n) => n !== 'wait') ?? names[0] ?? '');
}

function terminatedText(p: WirePod, container: string): string {
  const t = p.status?.containerStatuses?.find((c) => c.name === container)?.state?.terminated;
  if (!t || (t.exitCode === 0 && !t.message)) return '';
  return [t.reason, t.exitCode !== undefined ? `exit code ${t.exitCode}` : '', t.message].filter(Boolean).join(': ');
}

/** Reads pods and keeps their logs. */
export class RunPods {
  /** Pods (by uid) whose logs were asked to be kept. */
  private readonly asked = new Set<string>();
  /** The last listing of each run's pods, and the one under way. */
  private readonly listings = new Map<string, { pods: ReadonlyMap<string, SeenPod>; problem: string; pending: Promise<void> | undefined }>();

  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly logs: RunLogKeeper,
  ) {}

  /**
   * The latest listing of a run's pods, started now; awaited when `wait` (a run that runs: its
   * new pods' logs are kept at once), else what the previous listing found while this one goes on
   * in the background (a finished run of 300 pods does not wait for them to be listed).
   */
  async current(clusterId: string, namespace: string, runId: string, wait: boolean): Promise<{ pods: ReadonlyMap<string, SeenPod>; problem: string }> {
    const key = `${clusterId}\0${namespace}\0${runId}`;
    let st = this.listings.get(key);
    if (!st) {
      st = { pods: new Map(), problem: '', pending: undefined };
      this.listings.set(key, st);
      // the 50 runs seen last
      if (this.listings.size > 50) this.listings.delete(this.listings.keys().next().value as string);
    }
    const entry = st;
    entry.pending ??= this.ofRun(clusterId, namespace, runId).then(
      (pods) => {
        entry.pods = pods;
        entry.problem = '';
        entry.pending = undefined;
      },
      (e: unknown) => {
        entry.problem = `The pods of this run could not be listed, so their logs are not being kept: ${e instanceof Error ? e.message : String(e)}`;
        entry.pending = undefined;
      },
    );
    if (wait) await entry.pending;
    return { pods: entry.pods, problem: entry.problem };
  }

  /**
   * The run's pods (KFP labels them `pipeline/runid`) by node id, each one's main container's log
   * kept from now on; none when the account may not list pods.
   * @throws AppError when the cluster cannot be reached
   */
  async ofRun(clusterId: string, namespace: string, runId: string): Promise<Map<string, SeenPod>> {
    const out = new Map<string, SeenPod>();
    let items: WirePod[];
    try {
      const http = await this.clusters.http(clusterId);
      const list = await http.request<{ items?: WirePod[] }>({
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
        query: { labelSelector: `pipeline/runid=${runId}` },
        timeoutMs: 20_000,
      });
      items = list.items ?? [];
    } catch (e) {
      if (isAppError(e) && e.code === 'forbidden') return out;
      throw e;
    }
    for (const p of items) {
      const name = p.metadata?.name ?? '';
      const nodeId = p.metadata?.annotations?.['workflows.argoproj.io/node-id'] ?? '';
      if (!name || !nodeId) continue;
      const container = mainContainer(p);
      out.set(nodeId, {
        name,
        namespace,
        nodeId,
        node: p.spec?.nodeName ?? '',
        phase: p.status?.phase ?? '',
        container,
        terminated: terminatedText(p, container),
      });
      const uid = p.metadata?.uid ?? name;
      if (this.asked.has(uid)) continue;
      this.asked.add(uid);
      // the step's log is its main container's (Argo's init and wait containers are plumbing)
      // (a finished pod's log is read once, in turn with the others: a finished run of 300 steps opens no 300 streams)
      const phase = p.status?.phase ?? '';
      const key = { cluster: clusterId, namespace, pod: name, container };
      if (container) {
        if (phase === 'Succeeded' || phase === 'Failed') this.logs.keepFinished(key);
        else this.logs.keep(key);
      }
    }
    return out;
  }

  /** Pods of the Workflow whose logs are kept, by node id, for nodes in `nodeIds` (the pods may be gone). */
  async kept(clusterId: string, namespace: string, workflow: string, nodeIds: readonly string[]): Promise<Map<string, SeenPod>> {
    const out = new Map<string, SeenPod>();
    if (!workflow || nodeIds.length === 0) return out;
    const keys = await this.logs.list(clusterId, namespace);
    for (const id of nodeIds) {
      const mine = keys.filter((k) => isPodOfNode(k.pod, workflow, id));
      const pod = mine[0]?.pod;
      if (!pod) continue;
      const container = mine.some((k) => k.container === 'main') ? 'main' : (mine.find((k) => k.container !== 'wait')?.container ?? mine[0]?.container ?? '');
      out.set(id, { name: pod, namespace, nodeId: id, node: '', phase: '', container, terminated: '' });
    }
    return out;
  }

  /** Events about a pod, oldest first (none when the account may not list events). */
  async events(clusterId: string, namespace: string, pod: string): Promise<TaskEvent[]> {
    try {
      const http = await this.clusters.http(clusterId);
      const list = await http.request<{
        items?: { type?: string; reason?: string; message?: string; count?: number; lastTimestamp?: string | null; eventTime?: string | null }[];
      }>({
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`,
        query: { fieldSelector: `involvedObject.name=${pod}`, limit: 500 },
        timeoutMs: 20_000,
      });
      return (list.items ?? [])
        .map((e) => ({
          type: e.type ?? '',
          reason: e.reason ?? '',
          message: e.message ?? '',
          count: e.count ?? 1,
          lastAt: e.lastTimestamp ?? e.eventTime ?? '',
        }))
        .sort((a, b) => a.lastAt.localeCompare(b.lastAt));
    } catch (e) {
      if (isAppError(e) && e.code === 'forbidden') return [];
      throw e;
    }
  }
}
