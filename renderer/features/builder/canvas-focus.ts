// SPDX-License-Identifier: Apache-2.0
/**
 * Keyboard focus on the builder's canvas, beyond what React Flow does itself (Tab to a box, Enter
 * or Space selects it, arrows move it, Escape unselects): focus goes to a pasted task, stays on
 * the canvas when the focused box is deleted (on the box that took its place), and moves between a
 * box and the side panel that edits it.
 */

/** The element of box `id` on the canvas under `root`. */
export function boxElement(root: ParentNode, id: string): HTMLElement | null {
  return root.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
}

/** Runs `fn` once React has drawn the change just made. */
function afterRender(fn: () => void): void {
  requestAnimationFrame(() => requestAnimationFrame(fn));
}

/** Focuses box `id` once it is drawn (a task just pasted, or the one whose settings were left). */
export function focusBoxSoon(root: ParentNode, id: string): void {
  afterRender(() => boxElement(root, id)?.focus());
}

/**
 * Before the focused box is deleted: where focus goes after. Returns a function to call once the
 * delete is made, which focuses the box now at the deleted one's place in the tab order (or the
 * last one), or the canvas itself when no box is left.
 */
export function keepFocusOnCanvas(canvas: HTMLElement): () => void {
  const boxes = () => [...canvas.querySelectorAll<HTMLElement>('.react-flow__node')];
  const focused = document.activeElement;
  const at = boxes().findIndex((b) => b === focused || b.contains(focused));
  return () => {
    if (at < 0) return;
    afterRender(() => {
      if (canvas.contains(document.activeElement)) return;
      const left = boxes();
      (left[Math.min(at, left.length - 1)] ?? canvas).focus();
    });
  };
}

/** Focuses the first field or button of the side panel once it shows what was just chosen. */
export function focusPanelSoon(panel: HTMLElement): void {
  afterRender(() =>
    panel.querySelector<HTMLElement>('input:not([disabled]), textarea:not([disabled]), select:not([disabled]), button:not([disabled])')?.focus(),
  );
}
