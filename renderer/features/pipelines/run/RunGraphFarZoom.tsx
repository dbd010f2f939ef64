// SPDX-License-Identifier: Apache-2.0
/**
 * Level of detail for the run graph: zoomed out below {@link farZoom} the graph's box is marked
 * `data-far="yes"` and run.css draws the boxes as coloured boxes without their (unreadable) text,
 * so a frame of 300 boxes far out paints little. Only a crossing of the threshold writes the mark:
 * nothing re-renders per frame.
 */
import { useStore, type ReactFlowState } from '@xyflow/react';
import { useEffect, type RefObject } from 'react';

/** Below this zoom the boxes drop their text (12 px text is 4 px tall there). */
export const farZoom = 0.35;

const isFar = (s: ReactFlowState) => s.transform[2] < farZoom;

/** Marks `target` while the view is zoomed out far. */
export function FarZoomMark({ target }: { target: RefObject<HTMLElement | null> }) {
  const far = useStore(isFar);
  useEffect(() => {
    const el = target.current;
    if (!el) return;
    if (far) el.dataset.far = 'yes';
    else delete el.dataset.far;
  }, [far, target]);
  return null;
}
