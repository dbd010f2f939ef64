// SPDX-License-Identifier: Apache-2.0
/**
 * The brushes over the parallel coordinates: a band along each axis takes a drag (the pointer
 * captured until it is let go), the drag shows as it goes, and when it ends the axis keeps the
 * interval dragged over (parallel-brush-model.ts); a click on an axis without a drag takes its
 * brush away. The kept intervals are drawn as bands over their axes. Only this layer renders
 * while dragging; the chart underneath is not touched.
 */
import { useRef, useState, type PointerEvent, type ReactNode } from 'react';
import type { AxisMap } from '../../components/charts/parallel-lines';
import { AXIS_REACH, axisAt, dragInterval, intervalSpan } from './parallel-brush-model';

/** A drag shorter than this (CSS px) is a click. */
const CLICK_PX = 3;

/** The layer. `intervals` are the kept ones by axis; `onBrush` gets an axis's new interval (undefined: none). */
export function ParallelBrushes(props: {
  axes: readonly AxisMap[];
  /** Which axes are category axes. */
  categories: readonly boolean[];
  intervals: ReadonlyMap<number, [number, number][]>;
  /** The axes' top and bottom y. */
  top: number;
  bottom: number;
  dark: boolean;
  onBrush(axis: number, interval: [number, number] | undefined): void;
}) {
  const { axes, categories, intervals, top, bottom, onBrush } = props;
  const svg = useRef<SVGSVGElement>(null);
  /** The drag under way: its axis, where it started and where the pointer is (y in the layer), and the layer's top on the page. */
  const [drag, setDrag] = useState<{ axis: number; from: number; to: number; originY: number } | undefined>(undefined);
  const clampY = (y: number) => Math.min(bottom, Math.max(top, y));

  const down = (e: PointerEvent<SVGSVGElement>) => {
    if (e.button !== 0 || !svg.current) return;
    const box = svg.current.getBoundingClientRect();
    const axis = axisAt(axes, e.clientX - box.left);
    const y = e.clientY - box.top;
    if (axis === undefined || y < top - AXIS_REACH || y > bottom + AXIS_REACH) return;
    e.preventDefault();
    // the axis's band (under the pointer) keeps the pointer until it is let go
    (e.target as Element).setPointerCapture(e.pointerId);
    setDrag({ axis, from: clampY(y), to: clampY(y), originY: box.top });
  };
  const move = (e: PointerEvent<SVGSVGElement>) => {
    if (!drag) return;
    const to = clampY(e.clientY - drag.originY);
    if (to !== drag.to) setDrag({ ...drag, to });
  };
  const up = (e: PointerEvent<SVGSVGElement>) => {
    if (!drag) return;
    const target = e.target as Element;
    if (target.hasPointerCapture(e.pointerId)) target.releasePointerCapture(e.pointerId);
    const to = clampY(e.clientY - drag.originY);
    setDrag(undefined);
    const m = axes[drag.axis];
    if (!m) return;
    const clicked = Math.abs(to - drag.from) < CLICK_PX;
    onBrush(drag.axis, clicked ? undefined : dragInterval(m, categories[drag.axis] ?? false, drag.from, to));
  };

  const fill = props.dark ? 'rgba(88, 166, 255, 0.25)' : 'rgba(47, 111, 237, 0.18)';
  const stroke = props.dark ? '#58a6ff' : '#2f6fed';
  const band = (key: string, x: number, y0: number, y1: number, live: boolean) => (
    <rect
      key={key}
      x={x - AXIS_REACH + 2}
      y={y0}
      width={2 * AXIS_REACH - 4}
      height={Math.max(1, y1 - y0)}
      fill={fill}
      stroke={stroke}
      strokeDasharray={live ? '3 2' : undefined}
      pointerEvents="none"
    />
  );
  const kept: ReactNode[] = [];
  for (const [axis, list] of intervals) {
    const m = axes[axis];
    if (!m || (drag && drag.axis === axis)) continue;
    list.forEach((iv, j) => {
      const [y0, y1] = intervalSpan(m, categories[axis] ?? false, iv);
      if (!Number.isNaN(y0) && !Number.isNaN(y1)) kept.push(band(`${axis}-${j}`, m.x, Math.max(top, y0), Math.min(bottom, y1), false));
    });
  }
  const dragged = drag && axes[drag.axis];

  return (
    <svg
      ref={svg}
      className="katib-brushes"
      data-testid="katib-brushes"
      style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', pointerEvents: 'none', touchAction: 'none' }}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={() => setDrag(undefined)}
    >
      {/* the axes' bands take the pointer; the rest of the chart lets it through */}
      {axes.map((m, i) => (
        <rect
          key={`hit-${i}`}
          x={m.x - AXIS_REACH}
          y={top - AXIS_REACH}
          width={2 * AXIS_REACH}
          height={bottom - top + 2 * AXIS_REACH}
          fill="transparent"
          pointerEvents="all"
          style={{ cursor: 'crosshair' }}
        />
      ))}
      {kept}
      {dragged && band('drag', dragged.x, Math.min(drag.from, drag.to), Math.max(drag.from, drag.to), true)}
    </svg>
  );
}
