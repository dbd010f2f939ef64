// SPDX-License-Identifier: Apache-2.0
/**
 * A loop frame's iteration picker: all iterations (each task box counting them by state) or one
 * ("3 of 10 · failed"), every iteration listed with its state, and a button to the next
 * failed one. A select stays one control at any number of iterations. Inside a graph node: it
 * neither pans the graph nor chooses a task.
 */
import { useContext } from 'react';
import { LoopPickContext } from './loop-pick-context';
import { nextFailed, type LoopView } from './run-loops';
import { itemStateText, iterationText, loopSummaryText } from './run-view-model';

/** An iteration as the frame's narrow header lists it, counted from 1: "3 of 10" (the select's label says "Iteration of …"). */
const shortIteration = (index: number, total: number) => `${index + 1} of ${total}`;

/** The picker of one loop. */
export function LoopPicker({ id, label, loop }: { id: string; label: string; loop: LoopView }) {
  const pick = useContext(LoopPickContext);
  const failed = nextFailed(loop, loop.picked);
  const stop = (e: { stopPropagation(): void }) => e.stopPropagation();
  return (
    <span className="run-loop-pick nodrag nopan" data-testid="loop-picker" data-loop={id} onClick={stop} onDoubleClick={stop}>
      <select
        className="small"
        aria-label={`Iteration of ${label}`}
        title={loopSummaryText(loop)}
        data-testid="loop-iteration"
        value={loop.picked === null ? '' : String(loop.picked)}
        onChange={(e) => pick(id, e.target.value === '' ? null : Number(e.target.value))}
      >
        <option value="">all iterations</option>
        {loop.picked !== null && !loop.iterations.some((i) => i.index === loop.picked) && (
          <option value={String(loop.picked)}>{shortIteration(loop.picked, loop.total)} · not started</option>
        )}
        {loop.iterations.map((i) => (
          <option key={i.index} value={String(i.index)} data-state={i.state}>
            {shortIteration(i.index, loop.total)} · {itemStateText(i.state).toLowerCase()}
          </option>
        ))}
      </select>
      {failed !== undefined && failed !== loop.picked && (
        <button className="link small" data-testid="loop-next-failed" onClick={() => pick(id, failed)} title={`Show ${iterationText(failed, loop.total)}`}>
          {loop.picked === null ? 'first failed' : 'next failed'}
        </button>
      )}
    </span>
  );
}
