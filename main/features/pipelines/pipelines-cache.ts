// SPDX-License-Identifier: Apache-2.0
/**
 * What MLDeck saw of each cluster's KFP, kept for offline use: the pipelines list, each
 * pipeline with its versions and each version with its spec, as JSON rows with the time they
 * were seen, in `cache/pipelines-cache.sqlite` (platform/cache/kept-rows.ts).
 */
import { KeptRows } from '../../platform/cache/kept-rows';

export type { Seen } from '../../platform/cache/kept-rows';

/** What a row holds. */
export type PipelinesCacheKind = 'pipelines' | 'pipeline' | 'version';

/** The pipelines' offline rows. */
export class PipelinesCache extends KeptRows<PipelinesCacheKind> {
  /** @throws AppError('unavailable') when no file can be opened */
  constructor(file: string) {
    super(file, 'pipeline_rows', 'pipelines cache');
  }
}
