// SPDX-License-Identifier: Apache-2.0
/**
 * Where a create page shows each problem: the server's (dry run, schema) at the form field they
 * belong to when the form has one, else in the list above the form; the form's own checks always
 * at their field. Also the YAML editor's markers, by path in the document.
 */
import type { FieldProblems } from '../form/Field';

/** A problem the cluster reported: at a field path of an object (`target` names which, when several are sent). */
export interface ServerProblem {
  field?: string | undefined;
  message: string;
  target?: string | undefined;
}

/** A problem the form's own check found. */
export interface FormCheck {
  field: string;
  message: string;
}

/** How a form places the server's problems. */
export interface Placement<F, P extends ServerProblem> {
  /** The form field a problem belongs to, if the form has one. */
  fieldOf(form: F, problem: P): string | undefined;
  /** The text under the field (default: the message). */
  textOf?(problem: P): string;
}

/** Problems by form field, and those the form has no field for. */
export function placeProblems<F, P extends ServerProblem>(
  placement: Placement<F, P>,
  form: F,
  server: readonly P[],
  checks: readonly FormCheck[],
): { byField: FieldProblems; other: P[] } {
  const byField: FieldProblems = {};
  const other: P[] = [];
  for (const p of server) {
    const f = placement.fieldOf(form, p);
    if (f) (byField[f] ??= []).push(placement.textOf ? placement.textOf(p) : p.message);
    else other.push(p);
  }
  for (const c of checks) (byField[c.field] ??= []).push(c.message);
  return { byField, other };
}

/** The YAML editor's markers: a problem's path in the document (empty: the top), by default its field. */
export function editorMarkers<P extends ServerProblem>(problems: readonly P[], pathOf?: (p: P) => string): { path: string; message: string }[] {
  return problems.map((p) => ({ path: pathOf ? pathOf(p) : (p.field ?? ''), message: p.message }));
}
