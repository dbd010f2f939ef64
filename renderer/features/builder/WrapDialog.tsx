// SPDX-License-Identifier: Apache-2.0
/**
 * Wraps the selected tasks in a group: If (a comparison of a parameter or output with a value or
 * another parameter/output), ParallelFor (over a list parameter or output, or raw JSON items, with
 * parallelism), or an exit handler (with its exit task). The choices come from wrap-model.ts; the
 * edit goes through the builder store, which shows a refusal's reason.
 */
import { useMemo, useState } from 'react';
import { AppError } from '../../../shared/errors';
import { wrapInCondition, wrapInExitHandler, wrapInLoop, type ConditionSpec } from '../../../shared/kfp/graph-edit-groups';
import type { JsonValue } from '../../../shared/kfp/ir-types';
import { useBuilder, useGraph } from './builder.store';
import { comparisonValue, exitTaskOptions, sourceOptions } from './wrap-model';

export type WrapKind = 'if' | 'loop' | 'exit';

const ops: ConditionSpec['op'][] = ['>', '>=', '<', '<=', '==', '!='];

export function WrapDialog({ kind, onClose }: { kind: WrapKind; onClose(): void }) {
  const graph = useGraph();
  const selection = useBuilder((s) => s.selection);
  const edit = useBuilder((s) => s.edit);
  const select = useBuilder((s) => s.select);
  const values = useMemo(() => sourceOptions(graph, selection, kind === 'loop'), [graph, selection, kind]);
  const exits = useMemo(() => exitTaskOptions(graph, selection), [graph, selection]);
  const [left, setLeft] = useState(values[0]?.key ?? '');
  const [op, setOp] = useState<ConditionSpec['op']>('>');
  const [right, setRight] = useState('');
  const [raw, setRaw] = useState('');
  const [parallelism, setParallelism] = useState('');
  const [exit, setExit] = useState(exits[0]?.id ?? '');
  const [label, setLabel] = useState('');
  const title = kind === 'if' ? 'Wrap in If' : kind === 'loop' ? 'Wrap in ParallelFor' : 'Wrap in an exit handler';

  const apply = () => {
    const source = values.find((v) => v.key === left)?.source;
    const name = label.trim() || undefined;
    let id = '';
    const ok = edit((g) => {
      let r: { graph: typeof g; id: string };
      if (kind === 'if') {
        const rightSource = values.find((v) => v.key === right)?.source;
        if (!source) throw new AppError('validation', 'Choose the value to compare');
        r = wrapInCondition(g, selection, { left: source, op, right: rightSource ? { source: rightSource } : comparisonValue(right) }, name);
      } else if (kind === 'loop') {
        const par = parallelism.trim() ? Number(parallelism) : undefined;
        const items: { source: NonNullable<typeof source> } | { raw: JsonValue[] } = raw.trim()
          ? { raw: comparisonValue(raw) as JsonValue[] }
          : source
            ? { source }
            : (() => {
                throw new AppError('validation', 'Choose a list to loop over, or give raw items');
              })();
        r = wrapInLoop(g, selection, items, par, name);
      } else r = wrapInExitHandler(g, selection, exit, name);
      id = r.id;
      return r.graph;
    });
    if (ok) {
      select([id]);
      onClose();
    }
  };

  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={title} onClick={(e) => e.stopPropagation()} data-testid="wrap-dialog">
        <h3>{title}</h3>
        <div className="dialog-body">
          <p className="muted small">{selection.length} selected</p>
          {kind !== 'exit' && (
            <label className="field">
              <span>{kind === 'if' ? 'Value' : 'Items (a list)'}</span>
              <select className="input" value={left} onChange={(e) => setLeft(e.target.value)} data-testid="wrap-left">
                {values.map((v) => (
                  <option key={v.key} value={v.key}>
                    {v.label} ({v.type ?? 'any'})
                  </option>
                ))}
              </select>
            </label>
          )}
          {kind === 'if' && (
            <>
              <label className="field">
                <span>Comparison</span>
                <select className="input" value={op} onChange={(e) => setOp(e.target.value as ConditionSpec['op'])} data-testid="wrap-op">
                  {ops.map((o) => (
                    <option key={o}>{o}</option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>With a value, or a parameter/output name</span>
                <input
                  className="input"
                  list="wrap-right-options"
                  value={right}
                  onChange={(e) => setRight(e.target.value)}
                  data-testid="wrap-right"
                  placeholder="0.8"
                />
                <datalist id="wrap-right-options">
                  {values.map((v) => (
                    <option key={v.key} value={v.key}>
                      {v.label}
                    </option>
                  ))}
                </datalist>
              </label>
            </>
          )}
          {kind === 'loop' && (
            <>
              <label className="field">
                <span>Or raw items (JSON list; overrides the value)</span>
                <input className="input" value={raw} onChange={(e) => setRaw(e.target.value)} placeholder="[1, 2, 3]" />
              </label>
              <label className="field">
                <span>Parallelism</span>
                <input className="input" value={parallelism} onChange={(e) => setParallelism(e.target.value)} placeholder="all at once" />
              </label>
            </>
          )}
          {kind === 'exit' && (
            <label className="field">
              <span>Exit task (runs after, whatever happens)</span>
              <select className="input" value={exit} onChange={(e) => setExit(e.target.value)} data-testid="wrap-exit">
                {exits.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="field">
            <span>Label (optional)</span>
            <input className="input" value={label} onChange={(e) => setLabel(e.target.value)} />
          </label>
        </div>
        <div className="dialog-buttons">
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn primary" onClick={apply} data-testid="wrap-confirm" disabled={selection.length === 0}>
            Wrap
          </button>
        </div>
      </div>
    </div>
  );
}
