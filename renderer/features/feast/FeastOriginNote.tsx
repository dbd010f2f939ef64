// SPDX-License-Identifier: Apache-2.0
/** Where a Features page's data came from: a quiet line when read live, a warning with the date ("cached at …") when from the cache. */
import type { FeastOrigin } from '../../../shared/features/feast/feast.contract';
import { originText } from './feast-model';

/** The note. */
export function FeastOriginNote({ origin }: { origin: FeastOrigin | undefined }) {
  if (!origin) return null;
  if (origin.kind === 'cache')
    return (
      <p className="note warn small" role="status" data-testid="feast-origin" data-origin="cache">
        The registry cannot be reached; cached at {new Date(origin.seenAt).toLocaleString()} ({origin.why})
      </p>
    );
  return (
    <span className="muted small" data-testid="feast-origin" data-origin={origin.kind}>
      {originText(origin)}
    </span>
  );
}
