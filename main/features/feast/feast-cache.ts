// SPDX-License-Identifier: Apache-2.0
/**
 * What MLDeck saw of each cluster's Feast registries, kept for offline use: the registries found,
 * each registry's projects and each project with its objects and lineage, as JSON rows with the
 * time they were seen, in `cache/feast-cache.sqlite` (platform/cache/kept-rows.ts).
 */
import { KeptRows } from '../../platform/cache/kept-rows';

/** What a row holds. */
export type FeastCacheKind = 'registries' | 'projects' | 'project';

/** Feast's offline rows. */
export class FeastCache extends KeptRows<FeastCacheKind> {
  /** @throws AppError('unavailable') when no file can be opened */
  constructor(file: string) {
    super(file, 'feast_rows', 'Feast cache');
  }
}
