// SPDX-License-Identifier: Apache-2.0
/**
 * The comparison being put together: the run references the user added from any list ("Add to
 * comparison" on Katib trials, KFP runs, jobs, MLflow runs) and, once saved or reopened, which
 * saved comparison it is. Kept in localStorage (references only: no credentials, no run data), so
 * it survives a reload; the compare page reads and changes it.
 */
import { create } from 'zustand';
import { RunRef, runKey } from '../../shared/features/compare/compare-model';
import { maxComparedRuns } from '../../shared/features/compare/compare.contract';

const storageKey = 'mldeck.compare.selection';

interface Kept {
  refs: RunRef[];
  savedId: string | undefined;
  name: string;
}

function load(): Kept {
  try {
    const v = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as Partial<Kept> | null;
    const refs = (Array.isArray(v?.refs) ? v.refs : []).filter((r) => RunRef.safeParse(r).success) as RunRef[];
    return {
      refs: refs.slice(0, maxComparedRuns),
      savedId: typeof v?.savedId === 'string' ? v.savedId : undefined,
      name: typeof v?.name === 'string' ? v.name : '',
    };
  } catch {
    return { refs: [], savedId: undefined, name: '' }; // unreadable: start empty (nothing else is kept there)
  }
}

/** The selection's state and changes. */
export interface ComparisonState extends Kept {
  /** Adds a run (false when it is there already or the comparison is full). */
  add(ref: RunRef): boolean;
  remove(key: string): void;
  has(key: string): boolean;
  /** Starts from a saved comparison (or a new, empty one). */
  open(c: { refs: RunRef[]; savedId: string | undefined; name: string }): void;
}

/** The selection store. */
export const useComparison = create<ComparisonState>((set, get) => {
  const keep = (k: Kept) => {
    set(k);
    try {
      localStorage.setItem(storageKey, JSON.stringify(k));
    } catch {
      /* storage full or off: the selection still lives for this window */
    }
  };
  const kept = () => ({ refs: get().refs, savedId: get().savedId, name: get().name });
  return {
    ...load(),
    add(ref) {
      const key = runKey(ref);
      if (get().refs.some((r) => runKey(r) === key) || get().refs.length >= maxComparedRuns) return false;
      keep({ ...kept(), refs: [...get().refs, ref] });
      return true;
    },
    remove(key) {
      keep({ ...kept(), refs: get().refs.filter((r) => runKey(r) !== key) });
    },
    has(key) {
      return get().refs.some((r) => runKey(r) === key);
    },
    open(c) {
      keep({ refs: c.refs.slice(0, maxComparedRuns), savedId: c.savedId, name: c.name });
    },
  };
});
