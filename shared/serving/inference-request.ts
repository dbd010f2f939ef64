// SPDX-License-Identifier: Apache-2.0
/**
 * Test requests to a model server: the KServe V1 protocol (`POST /v1/models/<name>:predict`
 * with `{instances}`) and the V2 Open Inference Protocol (`POST /v2/models/<name>/infer` with
 * `{inputs}`), with iris examples as templates, and the checks MLDeck applies to the path the
 * user may edit (only the data-plane routes of these protocols are sent).
 */

/** The protocol of a request. */
export type InferenceProtocol = 'v1' | 'v2';

/** A request as the try-it panel holds it. */
export interface InferenceRequestDraft {
  protocol: InferenceProtocol;
  path: string;
  body: string;
}

/** The predict path of a model. */
export function predictPath(protocol: InferenceProtocol, model: string): string {
  const m = encodeURIComponent(model);
  return protocol === 'v1' ? `/v1/models/${m}:predict` : `/v2/models/${m}/infer`;
}

/** Two iris flowers (a setosa and a virginica): the lab's `iris` model answers [0, 2]. */
export const irisRows = [
  [5.1, 3.5, 1.4, 0.2],
  [6.7, 3.0, 5.2, 2.3],
];

/** The template for a protocol and model name (the iris example). */
export function requestTemplate(protocol: InferenceProtocol, model: string): InferenceRequestDraft {
  const body =
    protocol === 'v1' ? { instances: irisRows } : { inputs: [{ name: 'input-0', shape: [irisRows.length, 4], datatype: 'FP32', data: irisRows.flat() }] };
  return { protocol, path: predictPath(protocol, model), body: JSON.stringify(body, null, 2) };
}

/** Why a path may not be sent, or undefined. Only the protocols' data-plane routes are allowed. */
export function inferencePathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'The path starts with /.';
  if (path.length > 1024) return 'The path is too long.';
  if (/\.\.|\/\/|[?#\s\\]/.test(path)) return 'The path has no "..", "//", spaces, query or fragment.';
  if (
    !/^\/v1\/models(\/[^/]+(:predict|:explain)?)?$/.test(path) &&
    !/^\/v2(\/health\/(live|ready)|\/models\/[^/]+(\/versions\/[^/]+)?(\/infer|\/ready)?)?$/.test(path)
  )
    return 'Use a V1 path (/v1/models/<name>:predict) or a V2 path (/v2/models/<name>/infer).';
  return undefined;
}

/** Why a body is not a request of its protocol, or undefined. */
export function inferenceBodyProblem(protocol: InferenceProtocol, body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    return `Not JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'The body is one JSON object.';
  const o = parsed as Record<string, unknown>;
  if (protocol === 'v1' && !Array.isArray(o.instances) && !Array.isArray(o.inputs)) return 'A V1 request has "instances" (a list).';
  if (protocol === 'v2' && !Array.isArray(o.inputs)) return 'A V2 request has "inputs" (a list of {name, shape, datatype, data}).';
  return undefined;
}

/** The model name in a predict path, if there is one. */
export function modelOfPath(path: string): string | undefined {
  const m = /^\/v[12]\/models\/([^/:]+)/.exec(path);
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

/** The body pretty-printed when it is JSON, else as it came. */
export function prettyBody(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
