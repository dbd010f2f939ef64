// SPDX-License-Identifier: Apache-2.0
/**
 * Comparing runs: each reference is read by its source (Katib trials, KFP runs, MLflow runs,
 * training jobs; four at a time, answers in the order asked) and kept as read; when a source
 * cannot be reached (`unavailable`, `timeout`) the run is served as last read, with that time and
 * why. Saved comparisons: their selection and view settings, listed newest first, renamed,
 * deleted; a saved comparison's selection is checked again when read back (a file from another
 * MLDeck version is reported, never handed on).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError, isAppError } from '../../../shared/errors';
import { RunRef, runKey, type ComparedRun } from '../../../shared/features/compare/compare-model';
import {
  ViewSettings,
  type ComparisonSummary,
  type RenameRequest,
  type ResolvedRun,
  type SaveRequest,
  type SavedComparison,
} from '../../../shared/features/compare/compare.contract';
import { toErrorData } from '../../ipc/to-result';
import type { CompareStore, ComparisonRow } from './compare-store';
import type { RunSourceReader } from './sources/run-source';

/** A reader per source; a source MLDeck cannot read here is absent. */
export type RunSources = { [S in RunRef['source']]?: RunSourceReader<Extract<RunRef, { source: S }>> };

const unreachable = (e: unknown) => isAppError(e) && (e.code === 'unavailable' || e.code === 'timeout');
const sourceWords: Record<RunRef['source'], string> = { katib: 'Katib trials', kfp: 'KFP runs', mlflow: 'MLflow runs', job: 'training jobs' };

/** The comparison service. */
export class CompareService {
  constructor(
    private readonly store: CompareStore,
    private readonly sources: RunSources,
    private readonly now: () => number = Date.now,
    private readonly logError: (e: unknown) => void = (e) => console.error('[compare] a run could not be read:', e),
  ) {}

  /** Reads every run (see the file comment). */
  async resolve(refs: readonly RunRef[]): Promise<ResolvedRun[]> {
    const out: ResolvedRun[] = new Array(refs.length);
    let next = 0;
    const worker = async () => {
      while (next < refs.length) {
        const i = next++;
        out[i] = await this.resolveOne(refs[i] as RunRef);
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, refs.length) }, worker));
    return out;
  }

  private async resolveOne(ref: RunRef): Promise<ResolvedRun> {
    const key = runKey(ref);
    try {
      const reader = this.sources[ref.source] as RunSourceReader<RunRef> | undefined;
      if (!reader) throw new AppError('unavailable', `MLDeck cannot read ${sourceWords[ref.source]} here.`);
      const run = await reader.read(ref);
      this.store.putRun(key, run.fetchedAt, JSON.stringify(run));
      return { key, ok: true, run };
    } catch (e) {
      if (!isAppError(e)) this.logError(e);
      const kept = unreachable(e) ? this.store.getRun(key) : undefined;
      if (kept) return { key, ok: true, run: JSON.parse(kept.json) as ComparedRun, cachedAt: kept.fetchedAt, problem: (e as AppError).message };
      return { key, ok: false, ref, error: toErrorData(e) };
    }
  }

  save(req: SaveRequest): ComparisonSummary {
    const at = this.store.changeTime(this.now());
    const old = req.id ? this.store.get(req.id) : undefined;
    if (req.id && !old) throw new AppError('not-found', 'That comparison is no longer saved.');
    const row: ComparisonRow = {
      id: old?.id ?? randomUUID(),
      name: req.name,
      createdAt: old?.createdAt ?? at,
      updatedAt: at,
      runs: req.refs.length,
      refsJson: JSON.stringify(req.refs),
      viewJson: JSON.stringify(req.view),
    };
    this.store.put(row);
    return summary(row);
  }

  list(): ComparisonSummary[] {
    return this.store.list().map(summary);
  }

  /** @throws AppError('not-found') when not saved, ('internal') when what is kept cannot be read */
  get(id: string): SavedComparison {
    const row = this.store.get(id);
    if (!row) throw new AppError('not-found', 'That comparison is no longer saved.');
    let parsed: unknown;
    try {
      parsed = { refs: JSON.parse(row.refsJson), view: JSON.parse(row.viewJson) };
    } catch (e) {
      throw new AppError('internal', `The comparison "${row.name}" cannot be read.`, (e as Error).message);
    }
    const shape = z.object({ refs: z.array(RunRef), view: ViewSettings }).safeParse(parsed);
    if (!shape.success)
      throw new AppError('internal', `The comparison "${row.name}" is not one this version of MLDeck can open.`, shape.error.issues[0]?.message);
    return { ...summary(row), refs: shape.data.refs, view: shape.data.view };
  }

  rename(req: RenameRequest): ComparisonSummary {
    if (!this.store.rename(req.id, req.name, this.store.changeTime(this.now()))) throw new AppError('not-found', 'That comparison is no longer saved.');
    return summary(this.store.get(req.id) as ComparisonRow);
  }

  delete(id: string): void {
    if (!this.store.remove(id)) throw new AppError('not-found', 'That comparison is no longer saved.');
  }
}

function summary(r: ComparisonRow): ComparisonSummary {
  return { id: r.id, name: r.name, runs: r.runs, createdAt: r.createdAt, updatedAt: r.updatedAt };
}
