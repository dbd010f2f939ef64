// SPDX-License-Identifier: Apache-2.0
/**
 * A full, paginated list of one source (`limit` + `continue`). Every page of one pass belongs
 * to the same snapshot (the first page's resourceVersion); if a continue token expires (410)
 * the list starts again from the first page.
 */
import { AppError } from '../../../shared/errors';
import type { KubeObject } from '../../../shared/kube/object';
import type { SourceKey } from '../cache/cache-db';
import { isGone } from '../kube/kube-errors';
import { collectionPath, describeSource, type KubeHttpLike } from './sync-types';
import { trimObject } from './trim-object';

interface ListBody {
  kind?: string;
  apiVersion?: string;
  metadata?: { continue?: string; resourceVersion?: string };
  items?: KubeObject[] | null;
}

/** Options of {@link listAll}. */
export interface ListOptions {
  /** Items per page; 0 lists everything in one call. */
  pageSize: number;
  /** Timeout of each page request, in ms. */
  timeoutMs: number;
  /** How many times an expired continue token may restart the list before giving up. */
  maxRestarts: number;
  signal: AbortSignal;
  /** Wraps each request (the informer counts requests in flight with it). */
  track: <T>(call: () => Promise<T>) => Promise<T>;
  /** Called with each page of the first pass, before the next page is asked for. */
  onPage?: (items: KubeObject[], pass: number) => Promise<void>;
}

/** What {@link listAll} returns. */
export interface ListResult {
  items: KubeObject[];
  /** The snapshot's resourceVersion, to watch from. */
  resourceVersion: string;
  /** Pages read in the pass that completed. */
  pages: number;
  /** Passes restarted because a continue token expired. */
  restarts: number;
}

/**
 * Lists every object of a source.
 * @throws AppError from the requests; `unavailable` if continue tokens kept expiring
 */
export async function listAll(http: KubeHttpLike, source: SourceKey, opts: ListOptions): Promise<ListResult> {
  const path = collectionPath(source);
  for (let pass = 0; pass <= opts.maxRestarts; pass++) {
    const items: KubeObject[] = [];
    let cont: string | undefined;
    let rv = '';
    let pages = 0;
    try {
      do {
        const query = { limit: opts.pageSize || undefined, continue: cont };
        const body = await opts.track(() => http.request<ListBody>({ path, query, signal: opts.signal, timeoutMs: opts.timeoutMs }));
        pages++;
        const page = (body.items ?? []).map((o) => withType(o, body));
        items.push(...page);
        if (pages === 1) rv = body.metadata?.resourceVersion ?? '';
        cont = body.metadata?.continue || undefined;
        if (opts.onPage) await opts.onPage(page, pass);
      } while (cont !== undefined);
      return { items, resourceVersion: rv, pages, restarts: pass };
    } catch (e) {
      // only a continue token can expire; a 410 on the first page is a real failure
      if (cont !== undefined && isGone(e) && !opts.signal.aborted) continue;
      throw e;
    }
  }
  throw new AppError('unavailable', `The list of ${describeSource(source)} kept expiring before it was read; will try again.`, undefined, true);
}

/**
 * List items carry no kind or apiVersion; give them the list's, as watch events have them.
 * managedFields are dropped here, once (trim-object.ts).
 */
function withType(o: KubeObject, list: ListBody): KubeObject {
  trimObject(o);
  if (o.kind && o.apiVersion) return o;
  const kind = o.kind ?? list.kind?.replace(/List$/, '');
  const apiVersion = o.apiVersion ?? list.apiVersion;
  return { ...(apiVersion ? { apiVersion } : {}), ...(kind ? { kind } : {}), ...o };
}
