// SPDX-License-Identifier: Apache-2.0
/**
 * Volume browser sessions. Each mounts one claim, through Kubeflow's PVCViewer where the cluster
 * serves it and the user may make one (`pvc-viewer.ts`, files through its file server:
 * `viewer-browser.ts`), else through a short-lived helper pod run through exec
 * (`pod-browser.ts`); the rights each needs are checked first and a refusal names them. Where
 * and how it mounts (read-only or not, which node) is planned from the claim's access modes and
 * the pods using it (`browser-pod.ts`). A session ends when the user closes it, after `idleMs`
 * without a call, or when the app quits; its PVCViewer or pod is deleted each time. Those an
 * earlier run left (it crashed) are deleted at the next start, or once they pass their expiry.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors';
import type {
  DeleteRequest,
  DownloadRequest,
  ListRequest,
  OpenRequest,
  ReadRequest,
  UploadRequest,
  VolumeFile,
  VolumeFileHead,
  VolumeListing,
  VolumeSession,
} from '../../../shared/features/volumes/volumes.contract';
import { maxTransferBytes } from '../../../shared/features/volumes/volumes.contract';
import type { Disposable } from '../../../shared/lifecycle';
import type { InClusterConnector } from '../../platform/kube/in-cluster-connector';
import type { KubeHttp } from '../../platform/kube/kube-http';
import { podBehind } from '../../platform/kube/service-discovery';
import type { KubeObject } from '../../../shared/kube/object';
import { browserLabel, planBrowser, type BrowserPlan, type MountingPod } from './browser-pod';
import { deletePod, PodBrowser, podRights, removeExpiredPods } from './pod-browser';
import { deleteViewer, pvcViewersServed, removeExpiredViewers, viewerManifest, viewerPath, viewerPort, viewerRights, waitViewerReady } from './pvc-viewer';
import { deniedRights, type VolumeBackend } from './volume-backend';
import { ViewerBrowser } from './viewer-browser';

/** Where sessions get their cluster clients (the ClusterRegistry). */
export interface WritableHttpSource {
  writableHttp(clusterId: string): Promise<KubeHttp>;
}

/** Options (tests shorten the times). */
export interface VolumeSessionsOptions {
  /** Close a session after this long without a call. Default 15 minutes. */
  idleMs?: number;
  /** How long to wait for the pod (or PVCViewer) to serve. Default 120 s. */
  startTimeoutMs?: number;
  /**
   * Where the open sessions' pods and PVCViewers are written down (0600), so that those a quit
   * or crash left behind are deleted at the next start. None: not kept.
   */
  stateFile?: string;
  /** The in-cluster connector, to reach PVCViewers' file servers. None: always a helper pod. */
  connector?: Pick<InClusterConnector, 'pod' | 'close'>;
}

/** A pod or PVCViewer written down in the state file. */
interface KeptPod {
  clusterId: string;
  namespace: string;
  pod: string;
  /** Set for a PVCViewer session: the PVCViewer to delete. */
  viewer?: string;
}

interface Session {
  info: VolumeSession;
  backend: VolumeBackend;
  usedAt: number;
  busy: number;
}

type PodJson = {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: {
    nodeName?: string;
    volumes?: { persistentVolumeClaim?: { claimName?: string } }[];
    securityContext?: MountingPod['securityContext'];
    tolerations?: unknown[];
  };
  status?: { phase?: string };
};

const enc = encodeURIComponent;

/** A pod of a PVCViewer MLDeck made (the controller labels it with the viewer's name). */
const isOwnViewerPod = (p: PodJson) =>
  p.metadata.labels?.['app.kubernetes.io/part-of'] === 'pvc-viewer' && (p.metadata.labels['app.kubernetes.io/name'] ?? '').startsWith('mldeck-volume-');

/** The open volume browsers. */
export class VolumeSessions implements Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: ReturnType<typeof setInterval>;
  private readonly idleMs: number;
  private readonly startTimeoutMs: number;
  private readonly stateFile: string | undefined;
  private readonly connector: VolumeSessionsOptions['connector'];
  /** Pods and PVCViewers an earlier run left, deleted in the background at start (see {@link removeLeftovers}). */
  readonly leftovers: KeptPod[];

  constructor(
    private readonly clusters: WritableHttpSource,
    opts: VolumeSessionsOptions = {},
  ) {
    this.idleMs = opts.idleMs ?? 15 * 60_000;
    this.startTimeoutMs = opts.startTimeoutMs ?? 120_000;
    this.sweeper = setInterval(() => void this.sweep(), Math.max(200, Math.min(30_000, this.idleMs / 4)));
    this.sweeper.unref();
    this.stateFile = opts.stateFile;
    this.connector = opts.connector;
    this.leftovers = this.readKept();
  }

  /**
   * Deletes the pods and PVCViewers an earlier run left behind (it quit or crashed with sessions
   * open). Resolves with those that could not be deleted yet (kept for the next start).
   */
  async removeLeftovers(): Promise<KeptPod[]> {
    const failed: KeptPod[] = [];
    for (const p of this.leftovers) {
      try {
        const http = await this.clusters.writableHttp(p.clusterId);
        if (p.viewer) await deleteViewer(http, p.namespace, p.viewer);
        else await deletePod(http, p.namespace, p.pod);
      } catch (e) {
        console.warn(
          `[volumes] the browser ${p.viewer ? `PVCViewer ${p.namespace}/${p.viewer}` : `pod ${p.namespace}/${p.pod}`} left by an earlier run could not be deleted yet:`,
          e,
        );
        failed.push(p);
      }
    }
    this.leftovers.splice(0, this.leftovers.length, ...failed);
    this.writeKept();
    return failed;
  }

  private readKept(): KeptPod[] {
    if (!this.stateFile || !existsSync(this.stateFile)) return [];
    try {
      const data = JSON.parse(readFileSync(this.stateFile, 'utf8')) as unknown;
      if (!Array.isArray(data)) return [];
      return data.filter(
        (p): p is KeptPod =>
          typeof p === 'object' &&
          p !== null &&
          typeof p.clusterId === 'string' &&
          typeof p.namespace === 'string' &&
          typeof p.pod === 'string' &&
          (p.viewer === undefined || typeof p.viewer === 'string'),
      );
    } catch (e) {
      console.warn(`[volumes] ${this.stateFile} could not be read; browser pods of an earlier run end by their deadline:`, e);
      return [];
    }
  }

  private writeKept(): void {
    if (!this.stateFile) return;
    const pods: KeptPod[] = [
      ...this.leftovers,
      ...[...this.sessions.values()].map((s) => ({
        clusterId: s.info.clusterId,
        namespace: s.info.namespace,
        pod: s.info.pod,
        ...(s.info.viewer ? { viewer: s.info.viewer } : {}),
      })),
    ];
    writeFileSync(this.stateFile, JSON.stringify(pods, null, 1), { mode: 0o600 });
  }

  /**
   * Mounts a claim: through a PVCViewer where the cluster serves them and the user may make one,
   * else through a helper pod.
   * @throws AppError `forbidden` (RBAC, in words), `not-found` (no such claim), `conflict`
   *   (ReadWriteOncePod in use), `validation` (writing a ReadOnlyMany claim), `unavailable`
   *   (the pod or PVCViewer did not start; why)
   */
  async open(req: OpenRequest): Promise<VolumeSession> {
    const http = await this.clusters.writableHttp(req.clusterId);
    const ns = req.namespace;
    const notes: string[] = [];
    let via: VolumeSession['via'] = 'pod';
    const viewers = this.connector !== undefined && (await pvcViewersServed(http));
    const viewerDenied = viewers ? await deniedRights(http, ns, viewerRights) : [];
    if (viewers && viewerDenied.length === 0) via = 'pvcviewer';
    else {
      const podDenied = await deniedRights(http, ns, podRights);
      if (podDenied.length) {
        throw new AppError(
          'forbidden',
          `You may not ${podDenied.join(', ')} in namespace ${ns}. MLDeck looks inside a volume through a short-lived pod that mounts it and runs commands in it, which needs create pods, create pods/exec and delete pods there${
            viewers ? `, or through Kubeflow's PVCViewer, which needs ${viewerDenied.join(', ')} (refused too)` : ''
          }. Ask an admin of ${ns} for these rights (Kubeflow's "edit" role has them).`,
        );
      }
      if (viewers) notes.push(`You may not ${viewerDenied.join(', ')} in ${ns}, so MLDeck browses through a short-lived pod instead of Kubeflow's PVCViewer.`);
    }
    const pvc = await http.request<{ spec?: { accessModes?: string[] }; status?: { phase?: string; accessModes?: string[] } }>({
      path: `/api/v1/namespaces/${enc(ns)}/persistentvolumeclaims/${enc(req.claim)}`,
    });
    const pods = await http.request<{ items: PodJson[] }>({ path: `/api/v1/namespaces/${enc(ns)}/pods` });
    await removeExpiredPods(http, ns, pods.items);
    if (via === 'pvcviewer') await removeExpiredViewers(http, ns);
    const mounting: MountingPod[] = pods.items
      .filter((p) => p.metadata.labels?.[browserLabel] !== 'true' && !isOwnViewerPod(p))
      .filter((p) => (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === req.claim))
      .map((p) => ({
        name: p.metadata.name,
        phase: p.status?.phase ?? '',
        node: p.spec?.nodeName,
        notebook: p.metadata.labels?.['notebook-name'],
        securityContext: p.spec?.securityContext,
        tolerations: p.spec?.tolerations,
      }));
    const accessModes = pvc.status?.accessModes ?? pvc.spec?.accessModes ?? [];
    const plan = planBrowser(req.claim, accessModes, pvc.status?.phase ?? '', mounting, req.writable);
    notes.push(...plan.notes);
    const name = `mldeck-volume-${randomBytes(4).toString('hex')}`;
    const started =
      via === 'pvcviewer' ? await this.startViewer(http, req.clusterId, ns, name, req.claim, plan) : await this.startPod(http, ns, name, req.claim, plan);
    const id = randomBytes(12).toString('hex');
    const info: VolumeSession = {
      id,
      clusterId: req.clusterId,
      namespace: ns,
      claim: req.claim,
      via,
      ...(via === 'pvcviewer' ? { viewer: name } : {}),
      pod: started.pod,
      node: started.node,
      writable: !plan.readOnly,
      notes,
      openedAt: new Date().toISOString(),
    };
    this.sessions.set(id, { info, backend: started.backend, usedAt: Date.now(), busy: 0 });
    this.writeKept();
    return info;
  }

  private async startPod(http: KubeHttp, ns: string, name: string, claim: string, plan: BrowserPlan) {
    const b = await PodBrowser.start(http, ns, name, claim, plan, this.startTimeoutMs);
    return { backend: b, pod: b.pod, node: b.node };
  }

  /** Makes the PVCViewer, waits until it serves and routes to its file server (deleted again on failure). */
  private async startViewer(http: KubeHttp, clusterId: string, ns: string, name: string, claim: string, plan: BrowserPlan) {
    const connector = this.connector;
    if (!connector) throw new AppError('internal', 'PVCViewer sessions need the in-cluster connector.');
    await http.request({ method: 'POST', path: viewerPath(ns), body: viewerManifest(name, ns, claim, plan, new Date()) });
    try {
      const ready = await waitViewerReady(http, ns, name, this.startTimeoutMs);
      // the Service the controller makes (pvcviewer-<name>: 80 → the target port), else the pod's port
      const svc = await http.request<KubeObject>({ path: `/api/v1/namespaces/${enc(ns)}/services/pvcviewer-${enc(name)}` }).catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'not-found') return undefined;
        throw e;
      });
      const behind = svc ? await podBehind(http, svc, { port: 80, targetPort: viewerPort }) : undefined;
      const target = { namespace: ns, pod: ready.pod, port: behind?.podPort ?? viewerPort };
      const route = await connector.pod(clusterId, target);
      const backend = new ViewerBrowser({
        http,
        clusterId,
        namespace: ns,
        viewer: name,
        target,
        route,
        closeForward: () => connector.close(clusterId, target),
      });
      return { backend, pod: target.pod, node: ready.node };
    } catch (e) {
      await deleteViewer(http, ns, name);
      throw e;
    }
  }

  /** The open sessions. */
  list(): VolumeSession[] {
    return [...this.sessions.values()].map((s) => s.info);
  }

  /** Lists a folder. */
  async listFolder(req: ListRequest): Promise<VolumeListing> {
    return { path: req.path, entries: await this.use(req.sessionId, (b) => b.list(req.path)) };
  }

  /** A file's first bytes. */
  async read(req: ReadRequest): Promise<VolumeFileHead> {
    const r = await this.use(req.sessionId, (b) => b.head(req.path, req.maxBytes));
    return { path: req.path, base64: r.bytes.toString('base64'), truncated: r.truncated };
  }

  /** A whole file. */
  async download(req: DownloadRequest): Promise<VolumeFile> {
    const f = await this.use(req.sessionId, (b) => b.download(req.path, maxTransferBytes));
    return { name: f.name, size: f.bytes.length, base64: f.bytes.toString('base64') };
  }

  /** Writes files into a folder, then lists it. */
  async upload(req: UploadRequest): Promise<VolumeListing> {
    this.writable(req.sessionId);
    const files = req.files.map((f) => ({ name: f.name, bytes: Buffer.from(f.base64, 'base64') }));
    await this.use(req.sessionId, (b) => b.upload(req.folder, files));
    return this.listFolder({ sessionId: req.sessionId, path: req.folder });
  }

  /** Deletes files and folders. */
  async delete(req: DeleteRequest): Promise<void> {
    this.writable(req.sessionId);
    await this.use(req.sessionId, (b) => b.remove(req.paths));
  }

  /** Ends a session and deletes its pod or PVCViewer. */
  async close(sessionId: string): Promise<void> {
    const s = this.sessions.get(sessionId);
    if (!s) return;
    this.sessions.delete(sessionId);
    await s.backend.close();
    this.writeKept();
  }

  /** Ends every session (the app quits): the deletions are sent. */
  dispose(): void {
    clearInterval(this.sweeper);
    for (const id of [...this.sessions.keys()]) {
      this.close(id).catch((e: unknown) => console.warn(`[volumes] the browser of session ${id} could not be deleted on quit (it ends by its deadline):`, e));
    }
  }

  private session(id: string): Session {
    const s = this.sessions.get(id);
    if (!s) throw new AppError('not-found', 'This volume browser was closed (or left idle). Open the volume again.');
    return s;
  }

  private writable(id: string): void {
    if (!this.session(id).info.writable) throw new AppError('forbidden', 'The volume is open read-only. Open it for writing to change files.');
  }

  private async use<T>(id: string, fn: (b: VolumeBackend) => Promise<T>): Promise<T> {
    const s = this.session(id);
    s.busy++;
    s.usedAt = Date.now();
    try {
      return await fn(s.backend);
    } finally {
      s.busy--;
      s.usedAt = Date.now();
    }
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const [id, s] of this.sessions) {
      if (s.busy === 0 && now - s.usedAt > this.idleMs) {
        await this.close(id).catch((e: unknown) =>
          console.warn(`[volumes] the idle browser ${s.info.namespace}/${s.info.viewer ?? s.info.pod} could not be deleted (it ends by its deadline):`, e),
        );
      }
    }
  }
}
