// SPDX-License-Identifier: Apache-2.0
/**
 * What MLDeck saw of KFP runs, kept for offline use: each run with its placed tasks, the spec and
 * names of the pipeline versions runs ran, a task's drawer and the artifacts previewed, as JSON
 * rows with the time they were seen, in `cache/pipeline-runs-cache.sqlite` (platform/cache/kept-rows.ts).
 */
import { KeptRows } from '../../platform/cache/kept-rows';

/** What a row holds. */
export type RunDetailsCacheKind = 'run' | 'version' | 'task' | 'artifact';

/** The run page's offline rows. */
export class RunDetailsCache extends KeptRows<RunDetailsCacheKind> {
  /** @throws AppError('unavailable') when no file can be opened */
  constructor(file: string) {
    super(file, 'run_rows', 'pipeline runs cache');
  }
}
