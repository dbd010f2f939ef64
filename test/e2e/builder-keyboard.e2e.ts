// SPDX-License-Identifier: Apache-2.0
/**
 * The pipeline builder by keyboard alone, in Chromium against lab-a: tasks added from the palette
 * with Enter; Tab reaches a task's box on the canvas, which is named ("Task load") and shows a
 * focus ring; Enter selects it and its settings show, the arrows move it, Enter again puts focus in
 * its settings where an input is typed, Escape brings focus back to the box; Ctrl+C / Ctrl+V paste a
 * copy that takes focus; Delete removes it with focus left on the canvas; Ctrl+Z brings it back and
 * Ctrl+Shift+Z removes it again; Enter on the parameters box opens the parameters; the command
 * palette lists the builder's keys.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { openApp, type E2eApp } from './app-host';
import { openBuilder } from './builder-steps';

/** What has focus: a canvas box's id and name, or the element's test id, and whether it is in the side panel. */
async function focused(page: Page): Promise<{ box?: string; label?: string; testId?: string; inSide: boolean; inCanvas: boolean; ring: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const box = el?.closest<HTMLElement>('.react-flow__node');
    const style = el ? getComputedStyle(el) : undefined;
    return {
      ...(box?.dataset.id ? { box: box.dataset.id } : {}),
      ...(box?.getAttribute('aria-label') ? { label: box.getAttribute('aria-label') ?? '' } : {}),
      ...(el?.dataset.testid ? { testId: el.dataset.testid } : {}),
      inSide: !!el?.closest('.builder-side'),
      inCanvas: !!el?.closest('[data-testid="builder-canvas"]'),
      ring: style ? `${style.outlineStyle} ${style.outlineWidth}` : '',
    };
  });
}

/** The on-canvas position of box `id` (React Flow's transform). */
const position = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((el) => (el as HTMLElement).style.transform);

/** Presses Tab (or Shift+Tab) until box `id` has focus (at most `max` times); returns how many presses it took. */
async function tabTo(page: Page, id: string, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 40): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(key);
    if ((await focused(page)).box === id) return i;
  }
  throw new Error(`Tab never reached the box ${id}`);
}

describe('pipeline builder by keyboard', () => {
  let app: E2eApp;
  beforeAll(async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
  }, 60_000);
  afterAll(() => app?.close());

  it('selects, moves, edits, copies, pastes, deletes and undoes with the keys alone', async () => {
    const { page } = app;
    await openBuilder(page, `e2e-keys-${Date.now().toString(36)}`);
    // a parameter, then two tasks added from the palette with Enter
    await page.getByLabel('New parameter name').fill('threshold');
    await page.getByLabel('New parameter type').selectOption('NUMBER_DOUBLE');
    await page.getByTestId('param-add').click();
    await page.getByTestId('params-node').waitFor();
    for (const c of ['load', 'fit']) {
      await page.getByTestId(`palette-${c}`).first().focus();
      await page.keyboard.press('Enter');
      await page.getByTestId(`task-${c}`).waitFor();
    }
    await page.waitForTimeout(600); // the layout settles

    // Tab from the palette reaches load's box: named, with a visible focus ring
    await page.getByTestId('palette-fit').first().focus();
    await tabTo(page, 'load');
    const onBox = await focused(page);
    expect(onBox).toMatchObject({ box: 'load', label: 'Task load', inCanvas: true });
    expect(onBox.ring).toMatch(/^dashed 2px$/);
    await app.shot('builder-keyboard-focus');

    // Enter selects it: its settings show
    await page.keyboard.press('Enter');
    await page.locator('.react-flow__node[data-id="load"].selected').waitFor();
    await page.getByTestId('task-settings').getByRole('heading', { name: /load/ }).waitFor();

    // the arrows move it (Shift: further)
    const before = await position(page, 'load');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await page.waitForFunction((b) => (document.querySelector('.react-flow__node[data-id="load"]') as HTMLElement | null)?.style.transform !== b, before);
    expect(await position(page, 'load')).not.toBe(before);
    expect((await focused(page)).box).toBe('load');

    // Enter again: into its settings; an input typed there is set on the task; Escape goes back to the box
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !!document.activeElement?.closest('.builder-side'));
    expect((await focused(page)).testId).toBe('input-rows');
    await page.keyboard.type('100');
    await page.keyboard.press('Tab');
    await page.locator('[data-testid="task-load"] [data-testid="port-in:rows"] .builder-port-const').waitFor();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.activeElement?.closest<HTMLElement>('.react-flow__node')?.dataset.id === 'load');

    // Ctrl+C, Ctrl+V: a copy of load (with its input) appears and takes focus
    const loads = page.locator('.react-flow__node-task', { has: page.locator('[data-testid^="task-load"]') });
    expect(await loads.count()).toBe(1);
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await page.waitForFunction(() => {
      const id = document.activeElement?.closest<HTMLElement>('.react-flow__node')?.dataset.id;
      return !!id && id !== 'load';
    });
    const copy = (await focused(page)).box ?? '';
    expect(copy).toMatch(/^load-/);
    expect(await loads.count()).toBe(2);
    expect(await page.locator(`.react-flow__node[data-id="${copy}"] [data-testid="port-in:rows"] .builder-port-const`).textContent()).toContain('100');

    // Delete removes the copy; focus stays on the canvas, on a box
    await page.keyboard.press('Delete');
    await page.locator(`.react-flow__node[data-id="${copy}"]`).waitFor({ state: 'detached' });
    await page.waitForFunction(() => !!document.activeElement?.closest('.react-flow__node'));
    expect((await focused(page)).inCanvas).toBe(true);
    expect(await loads.count()).toBe(1);

    // Ctrl+Z brings it back, Ctrl+Shift+Z removes it again
    await page.keyboard.press('Control+z');
    await page.locator(`.react-flow__node[data-id="${copy}"]`).waitFor();
    await page.keyboard.press('Control+Shift+z');
    await page.locator(`.react-flow__node[data-id="${copy}"]`).waitFor({ state: 'detached' });

    // Enter on the parameters box opens the parameters in the side panel
    await page.keyboard.press('Escape'); // unselect what has focus
    await tabTo(page, '@params', 'Shift+Tab');
    expect((await focused(page)).label).toBe('Pipeline parameters');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !!document.activeElement?.closest('.builder-side'));
    expect(await page.getByTestId('task-settings').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.activeElement?.closest<HTMLElement>('.react-flow__node')?.dataset.id === '@params');

    // the palette lists the builder's keys
    await page.keyboard.press('Control+k');
    await page.getByLabel('Search', { exact: true }).fill('shortcuts pipeline builder delete');
    await page.getByRole('option', { name: /Delete \/ Backspace.*Delete the selected boxes and edges/ }).waitFor();
    await page.keyboard.press('Escape');
    expect(app.pageErrors).toEqual([]);
  }, 180_000);
});
