// SPDX-License-Identifier: Apache-2.0
/** Where a pipelines page's data came from: a quiet line when live, a warning with the date when from the cache. */
import type { KfpOrigin } from '../../../shared/features/pipelines/pipelines.contract';
import { originText } from './pipelines-view-model';

/** The note. */
export function KfpOriginNote({ origin }: { origin: KfpOrigin | undefined }) {
  if (!origin) return null;
  if (origin.kind === 'cache')
    return (
      <p className="note warn small" role="status" data-testid="kfp-cached">
        KFP cannot be reached; showing what MLDeck saw at {new Date(origin.seenAt).toLocaleString()} ({origin.why})
      </p>
    );
  return (
    <span className="muted small" data-testid="kfp-origin">
      {originText(origin)}
    </span>
  );
}
