// SPDX-License-Identifier: Apache-2.0
/**
 * The field primitives of the create forms: text, number, lines (one item per line) and
 * name/value pairs, each a labelled `Field` with its problems and `aria-invalid` when it has some.
 */
import type { ReactNode } from 'react';
import { Field, Problems, type FieldProblems } from './Field';

/** A name and a value (env variables, labels, annotations). */
export interface NameValue {
  name: string;
  value: string;
}

interface Common {
  label: string;
  field: string;
  problems: FieldProblems;
  hint?: ReactNode;
  placeholder?: string;
  testId?: string;
}

const hintOf = (hint: ReactNode | undefined) => (hint ? { hint } : {});

/** One line of text. */
export function TextField(props: Common & { value: string; onChange(v: string): void; mono?: boolean }) {
  return (
    <Field label={props.label} field={props.field} problems={props.problems} {...hintOf(props.hint)}>
      {(id, invalid) => (
        <input
          id={id}
          className={`input${props.mono ? ' mono' : ''}`}
          data-testid={props.testId}
          value={props.value}
          placeholder={props.placeholder}
          aria-invalid={invalid}
          spellCheck={false}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A number; empty is `undefined`. */
export function NumberField(props: Common & { value: number | undefined; onChange(v: number | undefined): void; min?: number }) {
  return (
    <Field label={props.label} field={props.field} problems={props.problems} {...hintOf(props.hint)}>
      {(id, invalid) => (
        <input
          id={id}
          className="input"
          type="number"
          data-testid={props.testId}
          min={props.min ?? 0}
          value={props.value ?? ''}
          placeholder={props.placeholder}
          aria-invalid={invalid}
          onChange={(e) => props.onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      )}
    </Field>
  );
}

/** A list of strings, one per line (command, arguments). */
export function LinesField(props: Common & { value: string[]; onChange(v: string[]): void }) {
  return (
    <Field label={props.label} field={props.field} problems={props.problems} hint={props.hint ?? 'One item per line.'}>
      {(id, invalid) => (
        <textarea
          id={id}
          className="input mono"
          rows={Math.min(6, Math.max(2, props.value.length))}
          value={props.value.join('\n')}
          placeholder={props.placeholder}
          aria-invalid={invalid}
          spellCheck={false}
          onChange={(e) => props.onChange(e.target.value === '' ? [] : e.target.value.split('\n'))}
        />
      )}
    </Field>
  );
}

/** Name/value rows with Add and Remove. */
export function PairsField(props: Common & { value: NameValue[]; onChange(v: NameValue[]): void; nameLabel?: string }) {
  const set = (i: number, p: Partial<NameValue>) => props.onChange(props.value.map((x, j) => (j === i ? { ...x, ...p } : x)));
  const nameLabel = props.nameLabel ?? 'Name';
  return (
    <fieldset className="form-pairs">
      <legend>{props.label}</legend>
      {props.value.map((p, i) => (
        <div className="form-row" key={i}>
          <input
            className="input mono"
            aria-label={`${props.label} ${nameLabel.toLowerCase()} ${i + 1}`}
            placeholder={nameLabel}
            value={p.name}
            spellCheck={false}
            onChange={(e) => set(i, { name: e.target.value })}
          />
          <input
            className="input mono"
            aria-label={`${props.label} value ${i + 1}`}
            placeholder="Value"
            value={p.value}
            spellCheck={false}
            onChange={(e) => set(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="btn ghost"
            aria-label={`Remove ${props.label.toLowerCase()} ${i + 1}`}
            onClick={() => props.onChange(props.value.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="btn" onClick={() => props.onChange([...props.value, { name: '', value: '' }])}>
        Add {props.label.toLowerCase().replace(/s$/, '')}
      </button>
      <Problems list={props.problems[props.field]} field={props.field} />
    </fieldset>
  );
}

/** A choice of a select: a value and what it says (the value itself when no label). */
export type SelectOption = string | { value: string; label: string };

const optionOf = (o: SelectOption) => (typeof o === 'string' ? { value: o, label: o } : o);

/** One choice from a list. */
export function SelectField(
  props: Omit<Common, 'placeholder'> & { value: string; options: readonly SelectOption[]; onChange(v: string): void; disabled?: boolean },
) {
  return (
    <Field label={props.label} field={props.field} problems={props.problems} {...hintOf(props.hint)}>
      {(id, invalid) => (
        <select
          id={id}
          className="input"
          data-testid={props.testId}
          value={props.value}
          disabled={props.disabled}
          aria-invalid={invalid}
          onChange={(e) => props.onChange(e.target.value)}
        >
          {props.options.map(optionOf).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
