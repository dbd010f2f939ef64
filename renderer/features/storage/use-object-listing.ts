// SPDX-License-Identifier: Apache-2.0
/**
 * One prefix of a bucket, read page by page (1,000 keys a page, continuation tokens) until every
 * entry is in, up to 100,000, appending as pages arrive so the table shows the first rows at once
 * and never waits for the rest. After the first page the rows are handed on at most every
 * {@link SHOW_EVERY_MS} (and at the end), so a long listing re-renders (and re-sorts) the table a
 * few times a second, not once per page. A change of place or search stops the reading of the
 * old one.
 */
import { useCallback, useEffect, useState } from 'react';
import { storageContract } from '../../../shared/features/storage/storage.contract';
import type { AppError } from '../../../shared/errors';
import { api } from '../../lib/api/api-context';
import { rowsOf, type BrowserRow } from './storage-model';

/** The most entries read for one prefix. */
export const MAX_ENTRIES = 100_000;
/** How often rows read so far are shown while a listing goes on. */
export const SHOW_EVERY_MS = 400;

/** What {@link useObjectListing} gives. */
export interface Listing {
  rows: BrowserRow[];
  loading: boolean;
  /** More entries than {@link MAX_ENTRIES}: the rest is left unread. */
  capped: boolean;
  error: AppError | undefined;
  reload(): void;
}

/**
 * @param search - typed by the user: the listing is of `prefix + search` (S3 matches by prefix)
 */
export function useObjectListing(clusterId: string, connectionId: string | undefined, bucket: string | undefined, prefix: string, search: string): Listing {
  const [rows, setRows] = useState<BrowserRow[]>([]);
  const [loading, setLoading] = useState(false);
  const [capped, setCapped] = useState(false);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!connectionId || !bucket) {
      setRows([]);
      return;
    }
    let live = true;
    setRows([]);
    setError(undefined);
    setCapped(false);
    setLoading(true);
    void (async () => {
      let token: string | undefined;
      const all: BrowserRow[] = [];
      let shownAt = 0;
      let shownCount = -1;
      const show = () => {
        setRows(all.slice());
        shownAt = Date.now();
        shownCount = all.length;
      };
      try {
        do {
          const page = await api().call(storageContract.list, { clusterId, connectionId, bucket, prefix: prefix + search, token });
          if (!live) return;
          for (const r of rowsOf(prefix, page.folders, page.objects)) all.push(r);
          token = page.next;
          if (shownCount < 0 || Date.now() - shownAt >= SHOW_EVERY_MS) show();
          if (all.length >= MAX_ENTRIES && token) {
            setCapped(true);
            break;
          }
        } while (token);
      } catch (e) {
        if (live) setError(e as AppError);
      } finally {
        if (live) {
          if (shownCount !== all.length) show();
          setLoading(false);
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [clusterId, connectionId, bucket, prefix, search, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { rows, loading, capped, error, reload };
}
