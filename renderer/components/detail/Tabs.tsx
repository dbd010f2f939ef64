// SPDX-License-Identifier: Apache-2.0
/** A row of tabs (`role="tablist"`); each tab is a button with `data-testid="tab-<id>"`. */

/** The tabs; `className` is added to `tabs`, `as` picks the element holding them. */
export function Tabs<T extends string>(props: {
  tabs: readonly { id: T; label: string }[];
  value: T;
  onChange(id: T): void;
  className: string;
  as?: 'div' | 'nav';
}) {
  const Holder = props.as ?? 'div';
  return (
    <Holder className={`tabs ${props.className}`} role="tablist">
      {props.tabs.map((t) => (
        <button
          key={t.id}
          role="tab"
          className={`tab ${props.value === t.id ? 'active' : ''}`}
          aria-selected={props.value === t.id}
          data-testid={`tab-${t.id}`}
          onClick={() => props.onChange(t.id)}
        >
          {t.label}
        </button>
      ))}
    </Holder>
  );
}
