// SPDX-License-Identifier: Apache-2.0
/**
 * The builder's state (zustand): the pipeline graph with its undo history, the selection, the
 * copied tasks, and the last refusal to show. Every edit goes through `edit`, which records it
 * for undo and turns an AppError into the refusal instead of throwing it at the component.
 */
import { create } from 'zustand';
import { AppError } from '../../../shared/errors';
import { emptyGraph } from '../../../shared/kfp/graph-edit';
import type { PipelineGraph } from '../../../shared/kfp/graph-types';
import { copyTasks, deleteItems, pasteTasks, type CopiedTask } from './canvas-edits';
import { pushState, redo, startHistory, undo, type History } from './undo-stack';

interface BuilderState {
  history: History<PipelineGraph>;
  /** Selected tasks and groups. */
  selection: string[];
  /** Selected edges. */
  selectedEdges: string[];
  clipboard: CopiedTask[];
  /** Why the last edit was refused. */
  refusal: string | undefined;
  /** The draft the graph belongs to (use-builder-draft.ts's key of cluster and starting point). */
  owner: string | undefined;
  /** Replaces the graph (an import, a draft), starting a new history; `owner` when it is another draft's. */
  load(graph: PipelineGraph, owner?: string): void;
  /** Applies an edit; returns whether it was made. */
  edit(fn: (g: PipelineGraph) => PipelineGraph): boolean;
  undo(): void;
  redo(): void;
  select(items: string[], edges?: string[]): void;
  deleteSelection(): void;
  copy(): void;
  paste(): void;
  refuse(reason: string | undefined): void;
}

function reason(e: unknown): string {
  if (e instanceof AppError) return e.message;
  return `Unexpected error: ${e instanceof Error ? e.message : String(e)}`;
}

export const useBuilder = create<BuilderState>((set, get) => ({
  history: startHistory(emptyGraph('my-pipeline')),
  selection: [],
  selectedEdges: [],
  clipboard: [],
  refusal: undefined,
  owner: undefined,
  load: (graph, owner) =>
    set({ history: startHistory(graph), selection: [], selectedEdges: [], refusal: undefined, ...(owner !== undefined ? { owner } : {}) }),
  edit: (fn) => {
    try {
      const next = fn(get().history.present);
      set({ history: pushState(get().history, next), refusal: undefined });
      return true;
    } catch (e) {
      if (!(e instanceof AppError)) console.error(e);
      set({ refusal: reason(e) });
      return false;
    }
  },
  undo: () => set({ history: undo(get().history), refusal: undefined }),
  redo: () => set({ history: redo(get().history), refusal: undefined }),
  select: (items, edges = []) => {
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (!same(items, get().selection) || !same(edges, get().selectedEdges)) set({ selection: items, selectedEdges: edges });
  },
  deleteSelection: () => {
    const { selection, selectedEdges, edit } = get();
    if (selection.length === 0 && selectedEdges.length === 0) return;
    if (edit((g) => deleteItems(g, selection, selectedEdges))) set({ selection: [], selectedEdges: [] });
  },
  copy: () => set({ clipboard: copyTasks(get().history.present, get().selection) }),
  paste: () => {
    const { clipboard, edit } = get();
    if (clipboard.length === 0) return;
    let ids: string[] = [];
    if (
      edit((g) => {
        const r = pasteTasks(g, clipboard);
        ids = r.ids;
        return r.graph;
      })
    )
      set({ selection: ids, selectedEdges: [] });
  },
  refuse: (r) => set({ refusal: r }),
}));

/** The graph being built. */
export function useGraph(): PipelineGraph {
  return useBuilder((s) => s.history.present);
}
