// SPDX-License-Identifier: Apache-2.0
/**
 * The first rows of a table file (CSV/TSV, JSON Lines, Parquet) as a table with each column's type
 * under its name: the storage browser's preview and a run's dataset artifacts. Cells are text.
 */
import type { TablePreview } from '../lib/table-preview';

/** The table. */
export function PreviewTable({ table, types }: { table: TablePreview; types?: string[] | undefined }) {
  return (
    <div className="storage-table-wrap">
      <table className="storage-table" data-testid="preview-table">
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th key={i}>
                {c.name}
                <div className="small muted" data-testid="column-type">
                  {types?.[i] ?? c.type}
                </div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i}>
              {table.columns.map((_c, j) => (
                <td key={j}>{r[j] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
