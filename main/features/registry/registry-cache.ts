// SPDX-License-Identifier: Apache-2.0
/**
 * What MLDeck saw of each cluster's MLflow, kept for offline use: the models list, each model
 * with its versions, each version's detail, metric histories and artifact folders, as JSON rows
 * with the time they were seen, in `cache/registry-cache.sqlite` (platform/cache/kept-rows.ts).
 */
import { KeptRows } from '../../platform/cache/kept-rows';

export type { Seen } from '../../platform/cache/kept-rows';

/** What a row holds. */
export type RegistryCacheKind = 'models' | 'model' | 'version' | 'history' | 'artifacts';

/** The registry's offline rows. */
export class RegistryCache extends KeptRows<RegistryCacheKind> {
  /** @throws AppError('unavailable') when no file can be opened */
  constructor(file: string) {
    super(file, 'registry_rows', 'registry cache');
  }
}
