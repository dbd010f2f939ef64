// SPDX-License-Identifier: Apache-2.0
/**
 * HTML and Markdown artifacts in a real browser against lab-a's real KFP 2.17: a fresh run of the
 * seeded `data-report` pipeline; summarize's drawer shows its Markdown summary rendered (its
 * heading), and its HTML report inside a sandboxed frame (no `allow-same-origin`, so an opaque
 * origin apart from the app's) whose document shows the report's heading.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { labCluster } from '../lab/control-plane';
import { kfpApiUrl } from '../lab/kfp/backend';
import { KfpClient } from '../lab/kfp/client';
import { openApp, type E2eApp } from './app-host';
import { openRunPage, runNode } from './run-page-steps';

const kfpA = new KfpClient(kfpApiUrl(labCluster('lab-a')));
const unique = `e2e-rep-${Date.now().toString(36)}`;
let experimentId = '';

describe("a run's HTML and Markdown artifacts", () => {
  let app: E2eApp | undefined;
  beforeAll(async () => {
    experimentId = await kfpA.ensureExperiment(`${unique}-tests`, 'pipeline-reports.e2e.ts');
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    if (experimentId) await kfpA.request('POST', `/experiments/${experimentId}:archive`);
  });

  it('renders the Markdown summary and shows the HTML report in a sandboxed frame', async () => {
    const pipeline = await kfpA.findPipeline('data-report');
    if (!pipeline) throw new Error('the seeded data-report pipeline is missing (npm run lab -- seed)');
    const [version] = await kfpA.versions(pipeline.pipeline_id);
    const run = await kfpA.createRun({
      displayName: `${unique}-data-report`,
      experimentId,
      pipelineId: pipeline.pipeline_id,
      versionId: version?.pipeline_version_id ?? '',
      parameters: { rows: 12, title: 'Quarterly rows' },
    });
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await openRunPage(page, run.run_id, `${unique}-data-report`);
    await page.locator('[data-testid="run-state"][data-state="SUCCEEDED"]').waitFor({ timeout: 180_000 });
    await runNode(page, 'summarize').click();
    const drawer = page.getByTestId('task-drawer');
    await drawer.waitFor();

    // the Markdown summary, rendered
    const summary = drawer.locator('[data-testid="artifact"][data-io="output"][data-name="summary"]');
    await summary.getByTestId('artifact-toggle').click({ timeout: 60_000 });
    const heading = summary.locator('[data-testid="artifact-preview"][data-kind="markdown"] h1');
    await heading.waitFor({ timeout: 30_000 });
    expect((await heading.textContent())?.trim()).toBe('comp-summarize');
    expect((await summary.locator('[data-testid="artifact-preview"] li').textContent())?.trim()).toBe('title: "Quarterly rows"');

    // the HTML report, in a frame sandboxed without allow-same-origin
    const report = drawer.locator('[data-testid="artifact"][data-io="output"][data-name="report"]');
    await report.getByTestId('artifact-toggle').click();
    const frame = report.locator('[data-testid="artifact-preview"][data-kind="html"] iframe');
    await frame.waitFor({ timeout: 30_000 });
    const sandbox = await frame.getAttribute('sandbox');
    expect(sandbox).not.toBeNull();
    expect(sandbox ?? '').not.toContain('allow-same-origin');
    expect(sandbox ?? '').not.toContain('allow-scripts');
    const inFrame = report.frameLocator('iframe').locator('h1');
    await expect.poll(() => inFrame.textContent({ timeout: 20_000 }), { timeout: 30_000 }).toBe('comp-summarize');
    // the app's page cannot reach into it (an opaque origin)
    expect(await frame.evaluate((f) => (f as HTMLIFrameElement).contentDocument === null)).toBe(true);
    await app.shot('pipeline-run-reports');
  }, 300_000);
});
