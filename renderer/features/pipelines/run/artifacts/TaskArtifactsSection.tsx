// SPDX-License-Identifier: Apache-2.0
/**
 * The artifacts of one side of a task in its drawer: the listing found in the run's pipeline root
 * with previews ({@link ArtifactsPanel}); while it is read, or when it cannot be, the artifacts as
 * the spec declares them (with why they cannot be shown).
 */
import type { ArtifactIo, TaskArtifacts } from '../../../../../shared/features/pipelines/run-artifacts.contract';
import type { TaskArtifact } from '../../../../../shared/features/pipelines/run-details.contract';
import { ErrorNote } from '../../../../components/ErrorNote';
import type { CallState } from '../../../../lib/use-call';
import { ArtifactsPanel } from './ArtifactsPanel';
import type { TaskRef } from './use-task-artifacts';

function Declared({ rows, testId }: { rows: TaskArtifact[]; testId: string }) {
  if (rows.length === 0) return <p className="muted small">no artifacts</p>;
  return (
    <table className="table run-params" data-testid={testId}>
      <tbody>
        {rows.map((a) => (
          <tr key={a.name} data-name={a.name}>
            <td className="mono">{a.name}</td>
            <td className="muted small">{a.schemaTitle}</td>
            <td className="mono small">{a.from}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One side's artifacts. */
export function TaskArtifactsSection({
  task,
  io,
  declared,
  listing,
}: {
  task: TaskRef;
  io: ArtifactIo;
  declared: TaskArtifact[];
  listing: CallState<TaskArtifacts>;
}) {
  const testId = io === 'input' ? 'task-input-artifacts' : 'task-output-artifacts';
  if (listing.value) return <ArtifactsPanel task={task} io={io} listing={listing.value} testId={testId} />;
  return (
    <>
      <Declared rows={declared} testId={testId} />
      {declared.length > 0 && listing.loading && <p className="muted small">Looking for them in the run’s pipeline root…</p>}
      {declared.length > 0 && io === 'output' && listing.error && <ErrorNote error={listing.error} onRetry={listing.reload} />}
    </>
  );
}
