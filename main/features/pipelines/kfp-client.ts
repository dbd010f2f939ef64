// SPDX-License-Identifier: Apache-2.0
/**
 * A small client of the KFP v2beta1 REST API (`/apis/v2beta1/…`) over a route (a port-forward
 * to the `ml-pipeline` Service, or the Kubeflow gateway): JSON calls and multipart uploads with a
 * timeout, the headers the connection needs (the user id header on a multi-user server reached
 * directly, the bearer token through the gateway), JSON bodies for creates and actions, and every
 * failure an AppError in words
 * ({@link kfpError}): not reachable → `unavailable`, 401/403 with KFP's reason, 404, a refused
 * delete of a pipeline that has versions → `conflict`.
 */
import { randomBytes } from 'node:crypto';
import { AppError, codeForHttpStatus } from '../../../shared/errors';
import { routeCause, type HttpRoute } from '../../platform/net/http-route';

/** KFP was not reached at all (no HTTP answer). */
export class KfpUnreachable extends AppError {}

/** Query values (undefined are left out). */
export type KfpQuery = Record<string, string | number | undefined>;

/** The body of a KFP error (a google.rpc.Status). */
interface RpcStatus {
  code?: number;
  message?: string;
  /** The upload endpoints answer `{error_message, error_details}` instead. */
  error_message?: string;
}

/** KFP's words for why, without its "Failed to … Check error stack:" wrapping. */
export function kfpReason(message: string): string {
  const denied =
    /PermissionDenied: (.*?)(?: with reason:\s*)?\s*\(request: &ResourceAttributes\{Namespace:([^,]*),Verb:([^,]*),Group:[^,]*,Version:[^,]*,Resource:([^,]*)/.exec(
      message,
    );
  if (denied) return `${denied[1]?.trim()} to ${denied[3]} ${denied[4]} in namespace ${denied[2] || '(none)'}`;
  const parts = message.split(/: (?=[A-Z])/);
  const last = parts[parts.length - 1] ?? message;
  return last.trim().slice(0, 400);
}

/**
 * The AppError for a KFP answer that is not a success.
 * @param status - the HTTP status
 * @param body - the body as text (KFP sends `{"code": <grpc code>, "message": …}`, uploads `{"error_message": …}`)
 * @param label - how the user knows this KFP, for the message
 * @param how - `direct` (MLDeck sends the user id) or `gateway` (the gateway signs in)
 */
export function kfpError(status: number, body: string, label: string, how: 'direct' | 'gateway'): AppError {
  let rpc: RpcStatus = {};
  try {
    rpc = JSON.parse(body) as RpcStatus;
  } catch {
    // not JSON: a gateway's HTML page or a proxy's text; worded from the status below
  }
  const full =
    typeof rpc.message === 'string' ? rpc.message : typeof rpc.error_message === 'string' ? rpc.error_message : body.replace(/\s+/g, ' ').trim().slice(0, 300);
  const reason = kfpReason(full);
  const detail = full.slice(0, 2000);
  if (status === 401 || rpc.code === 16) {
    const hint =
      how === 'gateway'
        ? 'Check the Kubeflow gateway token in the cluster\u2019s notebook connection settings.'
        : 'This KFP is multi-user: set the Kubeflow user MLDeck acts as in the pipelines settings.';
    return new AppError('unauthenticated', `${label} asks who you are: ${reason}. ${hint}`, detail, undefined, 'kfp');
  }
  if (status === 403 || rpc.code === 7) return new AppError('forbidden', `${label} refused: ${reason}.`, detail, undefined, 'kfp');
  if (/existing pipeline versions/.test(full))
    return new AppError(
      'conflict',
      `KFP deletes a pipeline only together with its versions, and this one still has versions. Delete its versions too.`,
      detail,
    );
  if (status === 404 || rpc.code === 5) return new AppError('not-found', `${label} has no such object: ${reason}.`, detail);
  if (rpc.code === 6 || status === 409) return new AppError('conflict', `${label} refused: ${reason}.`, detail);
  if (status === 400 || rpc.code === 3 || rpc.code === 9) return new AppError('validation', `${label} rejected it: ${reason}.`, detail);
  const code = codeForHttpStatus(status);
  if (code === 'timeout') return new AppError('timeout', `${label} did not answer in time (HTTP ${status}).`, detail, true);
  return new AppError(code === 'internal' ? 'unavailable' : code, `${label} answered HTTP ${status}: ${reason}.`, detail, code === 'unavailable');
}

/** Whether a fetch failed before the request could reach KFP (a stale connection, a forward that could not open a stream). */
function notSent(e: unknown): boolean {
  const code = (e as { cause?: { code?: string } }).cause?.code;
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') return true;
  const refused = routeCause(e);
  return refused?.code === 'unavailable' && refused.retryable === true;
}

/** A client for one KFP API server. */
export class KfpClient {
  /**
   * @param route - where `/apis/v2beta1` is served (a path prefix of its base URL is kept)
   * @param label - how the user knows this KFP ("KFP (port-forward to kubeflow/ml-pipeline)")
   * @param headers - sent with every request (user id header, Authorization)
   * @param how - how it signs in, to word a 401
   */
  constructor(
    private readonly route: HttpRoute,
    readonly label: string,
    private readonly headers: Record<string, string>,
    private readonly how: 'direct' | 'gateway',
    private readonly timeoutMs = 30_000,
  ) {}

  /** GET `/apis/v2beta1<path>`. */
  get<T>(path: string, query: KfpQuery = {}): Promise<T> {
    return this.send<T>('GET', path, query, undefined, undefined);
  }

  /** DELETE `/apis/v2beta1<path>`. */
  delete(path: string, query: KfpQuery = {}): Promise<unknown> {
    return this.send('DELETE', path, query, undefined, undefined);
  }

  /** POST `/apis/v2beta1<path>` with a JSON body (none for the `:verb` actions such as `:terminate`). */
  post<T>(path: string, body?: unknown, query: KfpQuery = {}): Promise<T> {
    if (body === undefined) return this.send<T>('POST', path, query, undefined, undefined);
    return this.send<T>('POST', path, query, Buffer.from(JSON.stringify(body), 'utf8'), 'application/json');
  }

  /** POSTs a file as the multipart field `uploadfile` (the upload endpoints). */
  upload<T>(path: string, query: KfpQuery, fileName: string, content: string): Promise<T> {
    const boundary = `----mldeck${randomBytes(12).toString('hex')}`;
    const safeName = fileName.replace(/["\r\n\\]/g, '_');
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="uploadfile"; filename="${safeName}"\r\nContent-Type: application/x-yaml\r\n\r\n`),
      Buffer.from(content, 'utf8'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return this.send<T>('POST', path, query, body, `multipart/form-data; boundary=${boundary}`);
  }

  private async send<T>(method: string, path: string, query: KfpQuery, body: Buffer | undefined, contentType: string | undefined): Promise<T> {
    const url = new URL(`${this.route.baseUrl.replace(/\/+$/, '')}/apis/v2beta1${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let res: Response | undefined;
    let text = '';
    // A kept-alive connection closed while idle, or a port-forward closed as the request started,
    // fails before KFP reads anything: one more try on a fresh one. Not for DELETE, whose second
    // try could report "not found" for what the first removed.
    for (let attempt = 1; !res; attempt++) {
      try {
        res = await this.route.fetch(url, {
          method,
          headers: { Accept: 'application/json', ...this.headers, ...(contentType ? { 'Content-Type': contentType } : {}) },
          ...(body ? { body: new Uint8Array(body) } : {}),
          signal: timeout,
          redirect: 'manual',
        });
        text = await res.text();
      } catch (e) {
        res = undefined;
        if (attempt === 1 && method !== 'DELETE' && !timeout.aborted && notSent(e)) continue;
        throw this.networkError(e, timeout.aborted);
      }
    }
    if (res.status >= 300 && res.status < 400)
      throw new AppError(
        'unauthenticated',
        `${this.label} redirected to ${res.headers.get('location') ?? 'another page'}: the gateway wants a sign-in that MLDeck cannot do. Set a gateway token.`,
        undefined,
        undefined,
        'kfp',
      );
    if (!res.ok) throw kfpError(res.status, text, this.label, this.how);
    try {
      return JSON.parse(text === '' ? '{}' : text) as T;
    } catch {
      throw new AppError(
        'unavailable',
        `${this.label} answered with something that is not the KFP API (HTTP ${res.status}).`,
        text.replace(/\s+/g, ' ').slice(0, 200),
      );
    }
  }

  private networkError(e: unknown, timedOut: boolean): AppError {
    if (timedOut) return new KfpUnreachable('timeout', `${this.label} did not answer within ${Math.round(this.timeoutMs / 1000)} s.`, undefined, true);
    const refused = routeCause(e);
    if (refused) return new KfpUnreachable(refused.code, `${this.label} cannot be reached: ${refused.message}`, refused.detail, refused.retryable);
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
    return new KfpUnreachable('unavailable', `${this.label} cannot be reached (${detail}).`, undefined, true);
  }
}
