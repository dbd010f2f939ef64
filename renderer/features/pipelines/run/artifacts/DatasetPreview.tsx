// SPDX-License-Identifier: Apache-2.0
/** A `system.Dataset` artifact: its first rows as a table (CSV, TSV, JSON Lines, Parquet). */
import type { ArtifactContent, ArtifactPreview } from '../../../../../shared/features/pipelines/run-artifacts.contract';
import { ErrorNote } from '../../../../components/ErrorNote';
import { PreviewTable } from '../../../../components/PreviewTable';
import { bytes } from '../../../../lib/format';
import { useCall } from '../../../../lib/use-call';
import { datasetTable } from './artifact-model';

/** The table. */
export function DatasetPreview({ c }: { c: ArtifactContent & Extract<ArtifactPreview, { kind: 'dataset' }> }) {
  const t = useCall(`${c.uri}|${c.fetchedAt}`, () => datasetTable(c, c.truncated));
  if (t.error) return <ErrorNote error={t.error} />;
  if (!t.value) return <p className="muted small">Reading…</p>;
  const { table, types, totalRows } = t.value;
  return (
    <>
      <p className="small muted" data-testid="dataset-note">
        {c.format.toUpperCase()}
        {totalRows !== undefined
          ? `: ${totalRows.toLocaleString()} rows, the first ${table.rows.length} shown`
          : c.truncated
            ? `: the first ${table.rows.length} rows of its first ${bytes(c.text.length)} (of ${bytes(c.size)})`
            : `: ${table.rows.length} rows`}
      </p>
      <PreviewTable table={table} types={types} />
    </>
  );
}
