// SPDX-License-Identifier: Apache-2.0
/**
 * The run graph for the page: the pipeline graph and its boxes built once per run's spec
 * (shared/kfp; kept in memory for the next visit), the groups the user collapsed (a big run starts
 * with its outer groups collapsed), the iteration picked in each loop (run-loops.ts), and the view
 * with the run's states.
 */
import { useCallback, useMemo, useState } from 'react';
import type { RunDetail } from '../../../../shared/features/pipelines/run-details.contract';
import type { PipelineGraph } from '../../../../shared/kfp/graph-types';
import { runSpecGraph } from '../../../../shared/features/pipelines/run-spec-graph';
import { runGraphView, runShape, withRunCounts, type RunGraphView, type RunShape } from './run-graph-model';
import { loopChains, picksFor, withPick, type LoopPicks } from './run-loops';
import { builtSpecs, type BuiltSpec } from './run-memory';

/** More task boxes than this and the outer groups start collapsed. */
const bigRun = 100;

/** The groups a run's graph starts with collapsed: none, or for a big pipeline its outermost groups. */
export function startCollapsed(shape: RunShape): string[] {
  if (shape.items.filter((i) => i.kind === 'task').length <= bigRun) return [];
  return shape.items.filter((i) => i.kind === 'group' && i.parent === null).map((i) => i.id);
}

/** The graph and boxes of a run's spec, built once per `specKey` (kept in memory). */
export function builtSpec(specKey: string, spec: unknown): BuiltSpec {
  const kept = builtSpecs.get(specKey);
  if (kept) return kept;
  const built = runSpecGraph(spec);
  const out: BuiltSpec = built.graph ? { graph: built.graph, shape: runShape(built.graph) } : { problem: built.problem };
  builtSpecs.set(specKey, out);
  return out;
}

/** The view, the collapse toggle, expand-all and collapse-all, and a problem. */
export function useRunGraph(run: RunDetail | undefined): {
  view: RunGraphView | undefined;
  graph: PipelineGraph | undefined;
  problem: string | undefined;
  toggle(id: string): void;
  /** Opens every group (`true`), or collapses the outermost ones (`false`). */
  openAll(open: boolean): void;
  /** The iteration picked in each loop. */
  picks: LoopPicks;
  /** Picks an iteration of a loop (null: all). */
  pick(loop: string, index: number | null): void;
  /** The loops holding an item, outermost first. */
  loopsOf(id: string): string[];
  /** Picks, in each loop holding an item, its iteration there (the graph then shows that instance). */
  showInstance(id: string, iterations: readonly number[]): void;
} {
  const specKey = run ? `${run.runId}|${run.versionId}` : '';
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the spec of a run does not change: built once per run
  const built = useMemo(() => (run ? builtSpec(specKey, run.spec) : undefined), [specKey]);
  const graph = built?.graph;
  const shape = built?.shape;
  // a big run opens with its outer groups collapsed (each one box with its tasks counted by state), every loop showing all its iterations:
  // from the first render when the run is at hand (kept from an earlier visit: no render of the whole graph thrown away), else when it comes
  const [opened, setOpened] = useState<string>(() => (shape ? specKey : ''));
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set(shape ? startCollapsed(shape) : []));
  const [picks, setPicks] = useState<LoopPicks>(new Map());
  if (shape && opened !== specKey) {
    setOpened(specKey);
    setCollapsed(new Set(startCollapsed(shape)));
    setPicks(new Map());
  }
  const chains = useMemo(() => (shape ? loopChains(shape.items) : new Map<string, string[]>()), [shape]);
  const pick = useCallback((loop: string, index: number | null) => setPicks((p) => withPick(p, loop, index)), []);
  const loopsOf = useCallback((id: string) => chains.get(id) ?? [], [chains]);
  const showInstance = useCallback((id: string, iterations: readonly number[]) => setPicks((p) => picksFor(p, chains.get(id) ?? [], iterations)), [chains]);
  const toggle = useCallback((id: string) => {
    setCollapsed((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const openAll = useCallback(
    (open: boolean) => setCollapsed(open || !shape ? new Set() : new Set(shape.items.filter((i) => i.kind === 'group' && i.parent === null).map((i) => i.id))),
    [shape],
  );
  const tasks = run?.tasks;
  const parameters = run?.parameters;
  // a loop over a pipeline parameter has as many iterations as the run's value of it
  const counted = useMemo(() => (shape && parameters ? withRunCounts(shape, parameters) : shape), [shape, parameters]);
  const view = useMemo(() => (counted && tasks ? runGraphView(counted, tasks, collapsed, picks) : undefined), [counted, tasks, collapsed, picks]);
  return { view, graph, problem: built?.problem, toggle, openAll, picks, pick, loopsOf, showInstance };
}
