// SPDX-License-Identifier: Apache-2.0
/**
 * The saved comparisons: open one, save the current one (under its name, or as a new one), rename
 * or delete the open one, start a new one.
 */
import { useEffect, useState } from 'react';
import type { ComparisonSummary } from '../../../shared/features/compare/compare.contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';

/** The bar. */
export function SavedBar(props: {
  saved: readonly ComparisonSummary[];
  savedId: string | undefined;
  name: string;
  canSave: boolean;
  onOpen(id: string): void;
  onSave(name: string, asNew: boolean): void;
  onRename(id: string, name: string): void;
  onDelete(id: string): void;
  onNew(): void;
}) {
  const [name, setName] = useState(props.name);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => setName(props.name), [props.name]);
  const trimmed = name.trim();
  return (
    <div className="compare-saved" data-testid="compare-saved">
      <label>
        Saved comparisons{' '}
        <select value={props.savedId ?? ''} onChange={(e) => (e.target.value ? props.onOpen(e.target.value) : props.onNew())} data-testid="compare-open">
          <option value="">(new comparison)</option>
          {props.saved.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.runs} run{s.runs === 1 ? '' : 's'})
            </option>
          ))}
        </select>
      </label>
      <label>
        Name <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. lr sweep vs baseline" data-testid="compare-name" maxLength={200} />
      </label>
      <button className="btn primary" disabled={!props.canSave || !trimmed} onClick={() => props.onSave(trimmed, false)} data-testid="compare-save">
        Save
      </button>
      {props.savedId && (
        <>
          <button className="btn" disabled={!props.canSave || !trimmed} onClick={() => props.onSave(trimmed, true)}>
            Save as new
          </button>
          <button className="btn" disabled={!trimmed || trimmed === props.name} onClick={() => props.savedId && props.onRename(props.savedId, trimmed)}>
            Rename
          </button>
          <button className="btn danger" onClick={() => setConfirming(true)} data-testid="compare-delete">
            Delete
          </button>
        </>
      )}
      {confirming && props.savedId && (
        <ConfirmDialog
          title={`Delete the comparison "${props.name}"?`}
          confirm="Delete"
          danger
          onConfirm={() => {
            setConfirming(false);
            if (props.savedId) props.onDelete(props.savedId);
          }}
          onCancel={() => setConfirming(false)}
        >
          Its selection and settings are deleted; the runs themselves are not touched.
        </ConfirmDialog>
      )}
    </div>
  );
}
