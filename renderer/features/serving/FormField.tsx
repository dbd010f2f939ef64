// SPDX-License-Identifier: Apache-2.0
/** One labelled form field with its problems (from the form's checks or the server's dry run) under it. */
import { useId, type ReactNode } from 'react';

/** The field; `children` renders the input with the id the label points at. */
export function FormField(props: {
  label: string;
  field: string;
  problems: Record<string, string[]>;
  hint?: ReactNode;
  children: (id: string, invalid: boolean) => ReactNode;
}) {
  const id = useId();
  const list = props.problems[props.field];
  return (
    <div className={`sv-field${list?.length ? ' invalid' : ''}`} data-field={props.field}>
      <label htmlFor={id}>{props.label}</label>
      {props.children(id, Boolean(list?.length))}
      {props.hint && <div className="muted small">{props.hint}</div>}
      {list?.length ? (
        <ul className="sv-problems" role="alert" data-field={props.field}>
          {list.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
