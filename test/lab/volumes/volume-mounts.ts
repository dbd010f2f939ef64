// SPDX-License-Identifier: Apache-2.0
/**
 * The kubelet's volume mounts, as far as exec sees them: for each running pod that mounts a
 * PersistentVolumeClaim (MLDeck's volume-browser pods and notebook servers), a namespaced KWOK
 * `Exec` rule named after the pod runs the container's exec commands in the folder that stands
 * for that claim (`volume-folders.ts`): the claim mounted at the container's `workingDir`
 * (plus its `subPath`), else its first mounted claim. The rule is owned by the pod, so it goes
 * when the pod goes. Pods without a claim keep the cluster-wide sandbox rule.
 */
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { core, type KObject, type Kube, type Resource } from '../controllers/kube.ts';
import type { Reconciler } from '../controllers/reconciler.ts';
import { reconcileEach } from '../controllers/reconciler.ts';
import { ensureVolumeDir } from './volume-folders.ts';

/** KWOK's namespaced exec rules. */
export const kwokExecs: Resource = { group: 'kwok.x-k8s.io', version: 'v1alpha1', plural: 'execs', namespaced: true };

/** Label selectors of the pods whose volumes are mounted for exec. */
export const mountedPodSelectors = ['mldeck.dev/volume-browser', 'notebook-name'];

interface Container {
  name: string;
  workingDir?: string;
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
}

type Pod = KObject<
  { containers: Container[]; volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[]; nodeName?: string },
  { phase?: string }
>;

/** The exec rule of one pod: the folder each container works in; undefined without claims. */
export function execTargets(pod: Pod, dirOf: (claim: string) => string): { containers: string[]; local: { workDir: string } }[] | undefined {
  const claims = new Map<string, string>();
  for (const v of pod.spec?.volumes ?? []) if (v.persistentVolumeClaim) claims.set(v.name, v.persistentVolumeClaim.claimName);
  if (claims.size === 0) return undefined;
  const out: { containers: string[]; local: { workDir: string } }[] = [];
  for (const c of pod.spec?.containers ?? []) {
    const mounts = (c.volumeMounts ?? []).filter((m) => claims.has(m.name));
    const m = mounts.find((x) => x.mountPath.replace(/\/$/, '') === (c.workingDir ?? '').replace(/\/$/, '')) ?? mounts[0];
    if (!m) continue;
    const sub = (m.subPath ?? '').split('/').filter((p) => p && p !== '..' && p !== '.');
    out.push({ containers: [c.name], local: { workDir: join(dirOf(claims.get(m.name) ?? ''), ...sub) } });
  }
  return out.length ? out : undefined;
}

/** The pods whose rule was written, by `namespace/name`, with the uid it was written for. */
type Written = Map<string, string | undefined>;

const writtenByCluster = new Map<string, Written>();

/** Writes the pod's `Exec` rule unless one was written for this very pod (uid). */
async function ensureRule(kube: Kube, pod: Pod, written: Written): Promise<void> {
  const ns = pod.metadata.namespace ?? 'default';
  const key = `${ns}/${pod.metadata.name}`;
  if (written.get(key) === pod.metadata.uid) return;
  const execs = execTargets(pod, (claim) => ensureVolumeDir(kube.target.name, ns, claim));
  if (!execs) return;
  if (written.has(key)) await kube.delete(kwokExecs, ns, pod.metadata.name);
  await kube.create(kwokExecs, {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Exec',
    metadata: {
      name: pod.metadata.name,
      namespace: ns,
      labels: { 'mldeck.dev/lab': 'volume-mount' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid ?? '' }],
    },
    spec: { execs },
  });
  written.set(key, pod.metadata.uid);
}

const live = (p: Pod) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

/**
 * Follows new pods of the selectors with a watch, so a pod's rule is written as soon as the pod
 * is made, before KWOK runs it (the tick below catches anything the watch missed).
 */
export async function watchMountedPods(kube: Kube, labelSelector: string): Promise<never> {
  const written = writtenByCluster.get(kube.target.name) ?? new Map<string, string | undefined>();
  writtenByCluster.set(kube.target.name, written);
  const ca = readFileSync(kube.target.caFile);
  for (;;) {
    await new Promise<void>((resolve) => {
      const url = new URL(`${kube.target.server}/api/v1/pods?watch=1&allowWatchBookmarks=false&labelSelector=${encodeURIComponent(labelSelector)}`);
      const req = httpsRequest(url, { ca, headers: { Authorization: `Bearer ${kube.target.token}` } }, (res) => {
        const lines = createInterface({ input: res });
        // a stream cut by an API server restart errors on the readline interface too (Node re-emits
        // its input's error there): watch again rather than let the driver die
        lines.on('error', (e: Error) => {
          process.stderr.write(`volume-mounts watch ended: ${e.message}\n`);
          resolve();
        });
        lines.on('line', (line) => {
          let ev: { type?: string; object?: Pod };
          try {
            ev = JSON.parse(line) as { type?: string; object?: Pod };
          } catch {
            return;
          }
          const pod = ev.object;
          if ((ev.type === 'ADDED' || ev.type === 'MODIFIED') && pod && live(pod)) {
            ensureRule(kube, pod, written).catch((e: unknown) => process.stderr.write(`volume-mounts watch: ${e instanceof Error ? e.message : String(e)}\n`));
          }
        });
        res.on('end', resolve);
        res.on('error', () => resolve());
      });
      req.on('error', () => resolve());
      req.end();
    });
    await sleep(1000);
  }
}

/** Writes an `Exec` rule for each live pod that mounts a claim (what the watch missed). */
export const volumeMountReconciler: Reconciler = {
  name: 'volume-mounts',
  requires: [kwokExecs],
  async tick(kube: Kube): Promise<number> {
    const written = writtenByCluster.get(kube.target.name) ?? new Map<string, string | undefined>();
    writtenByCluster.set(kube.target.name, written);
    const pods = (await Promise.all(mountedPodSelectors.map((labelSelector) => kube.list<Pod>(core.pods, { labelSelector })))).flat().filter(live);
    // the pod each rule was written for (a pod made again under the same name gets a new rule)
    const rules = await kube.list(kwokExecs, { labelSelector: 'mldeck.dev/lab=volume-mount' });
    written.clear();
    for (const e of rules) written.set(`${e.metadata.namespace}/${e.metadata.name}`, e.metadata.ownerReferences?.[0]?.uid);
    await reconcileEach(pods, 4, (pod) => ensureRule(kube, pod, written));
    return pods.length;
  },
};
