// SPDX-License-Identifier: Apache-2.0
/**
 * A small client of Feast's REST registry API (`/api/v1/…`, `feast serve_registry --rest-api`)
 * over a route (a port-forward to the registry's Service, or the URL in the settings): GETs with
 * a timeout, one retry when a kept-alive connection was closed before the request went out, and
 * every failure an AppError in words ({@link feastError}): not reachable → `unavailable`
 * ({@link FeastUnreachable}), Feast's permission refusal → `forbidden`, a missing object →
 * `not-found`, an answer that is not JSON → not a Feast registry.
 */
import { AppError, codeForHttpStatus } from '../../../shared/errors';
import { routeCause, type HttpRoute } from '../../platform/net/http-route';

/** The registry was not reached at all (no HTTP answer). */
export class FeastUnreachable extends AppError {}

/** Feast's error body (`{status_code, detail, error_type}`), FastAPI's (`{detail}`). */
interface FeastErrorBody {
  detail?: unknown;
  error_type?: string;
}

/**
 * The AppError for a registry answer that is not a success.
 * @param label - how the user knows the registry ("Feast registry feast/feast-registry")
 */
export function feastError(status: number, body: string, label: string): AppError {
  let parsed: FeastErrorBody = {};
  try {
    parsed = JSON.parse(body) as FeastErrorBody;
  } catch {
    // not JSON: a proxy's page; worded from the status below
  }
  const detailText = typeof parsed.detail === 'string' ? parsed.detail : parsed.detail !== undefined ? JSON.stringify(parsed.detail) : body;
  const reason = detailText.replace(/\s+/g, ' ').trim().slice(0, 400) || `HTTP ${status}`;
  const detail = body.slice(0, 2000);
  if (status === 401)
    return new AppError(
      'unauthenticated',
      `${label} asks who you are (${reason}). MLDeck reads Feast registries without signing in; this one has authentication on.`,
      detail,
      undefined,
      'feast',
    );
  if (status === 403) return new AppError('forbidden', `${label} refused: ${reason}.`, detail, undefined, 'feast');
  if (status === 404) return new AppError('not-found', `${label} has no such object: ${reason}.`, detail);
  if (status === 400 || status === 422) return new AppError('validation', `${label} rejected the request: ${reason}.`, detail);
  const code = codeForHttpStatus(status);
  if (code === 'timeout') return new AppError('timeout', `${label} did not answer in time (HTTP ${status}).`, detail, true);
  return new AppError(
    code === 'internal' ? 'unavailable' : code,
    `${label} answered HTTP ${status}: ${reason}.`,
    detail,
    code === 'unavailable' || code === 'internal',
  );
}

/** Whether a fetch failed before the request could reach the server (a stale connection, a forward that could not open a stream). */
function notSent(e: unknown): boolean {
  const code = (e as { cause?: { code?: string } }).cause?.code;
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') return true;
  const refused = routeCause(e);
  return refused?.code === 'unavailable' && refused.retryable === true;
}

/** A client for one registry server. */
export class FeastClient {
  /**
   * @param route - where the server is (its base URL, without `/api/v1`)
   * @param label - how the user knows this registry
   */
  constructor(
    private readonly route: HttpRoute,
    readonly label: string,
    private readonly timeoutMs = 30_000,
  ) {}

  /** GET `/api/v1<path>` as JSON (not yet checked: see feast-wire.ts). */
  async get(path: string, query: Record<string, string> = {}): Promise<unknown> {
    const url = new URL(`${this.route.baseUrl.replace(/\/+$/, '')}/api/v1${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let res: Response | undefined;
    let text = '';
    for (let attempt = 1; !res; attempt++) {
      try {
        res = await this.route.fetch(url, { method: 'GET', headers: { Accept: 'application/json' }, signal: timeout, redirect: 'manual' });
        text = await res.text();
      } catch (e) {
        res = undefined;
        if (attempt === 1 && !timeout.aborted && notSent(e)) continue;
        throw this.networkError(e, timeout.aborted);
      }
    }
    if (res.status >= 300 && res.status < 400)
      throw new AppError(
        'unauthenticated',
        `${this.label} redirected to ${res.headers.get('location') ?? 'another page'}: a sign-in page MLDeck cannot use, or not a Feast registry.`,
        undefined,
        undefined,
        'feast',
      );
    if (!res.ok) throw feastError(res.status, text, this.label);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new AppError(
        'unavailable',
        `${this.label} answered, but not with JSON (HTTP ${res.status}, ${res.headers.get('content-type') ?? 'no content type'}): it is not a Feast REST registry server (gRPC-only registries are not read by MLDeck).`,
        text.replace(/\s+/g, ' ').slice(0, 200),
        false,
      );
    }
  }

  private networkError(e: unknown, timedOut: boolean): AppError {
    if (timedOut) return new FeastUnreachable('timeout', `${this.label} did not answer within ${Math.round(this.timeoutMs / 1000)} s.`, undefined, true);
    const refused = routeCause(e);
    if (refused) return new FeastUnreachable(refused.code, `${this.label} cannot be reached: ${refused.message}`, refused.detail, refused.retryable);
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
    return new FeastUnreachable('unavailable', `${this.label} cannot be reached (${detail}).`, undefined, true);
  }
}
