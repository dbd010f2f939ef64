// SPDX-License-Identifier: Apache-2.0
/** "Move into…": moves the selected tasks into a frame (If / Elif / Else, ParallelFor, exit handler) or out to the top level; a refused move shows its reason. */
import { useMemo, useState } from 'react';
import { moveItems } from '../../../shared/kfp/graph-edit-move';
import { useBuilder, useGraph } from './builder.store';
import { moveTargets } from './move-model';

export function MoveDialog({ onClose }: { onClose(): void }) {
  const graph = useGraph();
  const selection = useBuilder((s) => s.selection);
  const edit = useBuilder((s) => s.edit);
  const select = useBuilder((s) => s.select);
  const targets = useMemo(() => moveTargets(graph, selection), [graph, selection]);
  const [choice, setChoice] = useState(0);
  const move = () => {
    const t = targets[choice];
    if (!t) return;
    let ids: string[] = [];
    const done = edit((g) => {
      const r = moveItems(g, selection, t.id);
      ids = r.ids;
      return r.graph;
    });
    if (done) select(ids);
    onClose();
  };
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Move into" onClick={(e) => e.stopPropagation()} data-testid="move-dialog">
        <h3>Move {selection.length === 1 ? 'the task' : `${selection.length} items`} into…</h3>
        <div className="dialog-body">
          {targets.length === 0 ? (
            <p className="muted">There is no other frame to move into. Wrap tasks in If, ParallelFor or an exit handler first.</p>
          ) : (
            <select className="input" value={choice} onChange={(e) => setChoice(Number(e.target.value))} aria-label="Where to" data-testid="move-target">
              {targets.map((t, i) => (
                <option key={t.id ?? ''} value={i}>
                  {t.label}
                </option>
              ))}
            </select>
          )}
        </div>
        <div className="dialog-buttons">
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn primary" onClick={move} disabled={targets.length === 0} data-testid="move-confirm">
            Move
          </button>
        </div>
      </div>
    </div>
  );
}
