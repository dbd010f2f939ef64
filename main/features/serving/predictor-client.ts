// SPDX-License-Identifier: Apache-2.0
/**
 * Test requests to an InferenceService's model server: through a port-forward to port 8080 of
 * a ready predictor pod (of the asked revision, or one picked by the traffic split as the
 * router would), or to the service's URL. Port-forwards are reused per pod and closed after a
 * minute unused. The answer comes back as status, body (bounded), content type and latency.
 */
import http from 'node:http';
import https from 'node:https';
import { AppError, isAppError } from '../../../shared/errors';
import type { PredictRequest, PredictResponse } from '../../../shared/features/serving/serving.contract';
import { inferencePathProblem } from '../../../shared/serving/inference-request';
import { summarizeIsvc } from '../../../shared/serving/isvc-summary';
import type { Disposable } from '../../../shared/lifecycle';
import type { KubeObject } from '../../../shared/kube/object';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import type { KubeHttp } from '../../platform/kube/kube-http';
import { PodPortForward } from '../../platform/kube/port-forward';
import { explainForbidden } from './serving-access';

/** The model server's port in the predictor pod (`kserve-container`, Knative's user port). */
export const predictorPort = 8080;
const maxBody = 2 * 1024 * 1024;
const idleMs = 60_000;
const timeoutMs = 30_000;

interface Pod {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

/** Picks a revision by weight (`random` in [0, 1)); undefined when no weight is positive. */
export function pickByTraffic(shares: { revision: string; percent: number }[], random: number): string | undefined {
  const total = shares.reduce((n, s) => n + Math.max(0, s.percent), 0);
  if (total <= 0) return undefined;
  let at = random * total;
  for (const s of shares) {
    at -= Math.max(0, s.percent);
    if (at < 0) return s.revision;
  }
  return shares.at(-1)?.revision;
}

const isReady = (p: Pod) =>
  !p.metadata.deletionTimestamp && p.status?.phase === 'Running' && (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** Sends test requests; owns the port-forwards it opens. */
export class PredictorClient implements Disposable {
  private readonly forwards = new Map<string, { forward: Promise<PodPortForward>; usedAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly registry: ClusterRegistry) {
    this.sweeper = setInterval(() => this.sweep(), 15_000);
    this.sweeper.unref();
  }

  /** Sends the request and returns the answer (any HTTP status is an answer, not an error). */
  async predict(req: PredictRequest): Promise<PredictResponse> {
    const problem = inferencePathProblem(req.path);
    if (problem) throw new AppError('validation', problem);
    const h = await this.registry.http(req.clusterId);
    const ns = encodeURIComponent(req.namespace);
    const isvc = await h.request<KubeObject>({ path: `/apis/serving.kserve.io/v1beta1/namespaces/${ns}/inferenceservices/${encodeURIComponent(req.name)}` });
    const summary = summarizeIsvc(isvc);
    if (req.via === 'url') {
      const base = summary.url ?? summary.internalUrl;
      if (!base || !/^https?:\/\//.test(base)) throw new AppError('unavailable', `${req.name} has no URL yet (it is not Ready).`);
      return this.send(new URL(req.path, base), req, { target: base });
    }
    const pods = await h
      .request<{ items?: Pod[] }>({ path: `/api/v1/namespaces/${ns}/pods`, query: { labelSelector: `serving.kserve.io/inferenceservice=${req.name}` } })
      .then((l) => (l.items ?? []).filter(isReady));
    const byRevision = (rev: string) => pods.filter((p) => p.metadata.labels?.['serving.knative.dev/revision'] === rev);
    let revision = req.revision;
    if (!revision) {
      const routed = summary.traffic.filter((t) => byRevision(t.revision).length > 0);
      revision = pickByTraffic(routed, Math.random()) ?? summary.latestReadyRevision;
    }
    const candidates = revision ? byRevision(revision) : pods;
    const pod = candidates[Math.floor(Math.random() * candidates.length)] ?? (req.revision ? undefined : pods[0]);
    if (!pod)
      throw new AppError(
        'unavailable',
        req.revision ? `Revision ${req.revision} of ${req.name} has no ready pod.` : `${req.name} has no ready predictor pod to send the request to.`,
      );
    const forward = await this.forwardTo(h, req.clusterId, req.namespace, pod.metadata.name);
    const rev = pod.metadata.labels?.['serving.knative.dev/revision'];
    return this.send(new URL(req.path, forward.url), req, {
      target: `port-forward to ${req.namespace}/${pod.metadata.name}:${predictorPort}`,
      pod: pod.metadata.name,
      ...(rev ? { revision: rev } : {}),
    });
  }

  private async forwardTo(h: KubeHttp, clusterId: string, namespace: string, pod: string): Promise<PodPortForward> {
    const key = `${clusterId}\0${namespace}\0${pod}`;
    const hit = this.forwards.get(key);
    if (hit) {
      const f = await hit.forward.catch(() => undefined);
      if (f && !f.isClosed) {
        hit.usedAt = Date.now();
        return f;
      }
      this.forwards.delete(key);
    }
    const forward = PodPortForward.open(h, { namespace, pod, port: predictorPort });
    this.forwards.set(key, { forward, usedAt: Date.now() });
    try {
      return await forward;
    } catch (e) {
      this.forwards.delete(key);
      throw await explainForbidden(h, e, 'port-forward to', 'pods', namespace);
    }
  }

  private send(url: URL, req: PredictRequest, where: { target: string; pod?: string; revision?: string }): Promise<PredictResponse> {
    const post = /(:predict|:explain|\/infer)$/.test(req.path);
    const payload = post ? Buffer.from(req.body) : undefined;
    const started = performance.now();
    return new Promise<PredictResponse>((resolve, reject) => {
      const r = (url.protocol === 'https:' ? https : http).request(url, {
        method: post ? 'POST' : 'GET',
        headers: { Accept: 'application/json', ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}) },
        timeout: timeoutMs,
      });
      r.once('timeout', () => r.destroy(new AppError('timeout', `The model server did not answer within ${timeoutMs / 1000} s (${where.target}).`)));
      r.once('error', (e) =>
        reject(isAppError(e) ? e : new AppError('unavailable', `The model server could not be reached (${where.target}): ${e.message}`, undefined, true)),
      );
      r.once('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on('data', (c: Buffer) => {
          if (size >= maxBody) {
            truncated = true;
            return;
          }
          chunks.push(c.subarray(0, maxBody - size));
          size += c.length;
          if (size > maxBody) truncated = true;
        });
        res.once('error', (e) => reject(new AppError('unavailable', `The answer was cut off (${where.target}): ${e.message}`)));
        res.once('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            contentType: String(res.headers['content-type'] ?? ''),
            latencyMs: Math.round((performance.now() - started) * 10) / 10,
            truncated,
            ...where,
          }),
        );
      });
      r.end(payload);
    });
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, f] of this.forwards)
      if (now - f.usedAt > idleMs) {
        this.forwards.delete(key);
        void f.forward.then(
          (x) => x.dispose(),
          () => undefined,
        );
      }
  }

  /** Closes every port-forward. */
  dispose(): void {
    clearInterval(this.sweeper);
    for (const f of this.forwards.values())
      void f.forward.then(
        (x) => x.dispose(),
        () => undefined,
      );
    this.forwards.clear();
  }
}
