// SPDX-License-Identifier: Apache-2.0
/**
 * B6's brushes, shared by the benchmark (b6-katib-parallel.ts) and its harness (b6-profile.ts)
 * so both measure the same thing: 20 drags along the objective axis (the last), each a
 * different range. Each brush is timed twice:
 * - **in the page** (what B6 reports): from the last mouse move's input timestamp
 *   (`event.timeStamp`, when the input was made, so time it waited in the browser's queue
 *   counts) to the frame after the one that showed the brush applied: the trials inside it
 *   counted (`data-generation`) and the lines drawn again (`data-draws`), then two animation
 *   frames, so the painted frame is included;
 * - **by the driver**: from before the last `mouse.move` to after a `waitForFunction` for the
 *   same attributes and one more frame, which adds the test driver's round trips to Chromium
 *   (three or four of them, 10-20 ms each on this machine and far more under load) that no user waits for.
 */
import type { Page } from 'playwright-core';

/** Installs the in-page marks; as text, since the bench runs under tsx, whose helpers (__name) do not exist in the page. */
const markScript = `(() => {
  const w = window;
  w.b6marks = [];
  let cur = [];
  window.addEventListener('pointermove', (e) => void (cur = [e.timeStamp]), true);
  window.addEventListener('pointerup', (e) => void cur.push(e.timeStamp), true);
  let gen = '';
  let draws = '';
  new MutationObserver(() => {
    const g = document.querySelector('[data-testid="katib-brush-count"]')?.getAttribute('data-generation') ?? '';
    const d = document.querySelector('[data-testid="katib-parallel"]')?.getAttribute('data-draws') ?? '';
    if (g !== gen && d !== draws && cur.length === 2) {
      const m = [...cur, performance.now()];
      cur = [];
      requestAnimationFrame(() => requestAnimationFrame(() => void w.b6marks.push([...m, performance.now()])));
    }
    if (g !== gen && d !== draws) [gen, draws] = [g, d];
  }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-generation', 'data-draws'] });
})()`;

/** One brush's in-page marks, ms: the last move, the mouse up, the brush applied, the frame after it was shown. */
export type BrushMarks = [move: number, up: number, applied: number, painted: number];

/** What {@link brushObjective} measured. */
export interface Brushes {
  /** Last move's input to the painted frame, per brush (in the page). */
  inPage: number[];
  /** The driver's view of the same, per brush. */
  driver: number[];
  marks: BrushMarks[];
}

/** Installs the page's marks (once per page). */
export async function markBrushes(page: Page): Promise<void> {
  await page.evaluate(markScript);
}

/** Drags 20 brushes along the objective axis and times each; {@link markBrushes} first. */
export async function brushObjective(page: Page): Promise<Brushes> {
  const chart = page.getByTestId('katib-parallel');
  const box = await chart.boundingBox();
  if (!box) throw new Error('the parallel coordinates are not on the page');
  const x = box.x + box.width - 90;
  const top = box.y + 40;
  const bottom = box.y + box.height - 30;
  const count = page.getByTestId('katib-brush-count');
  const driver: number[] = [];
  for (let k = 0; k < 20; k++) {
    const from = top + ((bottom - top) * (k % 5)) / 10;
    const to = from + ((bottom - top) * (2 + (k % 3))) / 10;
    await page.mouse.move(x, from);
    await page.mouse.down();
    await page.mouse.move(x, (from + to) / 2);
    const before = Number(await count.getAttribute('data-generation'));
    const drawsBefore = Number(await chart.getAttribute('data-draws'));
    const t = performance.now();
    await page.mouse.move(x, to);
    await page.mouse.up();
    // the page applied the brush (trials counted) and the lines were drawn again
    await page.waitForFunction(
      ([g, d]) =>
        Number(document.querySelector('[data-testid="katib-brush-count"]')?.getAttribute('data-generation')) > g &&
        Number(document.querySelector('[data-testid="katib-parallel"]')?.getAttribute('data-draws')) > d,
      [before, drawsBefore] as const,
      { polling: 'raf', timeout: 30_000 },
    );
    await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => r())));
    driver.push(performance.now() - t);
  }
  // the last brush's frames may still be on their way
  const marks = (await page
    .waitForFunction(
      (n) => {
        const m = (window as unknown as { b6marks: number[][] }).b6marks;
        return m.length >= n && m.splice(0);
      },
      driver.length,
      { polling: 'raf', timeout: 10_000 },
    )
    .then((h) => h.jsonValue())) as BrushMarks[];
  if (marks.length !== driver.length) throw new Error(`the page marked ${marks.length} brushes of ${driver.length}`);
  return { inPage: marks.map((m) => m[3] - m[0]), driver, marks };
}
