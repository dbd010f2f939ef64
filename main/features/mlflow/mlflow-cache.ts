// SPDX-License-Identifier: Apache-2.0
/**
 * What the MLflow feature saw of each tracking server besides the runs index: experiment lists,
 * run pages, metric histories, artifact folders and a run's model versions, as JSON rows keyed
 * by server id with the time they were seen (`cache/mlflow-cache.sqlite`, platform/cache/kept-rows.ts).
 */
import { KeptRows } from '../../platform/cache/kept-rows';

/** What a row holds. */
export type MlflowCacheKind = 'experiments' | 'run' | 'history' | 'artifacts' | 'models';

/** The feature's offline rows. */
export class MlflowCache extends KeptRows<MlflowCacheKind> {
  /** @throws AppError('unavailable') when no file can be opened */
  constructor(file: string) {
    super(file, 'mlflow_rows', 'MLflow cache');
  }
}
