// SPDX-License-Identifier: Apache-2.0
/**
 * One API call whose error body is read here rather than mapped, so the `Status` of a 422 (its
 * field causes) or of a 403 can be turned into field problems or an RBAC explanation; and the
 * mapping of such a `Status` to field problems. Same connection, TLS, proxy and credentials as
 * `KubeHttp.request` (through `connectOptions`).
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { AppError } from '../../../shared/errors';
import type { FieldProblem } from '../../../shared/features/serving/serving.contract';
import { readBody } from '../../platform/kube/kube-call';
import { networkError } from '../../platform/kube/kube-errors';
import type { KubeHttp } from '../../platform/kube/kube-http';

/** A Kubernetes `Status` body. */
export interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: { field?: string; message?: string; reason?: string }[] };
}

/** Sends a JSON body and returns the status and text, whatever the status. */
export async function sendRaw(
  h: KubeHttp,
  method: 'POST' | 'PATCH',
  path: string,
  query: Record<string, string>,
  body: unknown,
  contentType = 'application/json',
): Promise<{ status: number; text: string }> {
  const o = await h.connectOptions(path, query);
  const payload = Buffer.from(JSON.stringify(body));
  const mod = o.url.protocol === 'https:' ? https : http;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30_000);
  try {
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const r = mod.request(o.url, {
        method,
        agent: o.agent,
        headers: { ...o.headers, Accept: 'application/json', 'Content-Type': contentType, 'Content-Length': payload.length },
        signal: controller.signal,
      });
      r.once('response', resolve);
      r.once('error', reject);
      r.end(payload);
    });
    const text = await readBody(res, 8 * 1024 * 1024);
    if (res.statusCode === 401) h.connection.auth.invalidate(o.credentials);
    return { status: res.statusCode ?? 0, text };
  } catch (e) {
    if (controller.signal.aborted) throw new AppError('timeout', `${o.url.host} did not answer within 30 s.`, undefined, true);
    throw networkError(e, h.connection.server);
  } finally {
    clearTimeout(timer);
  }
}

/** The body as a Status, or an empty one. */
export function statusOf(text: string): StatusBody {
  try {
    const s = JSON.parse(text) as unknown;
    return typeof s === 'object' && s !== null ? (s as StatusBody) : {};
  } catch {
    return {};
  }
}

function cleanField(f: string | undefined): string {
  if (!f || f === '<nil>') return '';
  return f.replace(/^\./, '');
}

/**
 * The field problems in a rejection, or undefined when it is not about the object's content
 * (then it is an error: RBAC, a missing namespace, the server failing).
 */
export function problemsOf(status: number, body: StatusBody, what: string, namespace: string): FieldProblem[] | undefined {
  const message = body.message ?? '';
  // an admission webhook's denial (KServe's validator answers 403 or 400) names fields in the Go field.ErrorList form
  const denied = /admission webhook "[^"]+" denied the request: (.*)$/s.exec(message);
  if (denied?.[1]) {
    const list = denied[1].replace(/^\[|\]$/g, '');
    return list.split(/, (?=(?:spec|metadata)[.[])/).map((item) => {
      const m = /^((?:spec|metadata)[^:\s]*): (.*)$/s.exec(item);
      return m ? { field: cleanField(m[1]), message: m[2] ?? item } : { field: '', message: item };
    });
  }
  if (status === 422) {
    const seen = new Set<string>();
    const out: FieldProblem[] = [];
    for (const c of body.details?.causes ?? []) {
      const field = cleanField(c.field);
      const msg = c.message ?? c.reason ?? '';
      if (/some validation rules were not checked/.test(msg)) continue;
      const key = `${field}\n${msg}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ field, message: msg });
    }
    return out.length ? out : [{ field: '', message: message || `The cluster rejected the ${what} as invalid.` }];
  }
  if (status === 400) {
    const fields = [...message.matchAll(/(unknown|duplicate) field "([^"]+)"/g)].map((m) => ({
      field: cleanField(m[2]),
      message: `${m[1]} field "${cleanField(m[2])}"`,
    }));
    return fields.length ? fields : [{ field: '', message: message || `The cluster could not read the ${what}.` }];
  }
  if (status === 409 && body.reason === 'AlreadyExists')
    return [{ field: 'metadata.name', message: `An ${what} with this name already exists in ${namespace}; choose another name or deploy to it as a canary.` }];
  return undefined;
}
