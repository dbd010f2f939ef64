// SPDX-License-Identifier: Apache-2.0
/**
 * Kubeflow's PVCViewer (`kubeflow.org/v1alpha1`, the pvcviewer-controller of Kubeflow 1.8+):
 * whether a cluster serves it, the PVCViewer MLDeck makes for a claim (the pod spec of Kubeflow's
 * volumes web app: filebrowser on port 8080, `FB_NOAUTH`, its base URL `/pvcviewers/<ns>/<name>/`,
 * the claim at `/srv`; read-only unless the user asked for writing; on the node MLDeck's plan
 * chose, as the helper pod would be), and waiting until the controller's Deployment serves it.
 * The controller names what it makes `pvcviewer-<name>` (Deployment and Service, port 80 → the
 * target port) and labels its pods `app.kubernetes.io/name=<name>`.
 */
import { AppError } from '../../../shared/errors';
import type { KubeHttp } from '../../platform/kube/kube-http';
import { browserLabel, browserMetadata, browserPlacement, type BrowserPlan } from './browser-pod';
import { whyNotRunning } from './pod-browser';
import type { NeededRight } from './volume-backend';

/** The file server image Kubeflow 1.10's volumes web app puts in its PVCViewers (`VOLUME_VIEWER_IMAGE`). */
export const viewerImage = 'filebrowser/filebrowser:v2.25.0';

/** The port filebrowser listens on in the viewer's pod. */
export const viewerPort = 8080;

/** Where the claim is mounted in the viewer's pod (filebrowser's root). */
export const viewerMountPath = '/srv';

/** The rights a PVCViewer session needs in the namespace. */
export const viewerRights: NeededRight[] = [
  { verb: 'create', group: 'kubeflow.org', resource: 'pvcviewers' },
  { verb: 'delete', group: 'kubeflow.org', resource: 'pvcviewers' },
  { verb: 'list', resource: 'pods' },
  { verb: 'create', resource: 'pods', subresource: 'portforward' },
];

const enc = encodeURIComponent;

/** The path of PVCViewers in a namespace (or of one). */
export const viewerPath = (ns: string, name?: string) => `/apis/kubeflow.org/v1alpha1/namespaces/${enc(ns)}/pvcviewers${name ? `/${enc(name)}` : ''}`;

/** Whether the cluster serves PVCViewers (Kubeflow's pvcviewer-controller is installed). */
export async function pvcViewersServed(http: KubeHttp): Promise<boolean> {
  try {
    const list = await http.request<{ resources?: { name?: string }[] }>({ path: '/apis/kubeflow.org/v1alpha1' });
    return (list.resources ?? []).some((r) => r.name === 'pvcviewers');
  } catch (e) {
    if (e instanceof AppError && e.code === 'not-found') return false;
    throw e;
  }
}

/** The PVCViewer MLDeck makes for a claim. */
export function viewerManifest(name: string, namespace: string, claim: string, plan: BrowserPlan, now: Date): Record<string, unknown> {
  return {
    apiVersion: 'kubeflow.org/v1alpha1',
    kind: 'PVCViewer',
    metadata: browserMetadata(name, namespace, claim, now),
    spec: {
      pvc: claim,
      podSpec: {
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        ...browserPlacement(plan),
        containers: [
          {
            name: 'main',
            image: viewerImage,
            imagePullPolicy: 'IfNotPresent',
            env: [
              { name: 'FB_ADDRESS', value: '0.0.0.0' },
              { name: 'FB_PORT', value: String(viewerPort) },
              { name: 'FB_DATABASE', value: '/tmp/filebrowser.db' },
              { name: 'FB_NOAUTH', value: 'true' },
              { name: 'FB_BASEURL', value: `/pvcviewers/${namespace}/${name}/` },
            ],
            ports: [{ containerPort: viewerPort, protocol: 'TCP' }],
            readinessProbe: { tcpSocket: { port: viewerPort }, initialDelaySeconds: 2, periodSeconds: 10 },
            workingDir: viewerMountPath,
            resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '256Mi' } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            volumeMounts: [{ name: 'viewer-volume', mountPath: viewerMountPath, readOnly: plan.readOnly }],
          },
        ],
        volumes: [{ name: 'viewer-volume', persistentVolumeClaim: { claimName: claim, readOnly: plan.readOnly } }],
      },
      networking: { targetPort: viewerPort, basePrefix: '/pvcviewers', rewrite: '/', timeout: '30s' },
      // MLDeck places the pod itself (plan.node), as for its helper pod
      rwoScheduling: false,
    },
  };
}

type ViewerJson = { metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }; status?: { ready?: boolean } };
type PodJson = {
  metadata: { name: string; creationTimestamp?: string; deletionTimestamp?: string };
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
};

const podReady = (p: PodJson) =>
  !p.metadata.deletionTimestamp && p.status?.phase === 'Running' && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/**
 * Waits until the PVCViewer is ready and one of its pods is; resolves with that pod.
 * @throws AppError `unavailable` when it did not get ready (why, from its pod's events)
 */
export async function waitViewerReady(http: KubeHttp, ns: string, name: string, timeoutMs: number): Promise<{ pod: string; node?: string }> {
  const deadline = Date.now() + timeoutMs;
  let pods: PodJson[];
  for (;;) {
    const viewer = await http.request<ViewerJson>({ path: viewerPath(ns, name) });
    pods = (
      await http.request<{ items: PodJson[] }>({ path: `/api/v1/namespaces/${enc(ns)}/pods`, query: { labelSelector: `app.kubernetes.io/name=${name}` } })
    ).items;
    const ready = pods.filter(podReady).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))[0];
    if (viewer.status?.ready === true && ready) return { pod: ready.metadata.name, node: ready.spec?.nodeName };
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const newest = pods.sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''))[0];
  const why = newest
    ? await whyNotRunning(http, ns, newest.metadata.name, newest, timeoutMs)
    : `no pod was made for it in ${Math.round(timeoutMs / 1000)} s (is Kubeflow's pvcviewer-controller running?)`;
  throw new AppError('unavailable', `The PVCViewer ${ns}/${name} did not get ready: ${why}`, undefined, true);
}

/** Deletes a PVCViewer (what its controller made goes with it); a missing one is fine. */
export async function deleteViewer(http: KubeHttp, ns: string, name: string): Promise<void> {
  try {
    await http.request({ method: 'DELETE', path: viewerPath(ns, name), body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } });
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'not-found')) throw e;
  }
}

/** Deletes MLDeck's PVCViewers of the namespace whose expiry passed (left by a run that crashed). */
export async function removeExpiredViewers(http: KubeHttp, ns: string): Promise<void> {
  const list = await http.request<{ items: ViewerJson[] }>({ path: viewerPath(ns), query: { labelSelector: `${browserLabel}=true` } });
  const now = Date.now();
  for (const v of list.items) {
    if (Date.parse(v.metadata.annotations?.['mldeck.dev/expires-at'] ?? '') < now) await deleteViewer(http, ns, v.metadata.name);
  }
}
