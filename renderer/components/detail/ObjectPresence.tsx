// SPDX-License-Identifier: Apache-2.0
/**
 * What an object's page says under its header about the slice it reads the object from: the
 * banner when the slice is not live, its error, and, while the object is not there, "Loading…"
 * or that it is not in the namespace (as last seen, when stale).
 */
import type { ReactNode } from 'react';
import type { SliceState } from '../../lib/sync/use-slice';
import { ErrorNote } from '../ErrorNote';
import { FreshnessBanner } from '../FreshnessBanner';

/** Whether a slice's status is neither live nor syncing. */
export function isStale(slice: Pick<SliceState, 'status'>): boolean {
  return !!slice.status && slice.status.freshness !== 'live' && slice.status.freshness !== 'syncing';
}

/**
 * The notes; `notes` go after the slice's error.
 * @param what - what the object is, in "<what> <name> is not in namespace …"
 */
export function ObjectPresence(props: { slice: SliceState; found: boolean; what: string; name: string; namespace: string; notes?: ReactNode }) {
  const { slice } = props;
  const stale = isStale(slice);
  return (
    <>
      {stale && <FreshnessBanner status={slice.status} />}
      {slice.error && <ErrorNote error={slice.error} />}
      {props.notes}
      {!props.found && !slice.error && slice.status?.freshness !== 'forbidden' && (
        <div className="muted" role="status">
          {slice.items === undefined || slice.status?.freshness === 'syncing'
            ? 'Loading…'
            : `${props.what} ${props.name} is not in namespace ${props.namespace}${stale ? ' as last seen' : ''}; it may have been deleted.`}
        </div>
      )}
    </>
  );
}
