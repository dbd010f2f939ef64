// SPDX-License-Identifier: Apache-2.0
/**
 * A claim browsed through a short-lived helper pod (`browser-pod.ts`): made, waited for until it
 * runs (a pod that cannot start is deleted and its events say why), and every operation is one
 * exec in it (`pod-exec.ts`, commands in `volume-commands.ts`, transfers as tar streams in
 * `volume-tar.ts`). Closing deletes the pod.
 */
import { AppError } from '../../../shared/errors';
import type { VolumeEntry } from '../../../shared/features/volumes/volumes.contract';
import type { KubeHttp } from '../../platform/kube/kube-http';
import { podExec, type ExecOptions } from '../../platform/kube/pod-exec';
import { browserLabel, browserPodManifest, startProblem, type BrowserPlan } from './browser-pod';
import { deleteIfThere, type NeededRight, type VolumeBackend } from './volume-backend';
import { commandError, headCommand, listCommand, parseListing, removeCommand, tarInCommand, tarOutCommand } from './volume-commands';
import { firstFileOfTar, packFiles } from './volume-tar';

/** The rights a helper pod needs in the namespace. */
export const podRights: NeededRight[] = [
  { verb: 'create', resource: 'pods' },
  { verb: 'create', resource: 'pods', subresource: 'exec' },
  { verb: 'delete', resource: 'pods' },
];

type PodJson = {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { nodeName?: string };
  status?: { phase?: string; containerStatuses?: { ready?: boolean; state?: { waiting?: { reason?: string; message?: string } } }[] };
};

const enc = encodeURIComponent;

/** The path of a pod. */
export const podPath = (ns: string, name: string) => `/api/v1/namespaces/${enc(ns)}/pods/${enc(name)}`;

/** Deletes a pod at once (a missing one is fine). */
export function deletePod(http: KubeHttp, ns: string, name: string): Promise<void> {
  return deleteIfThere(http, podPath(ns, name), { gracePeriodSeconds: 0 });
}

/** Deletes the browser pods of the namespace whose expiry passed (left by a run that crashed). */
export async function removeExpiredPods(http: KubeHttp, ns: string, pods: readonly PodJson[]): Promise<void> {
  const now = Date.now();
  const expired = pods.filter((p) => p.metadata.labels?.[browserLabel] === 'true' && Date.parse(p.metadata.annotations?.['mldeck.dev/expires-at'] ?? '') < now);
  for (const p of expired) await deletePod(http, ns, p.metadata.name);
}

/** A helper pod mounting one claim. */
export class PodBrowser implements VolumeBackend {
  private constructor(
    private readonly http: KubeHttp,
    readonly namespace: string,
    readonly pod: string,
    readonly node: string | undefined,
  ) {}

  /**
   * Makes the pod and waits until it runs.
   * @throws AppError `unavailable` when it did not start (why, from its events)
   */
  static async start(http: KubeHttp, ns: string, name: string, claim: string, plan: BrowserPlan, startTimeoutMs: number): Promise<PodBrowser> {
    await http.request({ method: 'POST', path: `/api/v1/namespaces/${enc(ns)}/pods`, body: browserPodManifest(name, ns, claim, plan, new Date()) });
    try {
      return new PodBrowser(http, ns, name, await waitRunning(http, ns, name, startTimeoutMs));
    } catch (e) {
      await deletePod(http, ns, name);
      throw e;
    }
  }

  async list(path: string): Promise<VolumeEntry[]> {
    const out = await this.exec(listCommand(path), `Listing ${path || 'the volume root'}`);
    return parseListing(path, out.toString('utf8'));
  }

  async head(path: string, maxBytes: number): Promise<{ bytes: Buffer; truncated: boolean }> {
    const r = await this.exec(headCommand(path, maxBytes), `Reading ${path}`, { maxStdoutBytes: maxBytes + 1 });
    return { bytes: r.subarray(0, maxBytes), truncated: r.length > maxBytes };
  }

  async download(path: string, maxBytes: number): Promise<{ name: string; bytes: Buffer }> {
    const { sink, file } = firstFileOfTar(maxBytes);
    const done = file.then(
      (got) => ({ got, failed: undefined }),
      (failed: unknown) => ({ got: undefined, failed }),
    );
    await this.exec(tarOutCommand(path), `Downloading ${path}`, { stdout: sink, timeoutMs: 15 * 60_000 });
    const { got, failed } = await done;
    if (!got) throw failed;
    return got;
  }

  async upload(folder: string, files: readonly { name: string; bytes: Buffer }[]): Promise<void> {
    const archive = await packFiles(files);
    await this.exec(tarInCommand(folder, archive.length), `Uploading to ${folder || 'the volume root'}`, { stdin: archive, timeoutMs: 15 * 60_000 });
  }

  async remove(paths: readonly string[]): Promise<void> {
    await this.exec(removeCommand(paths), `Deleting ${paths.join(', ')}`);
  }

  close(): Promise<void> {
    return deletePod(this.http, this.namespace, this.pod);
  }

  private async exec(command: string[], what: string, opts: ExecOptions = {}): Promise<Buffer> {
    const r = await podExec(this.http, { namespace: this.namespace, pod: this.pod, container: 'browser', command }, opts);
    if (r.exitCode !== 0) throw commandError(what, r.exitCode, r.stderr);
    return r.stdout;
  }
}

/** Waits until a pod runs with its containers ready; resolves with its node. */
export async function waitRunning(http: KubeHttp, ns: string, name: string, timeoutMs: number, what = 'The volume browser pod'): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let pod: PodJson | undefined;
  for (;;) {
    pod = await http.request<PodJson>({ path: podPath(ns, name) });
    const phase = pod.status?.phase;
    if (phase === 'Running' && (pod.status?.containerStatuses ?? []).every((c) => c.ready !== false)) return pod.spec?.nodeName;
    if (phase === 'Failed' || phase === 'Succeeded') break;
    const waiting = pod.status?.containerStatuses?.[0]?.state?.waiting;
    if (waiting && /ErrImagePull|ImagePullBackOff|InvalidImageName|CreateContainerConfigError/.test(waiting.reason ?? '')) break;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new AppError('unavailable', `${what} ${ns}/${name} did not start: ${await whyNotRunning(http, ns, name, pod, timeoutMs)}`, undefined, true);
}

/** Why a pod does not run, from its events (Multi-Attach in words) or its state. */
export async function whyNotRunning(http: KubeHttp, ns: string, name: string, pod: PodJson | undefined, timeoutMs: number): Promise<string> {
  const events = await http.request<{ items: { reason?: string; message?: string }[] }>({
    path: `/api/v1/namespaces/${enc(ns)}/events`,
    query: { fieldSelector: `involvedObject.name=${name}` },
  });
  return (
    startProblem(events.items) ??
    (pod?.status?.containerStatuses?.[0]?.state?.waiting?.message || `it is ${pod?.status?.phase ?? 'not running'} after ${Math.round(timeoutMs / 1000)} s`)
  );
}
