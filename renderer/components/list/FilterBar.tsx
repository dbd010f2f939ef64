// SPDX-License-Identifier: Apache-2.0
/** The row of a list page's filters, with "Clear filters" while any is set. */
import type { ReactNode } from 'react';

/** The filters (`children`); `active` when any of them is set. */
export function FilterBar({ active, onClear, children }: { active: boolean; onClear(): void; children: ReactNode }) {
  return (
    <div className="jobs-filters" role="group" aria-label="Filters">
      {children}
      {active && (
        <button className="btn ghost" onClick={onClear}>
          Clear filters
        </button>
      )}
    </div>
  );
}
