// SPDX-License-Identifier: Apache-2.0
/**
 * A small Prometheus HTTP API client: `query_range` with a timeout, answers checked with zod,
 * and every failure an AppError that says what went wrong and where (not reachable, timed out,
 * refused the query, not a Prometheus at all).
 */
import { z } from 'zod';
import { AppError, codeForHttpStatus } from '../../../shared/errors';
import { routeCause, type HttpRoute } from '../../platform/net/http-route';

/** One series of a matrix answer. */
export interface PromSeries {
  metric: Record<string, string>;
  /** [unix seconds, value as text]. */
  values: [number, string][];
}

const Matrix = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('matrix'),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(z.tuple([z.number(), z.string()])) })),
  }),
});

const ErrorBody = z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string().optional() });

/** The largest answer read (64 MiB); a bigger one is refused rather than held in memory. */
export const MAX_PROMETHEUS_BODY_BYTES = 64 * 1024 * 1024;

/** The query_range parameters. */
export interface RangeQuery {
  query: string;
  /** Unix seconds. */
  start: number;
  end: number;
  stepSeconds: number;
}

/** A client for one Prometheus, reached by a route (a URL through the proxy rule, or a port-forward). */
export class PrometheusClient {
  /**
   * @param route - where `/api/v1` is served (a path prefix of its base URL is kept)
   * @param label - how the user knows this Prometheus, for messages (e.g. the URL or "monitoring/prometheus-k8s")
   */
  constructor(
    private readonly route: HttpRoute,
    private readonly label: string,
    private readonly timeoutMs = 20_000,
    private readonly maxBodyBytes = MAX_PROMETHEUS_BODY_BYTES,
  ) {}

  /**
   * Runs a range query.
   * @throws AppError: `unavailable` (unreachable, 5xx, not Prometheus, an answer over the size limit), `timeout`, `validation` (bad query), `unauthenticated`/`forbidden`
   */
  async queryRange(q: RangeQuery, signal?: AbortSignal): Promise<PromSeries[]> {
    const url = new URL(`${this.route.baseUrl.replace(/\/+$/, '')}/api/v1/query_range`);
    const body = new URLSearchParams({ query: q.query, start: String(q.start), end: String(q.end), step: String(q.stepSeconds) });
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let res: Response;
    try {
      res = await this.route.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (e) {
      throw this.networkError(e, timeout.aborted);
    }
    const text = await this.readText(res, timeout);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError(
        res.ok ? 'unavailable' : codeForHttpStatus(res.status),
        `${this.label} answered with something that is not the Prometheus API (HTTP ${res.status}). Is this the base URL Prometheus serves /api/v1 under?`,
        text.replace(/\s+/g, ' ').slice(0, 200),
      );
    }
    if (!res.ok || (json as { status?: string }).status !== 'success') {
      const err = ErrorBody.safeParse(json);
      const why = err.success ? `${err.data.errorType ?? 'error'}: ${err.data.error ?? ''}` : `HTTP ${res.status}`;
      if (res.status === 401)
        throw new AppError('unauthenticated', `${this.label} asks for credentials, which MLDeck does not send.`, why, undefined, 'prometheus');
      if (res.status === 403) throw new AppError('forbidden', `${this.label} refused the query.`, why, undefined, 'prometheus');
      if (err.success && err.data.errorType === 'timeout') throw new AppError('timeout', `${this.label} timed out running the query.`, why, true);
      if (res.status === 400 || res.status === 422)
        throw new AppError('validation', `${this.label} rejected the query: ${err.success ? (err.data.error ?? why) : why}`);
      throw new AppError('unavailable', `${this.label} could not answer the query (${why}).`, undefined, true);
    }
    const parsed = Matrix.safeParse(json);
    if (!parsed.success) throw new AppError('unavailable', `${this.label} answered query_range with an unexpected shape.`);
    return parsed.data.data.result;
  }

  /** The body as text, refusing more than `maxBodyBytes` (by Content-Length when given, and as read). */
  private async readText(res: Response, timeout: AbortSignal): Promise<string> {
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > this.maxBodyBytes) {
      void res.body?.cancel().catch(() => undefined); // already failing; the refusal is the error to report
      throw this.tooLarge(`Content-Length ${declared}`);
    }
    if (!res.body) return '';
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > this.maxBodyBytes) {
          void reader.cancel().catch(() => undefined); // already failing; the refusal is the error to report
          throw this.tooLarge(`more than ${size} bytes`);
        }
        chunks.push(value);
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw this.networkError(e, timeout.aborted);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private tooLarge(detail: string): AppError {
    const mib = Math.round(this.maxBodyBytes / 1048576);
    return new AppError(
      'unavailable',
      `${this.label} answered with more than ${mib} MiB, more than MLDeck reads. Choose a shorter time range or fewer GPUs.`,
      detail,
    );
  }

  private networkError(e: unknown, timedOut: boolean): AppError {
    if (timedOut) return new AppError('timeout', `${this.label} did not answer within ${Math.round(this.timeoutMs / 1000)} s.`, undefined, true);
    if (e instanceof Error && e.name === 'AbortError') return new AppError('cancelled', 'The request was cancelled.');
    const refused = routeCause(e);
    if (refused) return refused;
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
    return new AppError('unavailable', `${this.label} could not be reached (${detail}).`, undefined, true);
  }
}
