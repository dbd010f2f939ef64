// SPDX-License-Identifier: Apache-2.0
/**
 * Plays the Argo Workflows the Kubeflow Pipelines API server creates, as the Argo controller
 * with KFP's driver and launcher would (kfp/play.ts), on every lab cluster that serves
 * `argoproj.io/v1alpha1` workflows: creates the executor pods (and their KWOK `Logs` objects
 * and log files), deletes pods of a terminated Workflow, writes output artifacts and cache
 * entries to the lab's S3 server, and writes the Workflow's `status` (the CRD has no status
 * subresource, so a merge patch of the object) for the real persistence agent to report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simLogDir } from '../kubelet-sim.ts';
import { getObject, listObjects, putObject } from '../peers/s3.ts';
import type { Workflow } from './kfp/argo.ts';
import { play, type CachedExecution, type Observed } from './kfp/play.ts';
import type { ObservedPod, PodPlan } from './kfp/steps.ts';
import { core, KubeError, mapLimit, type Kube, type Resource } from './kube.ts';
import type { Pod } from './pods.ts';
import { reconcileEach, type Reconciler } from './reconciler.ts';

/** Argo's Workflow resource. */
export const workflows: Resource = { group: 'argoproj.io', version: 'v1alpha1', plural: 'workflows', namespaced: true };
const kwokLogs: Resource = { group: 'kwok.x-k8s.io', version: 'v1alpha1', plural: 'logs', namespaced: true };

/** Where cache entries live in the artifact bucket: `<prefix><namespace>/<fingerprint>.json`. */
export const cachePrefix = 'v2/cache/';
const bucket = 'mlpipeline';

/** The directory of the executor pods' log files. */
export const kfpLogDir = join(simLogDir, 'kfp');

function observedPod(p: Pod): ObservedPod {
  const terminated = p.status?.containerStatuses?.find((c) => c.name === 'main')?.state?.terminated;
  const unschedulable = p.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  return {
    phase: p.metadata.deletionTimestamp ? 'Failed' : p.status?.phase,
    message: terminated?.message ?? (unschedulable ? `${unschedulable.reason ?? 'Unschedulable'}: ${unschedulable.message ?? ''}` : undefined),
    nodeName: (p.spec as { nodeName?: string } | undefined)?.nodeName,
    podIP: (p.status as { podIP?: string } | undefined)?.podIP,
  };
}

/** `minio://bucket/key` or `s3://bucket/key` → bucket and key. */
export function splitUri(uri: string): { bucket: string; key: string } {
  const m = /^(?:minio|s3):\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new Error(`not an object-store URI: ${uri}`);
  return { bucket: m[1] as string, key: m[2] as string };
}

/**
 * Writes a pod's log file (CRI format) and the KWOK `Logs` object that serves it (owned by the
 * Workflow, made before the pod so KWOK knows it by the time the pod runs), then creates the pod.
 */
async function createPod(kube: Kube, wf: Workflow, plan: PodPlan): Promise<void> {
  const { name, namespace } = plan.pod.metadata;
  const dir = join(kfpLogDir, kube.target.name, namespace);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.log`);
  const t0 = Date.now();
  writeFileSync(
    file,
    plan.log.map((l, i) => `${new Date(t0 + i * 150).toISOString()} ${/Traceback|Error|^ {2}File/.test(l) ? 'stderr' : 'stdout'} F ${l}`).join('\n') + '\n',
  );
  await kube.create(kwokLogs, {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Logs',
    metadata: {
      name,
      namespace,
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          name: wf.metadata.name,
          uid: wf.metadata.uid ?? '',
          controller: false,
          blockOwnerDeletion: false,
        },
      ],
    },
    spec: { logs: [{ logsFile: file, follow: false }] },
  });
  await kube.create<Pod>(core.pods, plan.pod as unknown as Pod);
}

/** Cache entries read so far, by `<namespace>/<fingerprint>` (entries never change once written). */
const cacheEntries = new Map<string, CachedExecution>();

/** The cache of these namespaces: every entry in the bucket, each read once. */
async function loadCache(namespaces: Set<string>): Promise<Map<string, CachedExecution>> {
  const out = new Map<string, CachedExecution>();
  for (const ns of namespaces) {
    for (const o of await listObjects(bucket, `${cachePrefix}${ns}/`)) {
      const fp = o.key.slice(`${cachePrefix}${ns}/`.length).replace(/\.json$/, '');
      let entry = cacheEntries.get(`${ns}/${fp}`);
      if (!entry) {
        entry = JSON.parse(new TextDecoder().decode(await getObject(bucket, o.key))) as CachedExecution;
        cacheEntries.set(`${ns}/${fp}`, entry);
      }
      out.set(`${ns}/${fp}`, entry);
    }
  }
  return out;
}

async function playOne(kube: Kube, wf: Workflow, pods: Pod[], cache: Map<string, CachedExecution>): Promise<void> {
  const observed: Observed = {
    pods: new Map(pods.map((p) => [p.metadata.name, observedPod(p)])),
    cached: (fp) => cache.get(`${wf.metadata.namespace}/${fp}`),
    now: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
  const result = play(wf, observed);
  await mapLimit(result.create, 4, async (plan) => {
    try {
      await createPod(kube, wf, plan);
    } catch (e) {
      // as Argo does when it cannot create a pod: the node errors (and the run fails on the next pass)
      const node = result.status.nodes?.[plan.pod.metadata.annotations['workflows.argoproj.io/node-id'] ?? ''];
      if (!node) throw e;
      node.phase = 'Error';
      node.message = e instanceof Error ? e.message : String(e);
      node.finishedAt = observed.now;
    }
  });
  for (const name of result.deletePods) await kube.delete(core.pods, wf.metadata.namespace, name);
  for (const f of result.files) {
    const { bucket: b, key } = splitUri(f.uri);
    await putObject(b, key, f.body, f.contentType);
  }
  for (const c of result.cacheEntries) {
    const e = c.execution;
    const body = JSON.stringify({
      fingerprint: c.fingerprint,
      task: e.taskName,
      component: e.componentName,
      run: wf.metadata.labels?.['pipeline/runid'],
      outputs: e.outputs,
      outputBase: e.outputBase,
    });
    await putObject(bucket, `${cachePrefix}${wf.metadata.namespace}/${c.fingerprint}.json`, body, 'application/json');
  }
  if (JSON.stringify(result.status) === JSON.stringify(wf.status)) return;
  const final = result.status.phase !== 'Running' && result.status.phase !== 'Pending';
  const labels = final
    ? { 'workflows.argoproj.io/completed': 'true', 'workflows.argoproj.io/phase': result.status.phase }
    : { 'workflows.argoproj.io/phase': result.status.phase };
  try {
    await kube.patch(workflows, wf.metadata.namespace, wf.metadata.name, { metadata: { labels }, status: result.status });
  } catch (e) {
    if (e instanceof KubeError && e.status === 404) return; // deleted meanwhile (the API server garbage-collects reported runs)
    throw e;
  }
}

/** The Workflow player as a status-driver controller. */
export const kfpWorkflowReconciler: Reconciler = {
  name: 'kfp-workflows',
  requires: [workflows],
  async tick(kube) {
    // only those not marked completed (as Argo marks them, and a retry unmarks them): a finished
    // Workflow keeps every node's status (a 300-step run's is hundreds of KiB), and listing them all
    // each second kept lab-a's API server and this driver busy through every benchmark
    const all = await kube.list<Workflow & { metadata: Workflow['metadata'] }>(workflows, { labelSelector: 'workflows.argoproj.io/completed!=true' });
    const active = all.filter((w) => !w.metadata.deletionTimestamp && !['Succeeded', 'Failed', 'Error'].includes(w.status?.phase ?? ''));
    if (!active.length) return all.length;
    const pods = await kube.list<Pod>(core.pods, { labelSelector: 'workflows.argoproj.io/workflow' });
    const byWorkflow = new Map<string, Pod[]>();
    for (const p of pods) {
      const key = `${p.metadata.namespace}/${p.metadata.labels?.['workflows.argoproj.io/workflow']}`;
      byWorkflow.set(key, [...(byWorkflow.get(key) ?? []), p]);
    }
    const cache = await loadCache(new Set(active.map((w) => w.metadata.namespace ?? '')));
    await reconcileEach(active, 4, (wf) => playOne(kube, wf, byWorkflow.get(`${wf.metadata.namespace}/${wf.metadata.name}`) ?? [], cache));
    return all.length;
  },
};
