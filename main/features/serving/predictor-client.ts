// SPDX-License-Identifier: Apache-2.0
/**
 * Test requests to an InferenceService's model server: through a port-forward to port 8080 of
 * a ready predictor pod (of the asked revision, or one picked by the traffic split as the
 * router would), or to the service's URL (through the proxy rule). Port-forwards come from the
 * in-cluster connector (in-process, shared per pod, closed when idle). The answer comes back as
 * status, body (bounded), content type and latency.
 */
import { AppError } from '../../../shared/errors';
import type { PredictRequest, PredictResponse } from '../../../shared/features/serving/serving.contract';
import { inferencePathProblem } from '../../../shared/serving/inference-request';
import { summarizeIsvc } from '../../../shared/serving/isvc-summary';
import type { KubeObject } from '../../../shared/kube/object';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import type { InClusterConnector } from '../../platform/kube/in-cluster-connector';
import { routeCause, type HttpRoute } from '../../platform/net/http-route';
import { explainForbidden } from './serving-access';

/** The model server's port in the predictor pod (`kserve-container`, Knative's user port). */
export const predictorPort = 8080;
const maxBody = 2 * 1024 * 1024;
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

/** Sends test requests. */
export class PredictorClient {
  constructor(
    private readonly registry: ClusterRegistry,
    private readonly connector: InClusterConnector,
  ) {}

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
      const route = this.connector.url(new URL(base).origin);
      return this.send(route, new URL(req.path, base), req, { target: base });
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
    const route = await this.connector
      .pod(req.clusterId, { namespace: req.namespace, pod: pod.metadata.name, port: predictorPort })
      .catch(async (e: unknown) => Promise.reject(await explainForbidden(h, e, 'port-forward to', 'pods', req.namespace)));
    const rev = pod.metadata.labels?.['serving.knative.dev/revision'];
    return this.send(route, new URL(req.path, `${route.baseUrl}/`), req, {
      target: `port-forward to ${req.namespace}/${pod.metadata.name}:${predictorPort}`,
      pod: pod.metadata.name,
      ...(rev ? { revision: rev } : {}),
    });
  }

  private async send(route: HttpRoute, url: URL, req: PredictRequest, where: { target: string; pod?: string; revision?: string }): Promise<PredictResponse> {
    const post = /(:predict|:explain|\/infer)$/.test(req.path);
    const started = performance.now();
    const timeout = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await route.fetch(url, {
        method: post ? 'POST' : 'GET',
        headers: { Accept: 'application/json', ...(post ? { 'Content-Type': 'application/json' } : {}) },
        ...(post ? { body: req.body } : {}),
        signal: timeout,
        redirect: 'manual',
      });
    } catch (e) {
      throw this.failure(e, timeout.aborted, where.target);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    try {
      const reader = res.body?.getReader();
      for (;;) {
        const next = await reader?.read();
        if (!next || next.done) break;
        if (size + next.value.byteLength > maxBody) {
          chunks.push(Buffer.from(next.value.subarray(0, maxBody - size)));
          size = maxBody;
          truncated = true;
          void reader?.cancel().catch(() => undefined); // enough read: the rest is not shown
          break;
        }
        chunks.push(Buffer.from(next.value));
        size += next.value.byteLength;
      }
    } catch (e) {
      if (timeout.aborted) throw this.failure(e, true, where.target);
      throw new AppError('unavailable', `The answer was cut off (${where.target}): ${(e as Error).message}`);
    }
    return {
      status: res.status,
      body: Buffer.concat(chunks).toString('utf8'),
      contentType: res.headers.get('content-type') ?? '',
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      truncated,
      ...where,
    };
  }

  private failure(e: unknown, timedOut: boolean, target: string): AppError {
    if (timedOut) return new AppError('timeout', `The model server did not answer within ${timeoutMs / 1000} s (${target}).`);
    const refused = routeCause(e);
    if (refused) return refused;
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return new AppError(
      'unavailable',
      `The model server could not be reached (${target}): ${cause?.code ?? cause?.message ?? (e as Error).message}`,
      undefined,
      true,
    );
  }
}
