// SPDX-License-Identifier: Apache-2.0
/**
 * HTML and Markdown artifacts of a real run against lab-a's KFP 2.17: a fresh run of the seeded
 * `data-report` pipeline (its `summarize` step declares a `system.HTML` report and a
 * `system.Markdown` summary); the drawer's calls list both where KFP's driver wrote them and
 * return them as HTML and Markdown previews whose text is exactly the object in the lab's S3 (and
 * what the lab's launcher writes for those types).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { runArtifactsContract } from '../../shared/features/pipelines/run-artifacts.contract';
import { runDetailsContract } from '../../shared/features/pipelines/run-details.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, labInfo } from '../harness/lab';
import { labCluster } from '../lab/control-plane';
import { kfpApiUrl } from '../lab/kfp/backend';
import { KfpClient } from '../lab/kfp/client';
import { getObject, listObjects } from '../lab/peers/s3';

const kfpA = new KfpClient(kfpApiUrl(labCluster('lab-a')));
const unique = `mldeck-rep-${Date.now().toString(36)}`;
const title = `Rows of ${unique}`;
let experimentId = '';
let runId = '';
let app: AppUnderTest;
let clusterId = '';

const task = (graphId: string) => ({ clusterId, runId, graphId, iterations: [] });
/** The object an artifact URI names, read straight from the lab's S3. */
async function direct(uri: string): Promise<string> {
  const m = /^minio:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new Error(`not a minio:// URI: ${uri}`);
  return new TextDecoder().decode(await getObject(m[1] ?? '', m[2] ?? ''));
}

beforeAll(async () => {
  app = await startApp(labInfo().kubeconfig);
  clusterId = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
  if (!clusterId) throw new Error('no lab-a context');
  experimentId = await kfpA.ensureExperiment(`${unique}-tests`, 'pipeline-run-reports.int.test.ts');
  const pipeline = await kfpA.findPipeline('data-report');
  if (!pipeline) throw new Error('the seeded data-report pipeline is missing (npm run lab -- seed)');
  const [version] = await kfpA.versions(pipeline.pipeline_id);
  const run = await kfpA.createRun({
    displayName: `${unique}-run`,
    experimentId,
    pipelineId: pipeline.pipeline_id,
    versionId: version?.pipeline_version_id ?? '',
    parameters: { rows: 42, title },
  });
  runId = run.run_id;
  await eventually(
    'the run to succeed',
    async () => {
      const r = await app.api.call(runDetailsContract.get, { clusterId, runId });
      return r.state === 'SUCCEEDED' && !r.active ? r : undefined;
    },
    180_000,
  );
}, 240_000);

afterAll(async () => {
  app?.close();
  if (experimentId) await kfpA.request('POST', `/experiments/${experimentId}:archive`);
});

describe('HTML and Markdown artifacts of a run', () => {
  it("lists summarize's report and summary where KFP's driver wrote them", async () => {
    const list = await app.api.call(runArtifactsContract.list, task('summarize'));
    expect(list.problem).toBe('');
    expect(list.runRoot).toBe(`minio://mlpipeline/v2/artifacts/data-report/${runId}`);
    expect(list.artifacts.map((a) => `${a.io} ${a.name} ${a.schemaTitle} ${a.from}`)).toEqual([
      'input dataset system.Dataset prepare-data.dataset',
      'output report system.HTML ',
      'output summary system.Markdown ',
    ]);
    const objects = await listObjects('mlpipeline', `v2/artifacts/data-report/${runId}/summarize/`);
    for (const a of list.artifacts.filter((x) => x.io === 'output')) {
      expect(a.uri).toMatch(new RegExp(`^minio://mlpipeline/v2/artifacts/data-report/${runId}/summarize/[^/]+/${a.name}$`));
      expect(a.size).toBe(objects.find((o) => `minio://mlpipeline/${o.key}` === a.uri)?.size);
      expect(a.note).toBe('');
    }
  });

  it('returns the HTML report as an HTML preview with its exact text', async () => {
    const html = await app.api.call(runArtifactsContract.read, { ...task('summarize'), io: 'output', name: 'report' });
    expect(html).toMatchObject({ kind: 'html', schemaTitle: 'system.HTML', truncated: false });
    if (html.kind !== 'html') return;
    expect(html.html).toBe(await direct(html.uri));
    // what the lab's launcher writes for a system.HTML output: the component as a heading, its inputs
    expect(html.html).toBe(`<html><body><h1>comp-summarize</h1><pre>${JSON.stringify({ title })}</pre></body></html>\n`);
    expect(html.size).toBe(new TextEncoder().encode(html.html).length);
  });

  it('returns the Markdown summary as a Markdown preview with its exact text', async () => {
    const md = await app.api.call(runArtifactsContract.read, { ...task('summarize'), io: 'output', name: 'summary' });
    expect(md).toMatchObject({ kind: 'markdown', schemaTitle: 'system.Markdown', truncated: false });
    if (md.kind !== 'markdown') return;
    expect(md.text).toBe(await direct(md.uri));
    expect(md.text).toBe(`# comp-summarize\n\n- title: ${JSON.stringify(title)}\n`);
  });
});
