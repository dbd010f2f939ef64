// SPDX-License-Identifier: Apache-2.0
/** A labelled choice in a create page's toolbar (kind, cluster, namespace). */

/** The picker; `options` are values, or values with what they say. */
export function Picker(props: {
  label: string;
  value: string;
  options: readonly (string | { value: string; label: string })[];
  onChange(v: string): void;
  testId?: string;
}) {
  return (
    <label className="create-pick">
      <span className="muted">{props.label}</span>
      <select className="input" aria-label={props.label} data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options
          .map((o) => (typeof o === 'string' ? { value: o, label: o } : o))
          .map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
      </select>
    </label>
  );
}
