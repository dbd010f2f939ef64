// SPDX-License-Identifier: Apache-2.0
/** A select that picks one more model version ("Compare with…", "Add a version…") and is empty again at once. */

/** The select; `placeholder` is its empty choice. */
export function VersionPick(props: { label: string; testId: string; placeholder: string; versions: readonly string[]; onPick(version: string): void }) {
  return (
    <select
      className="input registry-compare-pick"
      aria-label={props.label}
      data-testid={props.testId}
      value=""
      onChange={(e) => e.target.value && props.onPick(e.target.value)}
    >
      <option value="">{props.placeholder}</option>
      {props.versions.map((v) => (
        <option key={v} value={v}>
          version {v}
        </option>
      ))}
    </select>
  );
}
