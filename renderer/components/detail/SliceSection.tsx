// SPDX-License-Identifier: Apache-2.0
/**
 * A section of an object's page that shows rows of another slice (its pods, its events): the
 * title, the banner when that slice is forbidden, its error, and "Loading…", "not known" (a
 * slice never read from its cluster) or the page's "nothing here" text while there is nothing to show.
 */
import type { ReactNode } from 'react';
import type { AppError } from '../../../shared/errors';
import type { SliceState } from '../../lib/sync/use-slice';
import { neverRead } from '../../lib/slice-known';
import { ErrorNote } from '../ErrorNote';
import { FreshnessBanner } from '../FreshnessBanner';

/** The section (its content is `children` once `empty` is false). */
export function SliceSection(props: {
  title: string;
  /** The slice; without `error`, an error is not shown here. */
  slice: Pick<SliceState, 'items' | 'status'> & { error?: AppError | undefined };
  empty: boolean;
  emptyText: string;
  emptyTestId?: string;
  children: ReactNode;
}) {
  const { slice } = props;
  return (
    <>
      <h2>{props.title}</h2>
      {slice.status?.freshness === 'forbidden' && <FreshnessBanner status={slice.status} />}
      {slice.error && <ErrorNote error={slice.error} />}
      {props.empty ? (
        <p className="muted" data-testid={props.emptyTestId}>
          {slice.items === undefined
            ? 'Loading…'
            : neverRead(slice.status)
              ? `Not known: MLDeck has never read this from the cluster${slice.status?.reason ? ` (${slice.status.reason})` : ''}.`
              : props.emptyText}
        </p>
      ) : (
        props.children
      )}
    </>
  );
}
