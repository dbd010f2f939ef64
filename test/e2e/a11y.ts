// SPDX-License-Identifier: Apache-2.0
/**
 * The accessibility check of e2e pages: axe-core (through @axe-core/playwright) run on the page as
 * it is, WCAG 2.1 A and AA rules, keeping the serious and critical violations with where they are;
 * and the layout screenshots of a page at 1280×800 and 1920×1080 in the theme it shows, with its
 * headers measured at each.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenshotDir } from './app-host';

/** One serious or critical violation on one page. */
export interface A11yProblem {
  page: string;
  rule: string;
  impact: string;
  help: string;
  /** Where: the first few elements' selectors and axe's summary for the first. */
  targets: string[];
  summary: string;
  /** Every element concerned with axe's summary for it. */
  nodes: { target: string; summary: string }[];
}

/** Scans the page; returns its serious and critical violations, labelled `label`. */
export async function scanA11y(page: Page, label: string): Promise<A11yProblem[]> {
  // legacy mode: axe runs in the page's frames itself, as the app host's page has no context to open a blank page in
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).setLegacyMode(true).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      page: label,
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.slice(0, 4).map((n) => n.target.join(' ')),
      summary: v.nodes[0]?.failureSummary?.split('\n').slice(0, 3).join(' ') ?? '',
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ') })),
    }));
}

/** The problems as lines a developer can act on. */
export function describeProblems(problems: A11yProblem[]): string {
  return problems.map((p) => `${p.page}: [${p.impact}] ${p.rule} — ${p.help}\n    at ${p.targets.join(' | ')}\n    ${p.summary}`).join('\n');
}

/** The theme the app shows, picked as a user does (the top bar's Theme select). */
export async function pickTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.getByLabel('Theme', { exact: true }).selectOption(theme);
  await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
}

/** A page header as measured: its title's lines, its widest picker, its own width. */
export interface HeaderMeasure {
  title: string;
  titleLines: number;
  widestPicker: number;
  headerWidth: number;
}

/** The window sizes the layout is shot and checked at. */
export const layoutSizes = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/**
 * Layout screenshots of the page at 1280×800 and 1920×1080 (the viewport is put back after), with
 * its headers measured at each size.
 */
export async function layoutShots(page: Page, name: string): Promise<{ size: string; file: string; headers: HeaderMeasure[] }[]> {
  const dir = join(screenshotDir, 'layout');
  mkdirSync(dir, { recursive: true });
  const before = page.viewportSize();
  const shots: { size: string; file: string; headers: HeaderMeasure[] }[] = [];
  for (const { width, height } of layoutSizes) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(150);
    const size = `${width}x${height}`;
    const file = join(dir, `${name}-${size}.png`);
    await page.screenshot({ path: file });
    shots.push({ size, file, headers: await headerLayout(page) });
  }
  if (before) await page.setViewportSize(before);
  return shots;
}

/** Whether every page header's title is on one line and its pickers narrower than half the header. */
export async function headerLayout(page: Page): Promise<HeaderMeasure[]> {
  return page.$$eval('main .page-head', (heads) =>
    heads.map((h) => {
      const title = h.querySelector('h1');
      const lineHeight = title ? parseFloat(getComputedStyle(title).lineHeight) || 24 : 24;
      const pickers = [...h.querySelectorAll('select')].map((s) => s.getBoundingClientRect().width);
      return {
        title: title?.textContent ?? '',
        titleLines: title ? Math.round(title.getBoundingClientRect().height / lineHeight) : 0,
        widestPicker: Math.max(0, ...pickers),
        headerWidth: h.getBoundingClientRect().width,
      };
    }),
  );
}
