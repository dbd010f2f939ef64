// SPDX-License-Identifier: Apache-2.0
/**
 * One labelled form field with its problems under it (from the form's own checks, the schema
 * check or the server's dry run), and the problems list on its own for places without a label.
 * Every create form uses these, so a problem placed at a field looks and is found the same way
 * everywhere: `ul.field-problems[data-field=<field>]`, test id `problems-<field>`.
 */
import { useId, type ReactNode } from 'react';

/** Problems by form field (`name`, `replica.Worker.gpus`, `workspace.size`…). */
export type FieldProblems = Record<string, string[]>;

/** The problems of one field, if any. */
export function Problems({ list, field }: { list: string[] | undefined; field: string }) {
  if (!list?.length) return null;
  return (
    <ul className="field-problems" role="alert" data-field={field} data-testid={`problems-${field}`}>
      {list.map((m, i) => (
        <li key={i}>{m}</li>
      ))}
    </ul>
  );
}

/** The field; `children` renders the input with the id the label points at. */
export function Field(props: {
  label: string;
  field: string;
  problems: FieldProblems;
  hint?: ReactNode;
  children: (id: string, invalid: boolean) => ReactNode;
}) {
  const id = useId();
  const list = props.problems[props.field];
  return (
    <div className={`form-field${list?.length ? ' invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children(id, Boolean(list?.length))}
      {props.hint && <div className="muted small">{props.hint}</div>}
      <Problems list={list} field={props.field} />
    </div>
  );
}
