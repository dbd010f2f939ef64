// SPDX-License-Identifier: Apache-2.0
/**
 * The canvas's node types: a task box (header, a row per typed port with its handle; a port with a
 * problem has a red handle and the reason in its title), the pipeline's parameters box, and a
 * group frame (If / Elif / Else, ParallelFor with its item handle, exit handler). They only render
 * what flow-model.ts computed.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import './pipeline-graph.css';
import type { FrameFlowNode, ParamsFlowNode, PortRow, TaskFlowNode } from './flow-model';
import { typeTextColour } from './port-types';

function PortLine({ row }: { row: PortRow }) {
  const title = [`${row.name}: ${row.typeText}${row.optional ? ' (optional)' : ''}`, row.constant ? `= ${row.constant}` : '', row.problem ?? '']
    .filter(Boolean)
    .join('\n');
  return (
    <div className={`builder-port ${row.side} ${row.problem ? 'problem' : ''}`} title={title} data-testid={`port-${row.handle}`}>
      <Handle
        type={row.side === 'in' ? 'target' : 'source'}
        position={row.side === 'in' ? Position.Left : Position.Right}
        id={row.handle}
        className={row.problem ? 'builder-handle-problem' : ''}
        style={row.problem ? undefined : { background: row.colour }}
      />
      <span className="builder-port-name">{row.name}</span>
      {row.constant !== undefined && <span className="builder-port-const">= {row.constant}</span>}
      <span className="builder-port-type" style={{ color: typeTextColour(row.colour) }}>
        {row.typeText}
      </span>
    </div>
  );
}

/** A task with its ports. */
export function TaskNodeView({ data, selected }: NodeProps<TaskFlowNode>) {
  return (
    <div className={`builder-task ${selected ? 'selected' : ''} ${data.problems.length > 0 ? 'problem' : ''}`} data-testid={`task-${data.name}`}>
      <Handle type="target" position={Position.Top} id="dep-in" className="builder-dep-handle" />
      <div className="builder-task-head" title={data.problems.join('\n') || data.image}>
        <strong>{data.label}</strong>
        <span className="muted small">
          {data.kind !== 'container' ? data.kind : data.image}
          {data.gpu ? ` · ${data.gpu}` : ''}
        </span>
      </div>
      {data.ports.map((p) => (
        <PortLine key={p.handle} row={p} />
      ))}
      <Handle type="source" position={Position.Bottom} id="dep-out" className="builder-dep-handle" />
    </div>
  );
}

/** The pipeline parameters, each a handle to drag from. */
export function ParamsNodeView({ data }: NodeProps<ParamsFlowNode>) {
  return (
    <div className="builder-task builder-params" data-testid="params-node">
      <div className="builder-task-head">
        <strong>Pipeline parameters</strong>
      </div>
      {data.rows.map((r) => (
        <div key={r.handle} className="builder-port out" title={`${r.name}: ${r.typeText}${r.defaultText ? ` = ${r.defaultText}` : ''}`}>
          <span className="builder-port-name">{r.name}</span>
          {r.defaultText !== undefined && <span className="builder-port-const">= {r.defaultText}</span>}
          <span className="builder-port-type" style={{ color: typeTextColour(r.colour) }}>
            {r.typeText}
          </span>
          <Handle type="source" position={Position.Right} id={r.handle} style={{ background: r.colour }} />
        </div>
      ))}
    </div>
  );
}

/** A control-flow group drawn around its tasks. */
export function FrameNodeView({ data, selected }: NodeProps<FrameFlowNode>) {
  return (
    <div className={`builder-frame kind-${data.kind.replace(/\s/g, '-').toLowerCase()} ${selected ? 'selected' : ''}`} data-testid={`frame-${data.label}`}>
      <Handle type="target" position={Position.Top} id="dep-in" className="builder-dep-handle" />
      <div className="builder-frame-head" title={data.problems.join('\n') || data.detail}>
        <strong>{data.kind}</strong> {data.detail && <code>{data.detail}</code>}
        <span className="muted small"> {data.label}</span>
        {data.kind === 'ParallelFor' && (
          <span className="builder-port out builder-loop-item" title="The current item: drag it to an input inside the loop">
            item
            <Handle type="source" position={Position.Right} id="item" />
          </span>
        )}
      </div>
      {data.problems.length > 0 && <div className="note error small">{data.problems.join('; ')}</div>}
      <Handle type="source" position={Position.Bottom} id="dep-out" className="builder-dep-handle" />
    </div>
  );
}

/** The node types, for React Flow's `nodeTypes` (a constant: React Flow wants the same object each render). */
export const nodeTypes = { task: TaskNodeView, params: ParamsNodeView, frame: FrameNodeView };
