// SPDX-License-Identifier: Apache-2.0
/**
 * The banner of a cross-cluster list page: one note per cluster problem (slices not live,
 * narrowed namespaces, discovery errors, broken clusters, other notes), as `listNotes` built
 * them; nothing when there is none.
 */
import type { ClusterNote } from '../../lib/list-notes';

/** The notes, in a block with `testId`. */
export function ClusterProblemNotes({ notes, testId, className }: { notes: ClusterNote[]; testId: string; className?: string }) {
  if (notes.length === 0) return null;
  return (
    <div className={className} data-testid={testId}>
      {notes.map((n) => (
        <div key={n.key} className={`note ${n.tone}`} role={n.role} data-freshness={n.freshness} data-testid={n.testId}>
          {n.cluster && <strong>{n.cluster}</strong>}
          {n.cluster && ' '}
          {n.text}
          {n.detail && (
            <>
              {' '}
              <span className="muted">{n.detail}</span>
            </>
          )}
        </div>
      ))}
    </div>
  );
}
