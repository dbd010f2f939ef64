// SPDX-License-Identifier: Apache-2.0
/**
 * Driven Kubeflow pvcviewer-controller (`kubeflow.org/v1alpha1` PVCViewer, lab-a), as upstream's
 * `pvcviewer_controller.go` (v1.10.0) does it: a Deployment `pvcviewer-<name>` (labels
 * `app.kubernetes.io/name=<name>`, `app.kubernetes.io/instance=pvcviewer-<name>`,
 * `app.kubernetes.io/part-of=pvc-viewer`; the template's spec is `spec.podSpec`; strategy
 * Recreate), and when `spec.networking` is set a Service `pvcviewer-<name>` (port 80 named `http`
 * to `networking.targetPort`); status `ready` (replicas == readyReplicas), `conditions` (the
 * Deployment's first condition, appended when it changes) and `url`
 * (`<basePrefix>/<ns>/<name>/`). Not played: the Istio VirtualService (the lab has no Istio),
 * `rwoScheduling`'s affinity, the defaulting webhook (a PVCViewer needs its `podSpec`). The real
 * kube-controller-manager makes the pods and KWOK runs them.
 *
 * What the pod's filebrowser serves is played by `viewer-file-server.ts` over the folder standing
 * for the claim (`volume-folders.ts`, with the mount's subPath; read-only as mounted), one server
 * per PVCViewer on a free 127.0.0.1 port; each pod gets a KWOK `PortForward` from the container's
 * port to it. A server is stopped when its PVCViewer goes.
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import { controllerRef, core, type KObject, type Kube, type Resource } from '../controllers/kube.ts';
import { reconcileEach, type Reconciler } from '../controllers/reconciler.ts';
import { forwardPods } from './pod-forwards.ts';
import { ensureVolumeDir } from './volume-folders.ts';
import { startViewerFileServer, type ViewerMount } from './viewer-file-server.ts';

/** The PVCViewer resource. */
export const pvcViewers: Resource = { group: 'kubeflow.org', version: 'v1alpha1', plural: 'pvcviewers', namespaced: true };

interface Container {
  name: string;
  env?: { name: string; value?: string }[];
  ports?: { containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
}
interface PodSpec {
  containers?: Container[];
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string; readOnly?: boolean } }[];
}
type Condition = { type: string; status: string; lastUpdateTime?: string; lastTransitionTime?: string; reason?: string; message?: string };
type PVCViewer = KObject<
  { pvc: string; podSpec?: PodSpec; networking?: { targetPort?: number | string; basePrefix?: string; rewrite?: string; timeout?: string } },
  { ready?: boolean; conditions?: Condition[]; url?: string }
>;
type Deployment = KObject<{ replicas?: number }, { readyReplicas?: number; conditions?: Condition[] }>;

/** Where the viewer's file server is: its claim mount and the container port it listens on. */
export function viewerMount(cluster: string, v: PVCViewer, dirOf = ensureVolumeDir): (ViewerMount & { port: number }) | undefined {
  const ns = v.metadata.namespace ?? 'default';
  const spec = v.spec?.podSpec;
  const vol = spec?.volumes?.find((x) => x.persistentVolumeClaim?.claimName === v.spec?.pvc);
  const c = spec?.containers?.[0];
  const m = c?.volumeMounts?.find((x) => x.name === vol?.name);
  if (!vol || !c || !m) return undefined;
  const env = (n: string) => c.env?.find((e) => e.name === n)?.value;
  const sub = (m.subPath ?? '').split('/').filter((p) => p && p !== '..' && p !== '.');
  return {
    root: join(dirOf(cluster, ns, v.spec?.pvc ?? ''), ...sub),
    readOnly: m.readOnly === true || vol.persistentVolumeClaim?.readOnly === true,
    baseUrl: env('FB_BASEURL') ?? '',
    port: Number(env('FB_PORT') ?? c.ports?.[0]?.containerPort ?? 8080),
  };
}

const servers = new Map<string, { server: Server; port: number; key: string }>();

async function ensureServer(id: string, mount: ViewerMount): Promise<number> {
  const key = JSON.stringify(mount);
  const have = servers.get(id);
  if (have?.key === key) return have.port;
  have?.server.close();
  const { server, port } = await startViewerFileServer(mount);
  servers.set(id, { server, port, key });
  return port;
}

/** Plays the pvcviewer-controller and its pods' file servers. */
export const pvcViewerReconciler: Reconciler = {
  name: 'pvcviewer',
  requires: [pvcViewers],
  async tick(kube: Kube): Promise<number> {
    const cluster = kube.target.name;
    const viewers = await kube.list<PVCViewer>(pvcViewers);
    const live = new Set<string>();
    await reconcileEach(viewers, 4, async (v) => {
      if (v.metadata.deletionTimestamp) return;
      const ns = v.metadata.namespace ?? 'default';
      const name = v.metadata.name;
      const id = `${cluster}/${ns}/${name}`;
      live.add(id);
      const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': `pvcviewer-${name}`, 'app.kubernetes.io/part-of': 'pvc-viewer' };
      await kube.apply(core.deployments, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `pvcviewer-${name}`, namespace: ns, labels, ownerReferences: [controllerRef(v)] },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          strategy: { type: 'Recreate' },
          template: { metadata: { labels }, spec: v.spec?.podSpec ?? {} },
        },
      });
      const net = v.spec?.networking;
      if (net && Object.keys(net).length > 0) {
        await kube.apply(core.services, {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: `pvcviewer-${name}`, namespace: ns, labels, ownerReferences: [controllerRef(v)] },
          spec: { type: 'ClusterIP', selector: labels, ports: [{ name: 'http', port: 80, targetPort: net.targetPort ?? 8080 }] },
        });
      }
      const mount = viewerMount(cluster, v);
      if (mount) {
        await forwardPods(kube, ns, `app.kubernetes.io/name=${name}`, mount.port, await ensureServer(id, mount));
      }
      const dep = await kube.get<Deployment>(core.deployments, ns, `pvcviewer-${name}`);
      const conditions = [...(v.status?.conditions ?? [])];
      const first = dep?.status?.conditions?.[0];
      const last = conditions[conditions.length - 1];
      if (first && JSON.stringify(last) !== JSON.stringify(first)) conditions.push(first);
      const ready = dep !== undefined && (dep.spec?.replicas ?? 1) === (dep.status?.readyReplicas ?? 0);
      const url = net && Object.keys(net).length > 0 ? `${net.basePrefix ?? ''}/${ns}/${name}/` : undefined;
      if (conditions.length !== (v.status?.conditions ?? []).length || ready !== (v.status?.ready ?? false) || url !== v.status?.url) {
        await kube.patchStatus(pvcViewers, ns, name, { conditions, ready, ...(url ? { url } : {}) });
      }
    });
    for (const [id, s] of servers) {
      if (id.startsWith(`${cluster}/`) && !live.has(id)) {
        s.server.close();
        servers.delete(id);
      }
    }
    return viewers.length;
  },
};
