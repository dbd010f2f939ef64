// SPDX-License-Identifier: Apache-2.0
/**
 * An experiment's trials as a table, the form `katib:list-trials` sends them in: what every trial
 * repeats is said once (the kind, the namespace, the parameter and metric names, and JSON parts
 * such as the objective, the labels and the conditions, kept in a list of texts that rows name by
 * index), and each trial is a row of values. 5,000 trials of 10 parameters are 5.3 MB as objects
 * and about a fifth of that as a table, so main serialises, the socket carries and the page
 * parses that much less before the experiment page can draw. Pure; both sides use it.
 */
import type { ObservedMetric, ParameterAssignment, TrialObject } from './katib-objects';

/** A trial's status in a row: its conditions (a text's index), start, completion, and its metrics in their order as (column, min, max, latest) fours (null: no observation). */
type StatusCell = [conditions: number, start: string | null, completion: string | null, metrics: (string | number)[] | null];

/** One trial. Indexes name {@link TrialTable.texts}; -1: absent. */
export type TrialRow = [
  name: string,
  uid: string | null,
  resourceVersion: string | null,
  created: string | null,
  labels: number,
  /** The spec without its parameter assignments (-1: no spec). */
  spec: number,
  /** The assignments in their order as (column of {@link TrialTable.params}, value) pairs (null: none at all). */
  values: (string | number)[] | null,
  status: StatusCell | null,
];

/** The trials; see the file comment. */
export interface TrialTable {
  apiVersion: string | null;
  kind: string | null;
  namespace: string | null;
  /** Parameter names, which rows' assignments name by index. */
  params: string[];
  /** Metric names, which rows' metrics name by index. */
  metrics: string[];
  /** JSON texts said once. */
  texts: string[];
  rows: TrialRow[];
}

/** The trials as a table. */
export function toTrialTable(trials: readonly TrialObject[]): TrialTable {
  const first = trials[0];
  const texts: string[] = [];
  const textIndex = new Map<string, number>();
  const intern = (value: unknown): number => {
    if (value === undefined) return -1;
    const text = JSON.stringify(value);
    let i = textIndex.get(text);
    if (i === undefined) {
      i = texts.push(text) - 1;
      textIndex.set(text, i);
    }
    return i;
  };
  const params: string[] = [];
  const metrics: string[] = [];
  const column = (names: string[], name: string): number => {
    const i = names.indexOf(name);
    return i >= 0 ? i : names.push(name) - 1;
  };
  const rows = trials.map((t): TrialRow => {
    const { parameterAssignments, ...specRest } = t.spec ?? {};
    const values = parameterAssignments ? parameterAssignments.flatMap((a) => [column(params, a.name), a.value]) : null;
    const st = t.status;
    let status: StatusCell | null = null;
    if (st) {
      const cells = st.observation?.metrics ? st.observation.metrics.flatMap((m) => [column(metrics, m.name), m.min, m.max, m.latest]) : null;
      status = [intern(st.conditions), st.startTime ?? null, st.completionTime ?? null, cells];
    }
    const md = t.metadata;
    return [
      md.name,
      md.uid ?? null,
      md.resourceVersion ?? null,
      md.creationTimestamp ?? null,
      intern(md.labels),
      t.spec ? intern(specRest) : -1,
      values,
      status,
    ];
  });
  return { apiVersion: first?.apiVersion ?? null, kind: first?.kind ?? null, namespace: first?.metadata.namespace ?? null, params, metrics, texts, rows };
}

/** The trials back from {@link toTrialTable}. */
export function fromTrialTable(table: TrialTable): TrialObject[] {
  const parsed = table.texts.map((t) => JSON.parse(t) as unknown);
  const text = <T>(i: number): T | undefined => (i < 0 ? undefined : (parsed[i] as T));
  return table.rows.map(([name, uid, resourceVersion, created, labels, spec, values, status]): TrialObject => {
    const metadata: TrialObject['metadata'] = { name };
    if (table.namespace !== null) metadata.namespace = table.namespace;
    if (uid !== null) metadata.uid = uid;
    if (resourceVersion !== null) metadata.resourceVersion = resourceVersion;
    const l = text<Record<string, string>>(labels);
    if (l) metadata.labels = l;
    if (created !== null) metadata.creationTimestamp = created;
    const t: TrialObject = { metadata };
    if (table.apiVersion !== null) t.apiVersion = table.apiVersion;
    if (table.kind !== null) t.kind = table.kind;
    const specRest = text<NonNullable<TrialObject['spec']>>(spec);
    if (specRest) {
      let assignments: ParameterAssignment[] | undefined;
      if (values) {
        assignments = [];
        for (let i = 0; i + 1 < values.length; i += 2) assignments.push({ name: table.params[values[i] as number] ?? '', value: String(values[i + 1]) });
      }
      t.spec = assignments ? { ...specRest, parameterAssignments: assignments } : { ...specRest };
    }
    if (status) {
      const [conditions, start, completion, cells] = status;
      const st: NonNullable<TrialObject['status']> = {};
      if (start !== null) st.startTime = start;
      if (completion !== null) st.completionTime = completion;
      const c = text<NonNullable<TrialObject['status']>['conditions']>(conditions);
      if (c) st.conditions = c;
      if (cells) {
        const observed: ObservedMetric[] = [];
        for (let i = 0; i + 3 < cells.length; i += 4)
          observed.push({ name: table.metrics[cells[i] as number] ?? '', min: String(cells[i + 1]), max: String(cells[i + 2]), latest: String(cells[i + 3]) });
        st.observation = { metrics: observed };
      }
      t.status = st;
    }
    return t;
  });
}
