// SPDX-License-Identifier: Apache-2.0
/** The run's timeline: a bar per task instance from its start to its end in its state's colour (SVG; geometry in run-gantt-model.ts); a click opens the task's drawer at that instance (its loop iteration). */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunTask } from '../../../../shared/features/pipelines/run-details.contract';
import { useNow } from '../../../lib/use-now';
import { durationText, ganttGeometry, runGantt } from './run-gantt-model';
import { stateText } from './run-view-model';

/** The timeline. */
export function RunTimeline({
  tasks,
  active,
  choose,
}: {
  tasks: readonly RunTask[];
  active: boolean;
  choose(graphId: string, iterations: readonly number[]): void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(900);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth || 900));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const now = useNow(active ? 1000 : 60_000);
  const g = useMemo(() => runGantt(tasks, width, now), [tasks, width, now]);
  return (
    <div className="run-timeline" ref={box} data-testid="run-timeline">
      {g.rows.length === 0 ? (
        <p className="muted small">No task has started yet.</p>
      ) : (
        <svg width={g.width} height={g.height} role="img" aria-label="Timeline of the run's tasks">
          {g.ticks.map((t) => (
            <g key={t.x}>
              <line x1={t.x} x2={t.x} y1={ganttGeometry.axisHeight - 4} y2={g.height} className="run-gantt-grid" />
              <text x={t.x + 3} y={14} className="run-gantt-tick">
                {t.label}
              </text>
            </g>
          ))}
          {g.rows.map((r) => (
            <g
              key={r.key}
              className={`run-gantt-row run-state-${r.state.toLowerCase()}`}
              data-testid="gantt-row"
              data-task={r.key}
              onClick={() => choose(r.graphId, r.iterations)}
            >
              <text x={4} y={r.y + 15} className="run-gantt-label">
                {r.label.length > 30 ? `…${r.label.slice(-29)}` : r.label}
              </text>
              <rect x={r.x} y={r.y + 4} width={r.width} height={ganttGeometry.rowHeight - 8} rx={3} className="run-gantt-bar">
                <title>{`${r.label}: ${stateText(r.state)}, ${durationText(r.endMs - r.startMs)}${r.open ? ' so far' : ''}`}</title>
              </rect>
            </g>
          ))}
        </svg>
      )}
    </div>
  );
}
