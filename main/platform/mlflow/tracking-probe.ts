// SPDX-License-Identifier: Apache-2.0
/**
 * Whether a URL is an MLflow tracking server MLDeck can read, before it is saved: one
 * `experiments/search` (one experiment) with the credentials given, and the answer judged by
 * {@link probeVerdict}: nothing answered (`unavailable`/`timeout`, from the client), credentials
 * asked for or refused (`unauthenticated`/`forbidden`), a redirect (a sign-in page in front of
 * MLflow), or an answer that is not MLflow's API (`validation`), each said in words.
 */
import { AppError } from '../../../shared/errors';
import type { MlflowAuth, MlflowClient } from './mlflow-client';

/** An HTTP answer as it came. */
export interface ProbeAnswer {
  status: number;
  location: string | undefined;
  contentType: string;
  text: string;
}

/** MLflow's error body, when the answer is one. */
function mlflowErrorOf(text: string): { code: string; message: string } | undefined {
  try {
    const j = JSON.parse(text) as { error_code?: unknown; message?: unknown };
    if (j && typeof j === 'object' && typeof j.error_code === 'string') return { code: j.error_code, message: typeof j.message === 'string' ? j.message : '' };
  } catch {
    // not JSON
  }
  return undefined;
}

/** Whether a 2xx body is what `experiments/search` answers: `{}` or `{experiments: [{experiment_id…}], next_page_token?}`. */
function searchAnswer(text: string): { experiments: number } | undefined {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!j || typeof j !== 'object' || Array.isArray(j)) return undefined;
  const o = j as Record<string, unknown>;
  if (Object.keys(o).some((k) => k !== 'experiments' && k !== 'next_page_token')) return undefined;
  if (o.experiments === undefined) return { experiments: 0 };
  if (!Array.isArray(o.experiments)) return undefined;
  const ok = o.experiments.every((e) => e && typeof e === 'object' && typeof (e as { experiment_id?: unknown }).experiment_id === 'string');
  return ok ? { experiments: o.experiments.length } : undefined;
}

/**
 * What an answer to `experiments/search` says about the server at `url`.
 * @param auth - what was sent, to word a 401
 * @returns how many experiments the one-experiment page held, or the error to report
 */
export function probeVerdict(url: string, a: ProbeAnswer, auth: MlflowAuth['kind']): { experiments: number } | AppError {
  const err = mlflowErrorOf(a.text);
  const snippet = a.text.replace(/\s+/g, ' ').trim().slice(0, 200);
  const kind = a.contentType.split(';')[0]?.trim() || 'no content type';
  if (a.status >= 200 && a.status < 300) {
    const found = searchAnswer(a.text);
    if (found) return found;
    return new AppError(
      'validation',
      `${url} answered, but not as an MLflow tracking server (HTTP ${a.status}, ${kind}). Give the URL MLflow serves /api/2.0 under.`,
      snippet,
    );
  }
  if (a.status >= 300 && a.status < 400)
    return new AppError(
      'validation',
      `${url} redirects${a.location ? ` to ${a.location}` : ''} instead of answering MLflow's API (HTTP ${a.status}): a sign-in page in front of MLflow? Give the URL MLflow itself answers at, with a token if it asks for one.`,
      snippet,
    );
  if (a.status === 401)
    return new AppError(
      'unauthenticated',
      auth === 'none'
        ? `${url} asks for credentials (HTTP 401): choose a user name and password or a token.`
        : `${url} refused the ${auth === 'basic' ? 'user name and password' : 'token'} given (HTTP 401).`,
      err?.message || snippet,
      undefined,
      'mlflow',
    );
  if (a.status === 403)
    return new AppError(
      'forbidden',
      `${url} refused access (HTTP 403${err?.message ? `: ${err.message}` : ''}): this account may not read its experiments.`,
      snippet,
      undefined,
      'mlflow',
    );
  if (a.status >= 500) {
    const what = err ? `MLflow at ${url} could not answer (HTTP ${a.status}${err.message ? `: ${err.message}` : ''})` : `${url} answered HTTP ${a.status}`;
    return new AppError('unavailable', `${what}; try again when it is up.`, snippet, true);
  }
  if (err && err.code !== 'ENDPOINT_NOT_FOUND')
    return new AppError('validation', `MLflow at ${url} refused the check (HTTP ${a.status}: ${err.message || err.code}).`, err.code);
  return new AppError(
    'validation',
    `${url} is not an MLflow tracking server: ${url}/api/2.0/mlflow/experiments/search answered HTTP ${a.status} (${kind}). Give the URL MLflow serves /api/2.0 under.`,
    snippet,
  );
}

/**
 * Checks the server a client reaches answers MLflow's tracking API with the client's credentials.
 * @throws AppError as {@link probeVerdict} says; `unavailable`/`timeout` from the client when nothing answered
 */
export async function checkTrackingServer(c: MlflowClient, url: string, auth: MlflowAuth['kind']): Promise<{ experiments: number }> {
  const answer = await c.answer('experiments/search', { max_results: 1, view_type: 'ACTIVE_ONLY' });
  const v = probeVerdict(url, answer, auth);
  if (v instanceof AppError) throw v;
  return v;
}
