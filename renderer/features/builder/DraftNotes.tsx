// SPDX-License-Identifier: Apache-2.0
/** What the builder says about its draft: restored (with a way back to the version as on the cluster), opening, kept, or not kept and why. */
import type { DraftStatus } from './use-builder-draft';

export function DraftNotes({ draft }: { draft: DraftStatus }) {
  return (
    <>
      {draft.opening && (
        <div className="note info small" data-testid="builder-opening">
          Opening…
        </div>
      )}
      {draft.restoredAt !== undefined && (
        <div className="note info small" data-testid="builder-restored">
          Your draft of {new Date(draft.restoredAt).toLocaleString()} was restored.{' '}
          {draft.revert && (
            <button className="btn ghost" onClick={draft.revert} data-testid="builder-revert">
              Open the version as it is on the cluster
            </button>
          )}
        </div>
      )}
      {draft.saveError && (
        <div className="note error small" role="alert" data-testid="builder-draft-error">
          Your draft is not being kept: {draft.saveError}
        </div>
      )}
      {draft.savedAt !== undefined && !draft.saveError && (
        <span className="muted small builder-draft-saved" data-testid="builder-draft-saved" data-saved-at={draft.savedAt}>
          Draft kept {new Date(draft.savedAt).toLocaleTimeString()}
        </span>
      )}
    </>
  );
}
