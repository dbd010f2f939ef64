// SPDX-License-Identifier: Apache-2.0
/**
 * The KFP run artifacts MLDeck fetched, kept for offline use: a task's artifact listing and each
 * artifact's preview content, as JSON rows with the time they were fetched, in
 * `cache/pipeline-artifacts-cache.sqlite` (platform/cache/kept-rows.ts).
 */
import { KeptRows } from '../../platform/cache/kept-rows';

/** What a row holds: a task's listing, or one artifact's content. */
export type RunArtifactsCacheKind = 'listing' | 'content';

/** The artifacts' offline rows. */
export class RunArtifactsCache extends KeptRows<RunArtifactsCacheKind> {
  /** @throws AppError('unavailable') when no file can be opened */
  constructor(file: string) {
    super(file, 'artifact_rows', 'pipeline artifacts cache');
  }
}
