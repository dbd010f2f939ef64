// SPDX-License-Identifier: Apache-2.0
/** A list page's filter: a select whose first choice, "Any …", lets everything through. */

/** One choice: a value shown as itself, or with its own label. */
export type FilterChoice<V extends string> = V | { value: V; label: string };

/**
 * The select; `value` '' is "any".
 * @param any - the text of the "any" choice ("Any phase")
 */
export function FilterSelect<V extends string>(props: {
  label: string;
  testId: string;
  any: string;
  value: V | '';
  choices: readonly FilterChoice<V>[];
  onChange(value: V | ''): void;
}) {
  return (
    <select
      className="input"
      aria-label={props.label}
      data-testid={props.testId}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value as V | '')}
    >
      <option value="">{props.any}</option>
      {props.choices.map((c) => {
        const { value, label } = typeof c === 'string' ? { value: c, label: c } : c;
        return (
          <option key={value} value={value}>
            {label}
          </option>
        );
      })}
    </select>
  );
}

/** The namespace filter ("Any namespace"). */
export function NamespaceFilter(props: { value: string; namespaces: readonly string[]; onChange(namespace: string): void }) {
  return (
    <FilterSelect label="Namespace" testId="filter-namespace" any="Any namespace" value={props.value} choices={props.namespaces} onChange={props.onChange} />
  );
}
