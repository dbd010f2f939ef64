// SPDX-License-Identifier: Apache-2.0
/**
 * ParallelFor loops on the run graph: each loop frame can show all its iterations at once (each
 * task box counting them by state) or one iteration picked (each box in that iteration's state,
 * its drawer at that iteration). An iteration of a task is the path of iteration indexes of the
 * loops holding it, outermost first (`[2, 0]`): a pick filters the instances at its loop's depth.
 * The structure does not change with a pick (no layout again), only the states shown. Pure.
 */
import type { RunTask } from '../../../../shared/features/pipelines/run-details.contract';
import type { ItemId } from '../../../../shared/kfp/graph-types';
import { combinedState, type ItemState } from './run-states';

/** The iteration picked in each loop frame (a loop not in it shows all its iterations). */
export type LoopPicks = ReadonlyMap<ItemId, number>;

/** One iteration of a loop, with its state. */
export interface LoopIteration {
  index: number;
  state: ItemState;
}

/** What a loop frame shows of its iterations. */
export interface LoopView {
  /** The iterations KFP lists (within the picks of the loops around it), in order. */
  iterations: LoopIteration[];
  /** How many it has: those listed, or when more (iterations not started yet) the spec's list or the loop driver's count. */
  total: number;
  /** The iteration picked, null for all. */
  picked: number | null;
}

/** A box's place among loops: its parent and whether it is a loop. */
export interface LoopShapeItem {
  id: ItemId;
  parent: ItemId | null;
  kind: 'task' | 'group';
  groupKind: string;
}

/** The loops holding each item (not itself), outermost first. */
export function loopChains(items: readonly LoopShapeItem[]): Map<ItemId, ItemId[]> {
  const byId = new Map(items.map((i) => [i.id, i]));
  const out = new Map<ItemId, ItemId[]>();
  const chain = (id: ItemId): ItemId[] => {
    const known = out.get(id);
    if (known) return known;
    out.set(id, []); // a cycle (none in a spec) ends here
    const p = byId.get(id)?.parent ?? null;
    const parent = p === null ? undefined : byId.get(p);
    const mine = parent ? [...chain(parent.id), ...(parent.kind === 'group' && parent.groupKind === 'loop' ? [parent.id] : [])] : [];
    out.set(id, mine);
    return mine;
  };
  for (const i of items) chain(i.id);
  return out;
}

/** Whether an instance's iterations fit the picks of the loops holding it (`chain`, outermost first). */
export function fitsPicks(iterations: readonly number[], chain: readonly ItemId[], picks: LoopPicks): boolean {
  for (let d = 0; d < chain.length; d++) {
    const p = picks.get(chain[d] ?? '');
    if (p !== undefined && iterations[d] !== p) return false;
  }
  return true;
}

/**
 * A loop's iterations from the run's iteration nodes, within the picks of the loops around it.
 * @param chain - the loops holding the loop, outermost first
 * @param specCount - how many items the spec's list has, when it is a constant
 */
export function loopView(loop: ItemId, chain: readonly ItemId[], tasks: readonly RunTask[], picks: LoopPicks, specCount?: number): LoopView {
  const depth = chain.length;
  const states = new Map<number, ItemState[]>();
  for (const t of tasks) {
    if (t.role !== 'iteration' || t.graphId !== loop || t.iterations.length !== depth + 1) continue;
    if (!fitsPicks(t.iterations, chain, picks)) continue;
    const index = t.iterations[depth] ?? 0;
    states.set(index, [...(states.get(index) ?? []), t.state]);
  }
  const iterations = [...states.entries()].sort((a, b) => a[0] - b[0]).map(([index, s]) => ({ index, state: combinedState(s) }));
  const listed = iterations.length ? (iterations[iterations.length - 1]?.index ?? 0) + 1 : 0;
  // the loop's driver says how many there are once it ran (a list from a task's output), before they start
  let driven = 0;
  for (const t of tasks)
    if (t.iterationCount !== undefined && t.graphId === loop && t.iterations.length === depth && fitsPicks(t.iterations, chain, picks))
      driven = Math.max(driven, t.iterationCount);
  return { iterations, total: Math.max(listed, specCount ?? 0, driven), picked: picks.get(loop) ?? null };
}

/** How many items a loop's constant list has (`raw` JSON text of the spec's iterator), undefined when not a constant list. */
export function rawItemCount(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.length : undefined;
  } catch {
    return undefined;
  }
}

/** The picks with one loop's pick set (null: all its iterations). */
export function withPick(picks: LoopPicks, loop: ItemId, index: number | null): Map<ItemId, number> {
  const next = new Map(picks);
  if (index === null) next.delete(loop);
  else next.set(loop, index);
  return next;
}

/** The picks that show one instance: each loop holding it set to its iteration there. */
export function picksFor(picks: LoopPicks, chain: readonly ItemId[], iterations: readonly number[]): Map<ItemId, number> {
  const next = new Map(picks);
  chain.forEach((loop, d) => {
    const i = iterations[d];
    if (i !== undefined) next.set(loop, i);
  });
  return next;
}

/** The first failed iteration after `from` (wrapping), for "next failed"; undefined when none failed. */
export function nextFailed(view: LoopView, from: number | null): number | undefined {
  const failed = view.iterations.filter((i) => i.state === 'FAILED').map((i) => i.index);
  return failed.find((i) => from === null || i > from) ?? failed[0];
}

/** The instance the drawer shows: the one the loops' picks name, else a failed, running or first one among those they allow. */
export function shownInstance(
  instances: readonly RunTask[],
  loops: readonly string[],
  picks: LoopPicks,
): { current: RunTask | undefined; iterations: number[] } {
  const pattern = loops.map((l) => picks.get(l));
  const fits = (t: RunTask) => pattern.every((p, d) => p === undefined || t.iterations[d] === p);
  const allowed = instances.filter(fits);
  const full = loops.length > 0 && pattern.every((p) => p !== undefined);
  const current = full ? allowed[0] : (allowed.find((t) => t.state === 'FAILED') ?? allowed.find((t) => t.state === 'RUNNING') ?? allowed[0]);
  return { current, iterations: current?.iterations ?? (full ? (pattern as number[]) : []) };
}
