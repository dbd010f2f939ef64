// SPDX-License-Identifier: Apache-2.0
/**
 * The run graph's node types: a task box (its name, its state — "Cached" when KFP served it from
 * its cache — and inside a loop showing all iterations, those counted by state), a collapsed group
 * as one box (a loop with its iterations counted), and an open group's frame with its state, a
 * loop's iteration picker (LoopPicker.tsx) and a button to collapse it. They render what run-graph-model.ts computed, and are memoised: a node
 * renders again only when its own item, its choice or its box changes. No handles: nothing
 * connects here, and the edges are drawn by RunGraph as one path.
 */
import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { LoopPicker } from './LoopPicker';
import type { ItemState, RunItem } from './run-graph-model';
import { allCached, boxSubText, frameSubText } from './run-view-model';

/** What a node of the run graph carries. */
export interface RunNodeData extends Record<string, unknown> {
  item: RunItem;
  chosen: boolean;
  toggle(id: string): void;
}

export type RunFlowNode = Node<RunNodeData, 'runTask' | 'runFrame'>;

const stateClass = (s: ItemState) => `run-state-${s.toLowerCase()}`;

/** A task, or a collapsed group. */
function RunTaskNodeView({ data }: NodeProps<RunFlowNode>) {
  const it = data.item;
  const cached = allCached(it);
  return (
    <div
      className={`run-node ${stateClass(it.state)} ${data.chosen ? 'chosen' : ''} ${it.kind === 'group' ? 'collapsed-group' : ''}`}
      data-testid="run-node"
      data-id={it.id}
      data-state={it.state}
      data-cached={cached ? 'yes' : undefined}
      title={it.message || (cached ? 'KFP served it from its cache: its outputs are those of an earlier run' : undefined)}
    >
      <div className="run-node-head">
        <span className="run-dot" aria-hidden />
        <strong>{it.label}</strong>
        {it.kind === 'group' && (
          <button
            className="link small"
            aria-label={`Expand ${it.label}`}
            onClick={(e) => {
              e.stopPropagation();
              data.toggle(it.id);
            }}
          >
            ▸ {it.groupKind}
          </button>
        )}
      </div>
      <div className="run-node-sub small" data-testid="run-node-state">
        {boxSubText(it)}
      </div>
    </div>
  );
}

/** An open group's frame: its name and state, and a loop's iteration picker on a row of its own. */
function RunFrameNodeView({ data }: NodeProps<RunFlowNode>) {
  const it = data.item;
  return (
    <div className={`run-frame ${stateClass(it.state)}`} data-testid="run-frame" data-id={it.id} data-state={it.state}>
      <div className="run-frame-head">
        <span className="run-dot" aria-hidden />
        <strong title={it.label}>{it.label}</strong>
        <span className="muted small run-frame-kind">{frameSubText(it)}</span>
        <button
          className="link small"
          aria-label={`Collapse ${it.label}`}
          title="Collapse"
          onClick={(e) => {
            e.stopPropagation();
            data.toggle(it.id);
          }}
        >
          ▾ collapse
        </button>
      </div>
      {it.loop && (
        <div className="run-frame-pick">
          <LoopPicker id={it.id} label={it.label} loop={it.loop} />
        </div>
      )}
    </div>
  );
}

/** A task, or a collapsed group. */
export const RunTaskNode = memo(RunTaskNodeView);
/** An open group's frame. */
export const RunFrameNode = memo(RunFrameNodeView);

/** The node types, for React Flow's `nodeTypes` (a constant: React Flow wants the same object each render). */
export const runNodeTypes = { runTask: RunTaskNode, runFrame: RunFrameNode };
