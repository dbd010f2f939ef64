// SPDX-License-Identifier: Apache-2.0
/**
 * The app by keyboard, in Chromium against the lab: a dialog takes focus, keeps Tab and Shift+Tab
 * inside it and gives focus back to the button that opened it when it closes (the confirmation
 * dialog and the command palette); the palette lists the keyboard shortcuts; a table is sorted
 * from its column titles and says so (aria-sort), and its rows are moved through and opened with
 * the keys alone.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

/** Whether the focused element is inside the element matched by `selector`. */
const focusInside = (page: Page, selector: string) => page.evaluate((s) => !!document.querySelector(s)?.contains(document.activeElement), selector);

describe('keyboard and focus', () => {
  let app: E2eApp;
  let origin: string;
  let labA: string;
  beforeAll(async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    await app.page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    origin = new URL(app.page.url()).origin;
    labA = await clusterIdOf(app.page, 'lab-a');
  }, 60_000);
  afterAll(() => app?.close());

  it('traps focus in a dialog and returns it to the opener on close', async () => {
    const { page } = app;
    await page.getByTestId('nav-clusters').click();
    const remove = page.getByTestId('cluster-row-lab-b').getByRole('button', { name: 'Remove' });
    await remove.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Remove lab-b/ });
    await dialog.waitFor();
    expect(await focusInside(page, '[data-testid="confirm-dialog"]')).toBe(true);
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInside(page, '[data-testid="confirm-dialog"]')).toBe(true);
    }
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await focusInside(page, '[data-testid="confirm-dialog"]')).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await remove.evaluate((el) => el === document.activeElement)).toBe(true);
    // nothing was removed
    expect(await page.getByTestId('cluster-row-lab-b').count()).toBe(1);

    // the palette: opened from its button, closed with Escape, focus back on the button
    const trigger = page.getByRole('button', { name: /Search or jump to/ });
    await trigger.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Command palette' }).waitFor();
    expect(await page.getByLabel('Search', { exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusInside(page, '.palette')).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Command palette' }).waitFor({ state: 'detached' });
    expect(await trigger.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('lists the keyboard shortcuts in the palette', async () => {
    const { page } = app;
    await page.keyboard.press('Control+k');
    await page.getByLabel('Search', { exact: true }).fill('shortcuts');
    await page.getByRole('option', { name: /Ctrl\+K.*Open or close the command palette/ }).waitFor();
    await page.getByLabel('Search', { exact: true }).fill('shortcuts run the cell');
    expect(await page.getByRole('option', { name: /Shift\+Enter.*Run the cell and select the next/ }).count()).toBe(1);
    await page.keyboard.press('Escape');
  });

  it('sorts a table from its column titles, announces the sort, and opens a row by keyboard', async () => {
    const { page } = app;
    await page.goto(`${origin}/#/jobs/${encodeURIComponent(labA)}`);
    const table = page.getByTestId('jobs-table');
    await table.locator('.vtable-row').first().waitFor({ timeout: 30_000 });
    const header = table.getByRole('columnheader', { name: 'Name', exact: true });
    expect(await header.getAttribute('aria-sort')).toBe('none');
    await header.getByRole('button').focus();
    await page.keyboard.press('Enter');
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const column = await table.getByRole('columnheader').evaluateAll((hs) => hs.findIndex((h) => h.textContent?.trim() === 'Name'));
    const names = await table
      .locator('.vtable-row')
      .evaluateAll((rows, i) => rows.map((r) => r.querySelectorAll('[role="gridcell"]')[i]?.textContent ?? ''), column);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
    await page.keyboard.press('Enter');
    expect(await header.getAttribute('aria-sort')).toBe('descending');

    // into the rows with Tab, down one, Enter opens that job
    const rows = table.getByRole('rowgroup').last();
    await rows.focus();
    await page.keyboard.press('ArrowDown');
    const second = await table.locator('.vtable-row[aria-selected="true"]').getAttribute('data-key');
    expect(second).toBeTruthy();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash.startsWith('#/job/'));
    expect(decodeURIComponent(await page.evaluate(() => location.hash))).toContain((second ?? '').split('/').pop() ?? '');
  });
});
