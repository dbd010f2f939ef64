// SPDX-License-Identifier: Apache-2.0
/**
 * Places a KFP run's `run_details.task_details` on its pipeline graph. KFP 2.17 fills them from
 * the Argo Workflow's nodes: each entry is a node (its display name, state, times) and lists the
 * ids of its children, but not its own id. Argo names a node by its path
 * (`<wf>.root.for-loop-1.iteration-iterations(2:2).iteration-item.score.executor`) and its id is
 * `<wf>-<FNV-32a of that name>`, so the tree is rebuilt from the root: a child id is the id of a
 * known node's name (or one of its ancestors') followed by a display name. The path then gives the
 * graph item (the task names from the root DAG, `for-loop-1/score`), the loop iterations and the
 * role (the task itself, its driver, its executor pod). Pure.
 */
import type { RunState, RunTask, RunTaskRole } from '../../../shared/features/pipelines/run-details.contract';

/** A task detail as KFP answers it. */
export interface WireTask {
  task_id?: string;
  display_name?: string;
  state?: string;
  start_time?: string;
  end_time?: string;
  create_time?: string;
  child_tasks?: { pod_name?: string; task_id?: string }[];
}

const encoder = new TextEncoder();

/** FNV-32a state after `s`'s UTF-8 bytes, from `h` (streaming: the hash of a + b is fnvFrom(fnvFrom(offset, a), b)). */
function fnvFrom(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      // not ASCII: hash the UTF-8 bytes of the rest
      for (const b of encoder.encode(s.slice(i))) h = Math.imul(h ^ b, 0x01000193) >>> 0;
      return h;
    }
    h = Math.imul(h ^ c, 0x01000193) >>> 0;
  }
  return h;
}

const FNV_OFFSET = 0x811c9dc5;

/** FNV-32a of a string's UTF-8 bytes, as Argo hashes node names. */
export function fnv32a(s: string): number {
  return fnvFrom(FNV_OFFSET, s);
}

/** Argo's id of a node of a Workflow (the root node's id is the Workflow's name). */
export function argoNodeId(workflow: string, nodeName: string): string {
  return nodeName === workflow ? workflow : `${workflow}-${fnv32a(nodeName)}`;
}

/** Whether a pod name is Argo's (v2) name of a node: `<wf>-<template>-<the node id's hash>` (the template varies: `system-container-impl`, `retry-system-container-impl`, …). */
export function isPodOfNode(podName: string, workflow: string, nodeId: string): boolean {
  const hash = nodeId.slice(nodeId.lastIndexOf('-') + 1);
  return podName === nodeId || (podName.startsWith(`${workflow}-`) && podName.endsWith(`-${hash}`));
}

/** A node name's segments (dots inside an iteration's parentheses are not separators). */
export function nameSegments(name: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of name) {
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const STATES: ReadonlySet<string> = new Set(['PENDING', 'RUNNING', 'SUCCEEDED', 'SKIPPED', 'FAILED', 'CANCELING', 'CANCELED', 'PAUSED']);

/** KFP's state word, or unspecified. */
export function runState(s: string | undefined): RunState {
  return s && STATES.has(s) ? (s as RunState) : 'RUNTIME_STATE_UNSPECIFIED';
}

const ITERATION = /^iteration-iterations\((\d+):.*\)$/;

/** Where a node sits on the graph, from its name's segments after the Workflow's. */
export function placeByName(segments: readonly string[]): { role: RunTaskRole; graphId: string; iterations: number[] } {
  const path: string[] = [];
  const iterations: number[] = [];
  const rest = segments[0] === 'root' ? segments.slice(1) : segments;
  if (segments.length === 0 || (segments.length === 1 && segments[0] === 'root')) return { role: 'root', graphId: '', iterations };
  if (segments[0] === 'root-driver') return { role: 'driver', graphId: '', iterations };
  let role: RunTaskRole = 'node';
  rest.forEach((seg, i) => {
    const last = i === rest.length - 1;
    const it = ITERATION.exec(seg);
    if (it) {
      iterations.push(Number(it[1]));
      if (last) role = 'iteration';
      return;
    }
    if (seg === 'iteration-item' || seg === 'iteration-iterations') {
      if (last) role = 'internal';
      return;
    }
    if (/^executor(\(\d+\))?$/.test(seg)) {
      if (last) role = 'executor';
      return;
    }
    if (last && (seg === 'iteration-driver' || seg === 'iteration-item-driver')) {
      role = 'driver';
      return;
    }
    if (last && seg.endsWith('-driver')) {
      role = 'driver';
      path.push(seg.slice(0, -'-driver'.length));
      return;
    }
    path.push(seg);
  });
  return { role, graphId: path.join('/'), iterations };
}

/** The Workflow's name: every child id is `<workflow>-<number>`. */
function workflowOf(tasks: readonly WireTask[]): string {
  for (const t of tasks)
    for (const c of t.child_tasks ?? []) {
      const m = /^(.*)-\d+$/.exec(c.pod_name ?? '');
      if (m?.[1]) return m[1];
    }
  return '';
}

/** What {@link placeTasks} gives. */
export interface PlacedTasks {
  workflow: string;
  tasks: RunTask[];
  unplaced: number;
}

/**
 * Rebuilds the node tree of a run's task details and places each on the graph.
 * @param messages - Argo node messages by node id (from the Workflow, when it could be read)
 */
export function placeTasks(wire: readonly WireTask[], messages: ReadonlyMap<string, string> = new Map()): PlacedTasks {
  const workflow = workflowOf(wire);
  const children = (t: WireTask) => (t.child_tasks ?? []).map((c) => c.pod_name ?? '').filter(Boolean);
  const byName = new Map<string, number[]>();
  wire.forEach((t, i) => {
    const d = t.display_name ?? '';
    byName.set(d, [...(byName.get(d) ?? []), i]);
  });
  // an executor's own entry cannot be told from its twins in other iterations: its pods are
  // found from its task's node instead (below)
  const names = [...byName.keys()].filter((d) => !/^executor(\(\d+\))?$/.test(d));
  const placedName = new Map<number, string>();
  const placedId = new Map<number, string>();
  const taken = new Set<string>();
  const rootIx = (byName.get(workflow) ?? [])[0];
  const queue: number[] = [];
  if (workflow && rootIx !== undefined) {
    placedName.set(rootIx, workflow);
    placedId.set(rootIx, workflow);
    taken.add(workflow);
    queue.push(rootIx);
  }
  // the ids of `<name>.<display name>` for every display name, by id (hashed from the name's state once)
  const under = new Map<string, Map<string, string>>();
  const childIds = (name: string): Map<string, string> => {
    let m = under.get(name);
    if (!m) {
      m = new Map();
      const h = fnvFrom(FNV_OFFSET, `${name}.`);
      for (const d of names) m.set(`${workflow}-${fnvFrom(h, d)}`, d);
      under.set(name, m);
    }
    return m;
  };
  const parentName = (name: string) => nameSegments(name).slice(0, -1).join('.');
  // a candidate fits a name when one of its own children is named under that name or beside it
  // (a container task's one child is its executor: `<name>.executor`, the same display name in every iteration)
  const fits = (ix: number, name: string): boolean => {
    const kids = children(wire[ix] ?? {});
    if (kids.length === 0) return true;
    const mine = childIds(name);
    const beside = childIds(parentName(name));
    const executor = argoNodeId(workflow, `${name}.executor`);
    return kids.some((k) => mine.has(k) || beside.has(k) || k === executor);
  };
  while (queue.length) {
    const ix = queue.shift() as number;
    const name = placedName.get(ix) as string;
    const segs = nameSegments(name);
    const prefixes: string[] = [];
    for (let cut = segs.length; cut >= Math.max(1, segs.length - 2); cut--) prefixes.push(segs.slice(0, cut).join('.'));
    for (const kid of children(wire[ix] ?? {})) {
      if (taken.has(kid)) continue;
      for (const prefix of prefixes) {
        const d = childIds(prefix).get(kid);
        if (d === undefined) continue;
        const childName = `${prefix}.${d}`;
        const free = (byName.get(d) ?? []).filter((c) => !placedName.has(c));
        const pick = free.find((c) => fits(c, childName)) ?? free[0];
        if (pick !== undefined) {
          placedName.set(pick, childName);
          placedId.set(pick, kid);
          taken.add(kid);
          queue.push(pick);
        }
        break;
      }
    }
  }
  const known = new Set(wire.flatMap(children));
  let unplaced = 0;
  const tasks: RunTask[] = [];
  wire.forEach((t, i) => {
    const name = placedName.get(i);
    if (!name) {
      if (!/^executor(\(\d+\))?$/.test(t.display_name ?? '')) unplaced++;
      return;
    }
    const nodeId = placedId.get(i) ?? '';
    const where = placeByName(nameSegments(name).slice(1));
    const executors = where.role === 'node' ? executorIds(workflow, name, known) : [];
    // the executor says why; a DAG node only that a child failed
    const message = [...executors, nodeId].map((id) => messages.get(id) ?? '').find((m) => m && !/^child '.*' failed$/.test(m)) ?? '';
    tasks.push({
      taskId: t.task_id ?? '',
      displayName: t.display_name ?? '',
      nodeId,
      role: where.role,
      graphId: where.graphId,
      iterations: where.iterations,
      state: runState(t.state),
      startedAt: t.start_time ?? '',
      finishedAt: t.end_time ?? '',
      children: children(t),
      executors,
      pods: [],
      message,
    });
  });
  return { workflow, tasks, unplaced };
}

/** The executor pods' node ids of a task node: `<name>.executor`, or its attempts `<name>.executor(i)` when retried. */
function executorIds(workflow: string, name: string, known: ReadonlySet<string>): string[] {
  const one = argoNodeId(workflow, `${name}.executor`);
  if (!known.has(one)) return [];
  const attempts: string[] = [];
  for (let i = 0; i < 100; i++) {
    const id = argoNodeId(workflow, `${name}.executor(${i})`);
    if (!known.has(id)) break;
    attempts.push(id);
  }
  return attempts.length ? attempts : [one];
}
