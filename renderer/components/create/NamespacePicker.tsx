// SPDX-License-Identifier: Apache-2.0
/** The namespace picker of a create page's toolbar: the cluster's namespaces, and the form's own even when it is not listed. */

/** The picker. */
export function NamespacePicker(props: { value: string; namespaces: readonly string[] | undefined; onChange(ns: string): void; testId?: string }) {
  return (
    <label className="create-pick">
      <span className="muted">Namespace</span>
      <select className="input" aria-label="Namespace" data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {[...new Set([props.value, ...(props.namespaces ?? [])])].filter(Boolean).map((n) => (
          <option key={n}>{n}</option>
        ))}
      </select>
    </label>
  );
}
