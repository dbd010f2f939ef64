// SPDX-License-Identifier: Apache-2.0
/**
 * The API server's refusal of an object's content, as field problems a form places at its
 * fields: a 422's causes, a strict-decoding 400 (unknown or duplicate fields), a taken name, and
 * an admission webhook's denial in Go's `field.ErrorList` form (KServe answers 403 or 400, the
 * Training Operator 403). Anything else (RBAC, a missing namespace, a failing server) is not a
 * problem with the object: {@link problemsOf} returns undefined and the caller throws.
 */
import type { FieldProblem } from '../../../shared/kube/field-problem';

/** A Kubernetes `Status` body (the parts read). */
export interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: { field?: string; message?: string; reason?: string }[] };
}

/** The body as a Status, or an empty one when it is not JSON. */
export function statusOf(text: string): StatusBody {
  try {
    const s = JSON.parse(text) as unknown;
    return typeof s === 'object' && s !== null ? (s as StatusBody) : {};
  } catch {
    return {};
  }
}

/** A field path as forms and editors use it: no leading dot, no `<nil>`. */
function cleanField(f: string | undefined): string {
  if (!f || f === '<nil>') return '';
  return f.replace(/^\./, '');
}

/** How to word the problems. */
export interface ProblemWords {
  /** What the object is, for messages (`PyTorchJob`, `InferenceService`). */
  what: string;
  namespace: string;
  /** Said after "already exists in <namespace>" (default: "; choose another name."). */
  taken?: string;
}

/**
 * The field problems in a refusal, or undefined when it is not about the object's content.
 * @param status - the HTTP status
 */
export function problemsOf(status: number, body: StatusBody, words: ProblemWords): FieldProblem[] | undefined {
  const message = body.message ?? '';
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
      // follow-on notes that repeat a type error or only say "fix the others first"
      if (/some validation rules were not checked/.test(msg) || /accessor error/.test(msg)) continue;
      const key = `${field}\n${msg}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ field, message: msg });
    }
    return out.length ? out : [{ field: '', message: message || `The cluster rejected the ${words.what} as invalid.` }];
  }
  if (status === 400) {
    const fields = [...message.matchAll(/(unknown|duplicate) field "([^"]+)"/g)].map((m) => ({
      field: cleanField(m[2]),
      message: `${m[1]} field "${cleanField(m[2])}"`,
    }));
    return fields.length ? fields : [{ field: '', message: message || `The cluster could not read the ${words.what}.` }];
  }
  if (status === 409 && body.reason === 'AlreadyExists')
    return [
      {
        field: 'metadata.name',
        message: `${/^[aeiou]/i.test(words.what) ? 'An' : 'A'} ${words.what} with this name already exists in ${words.namespace}${words.taken ?? '; choose another name.'}`,
      },
    ];
  return undefined;
}
