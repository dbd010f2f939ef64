// SPDX-License-Identifier: Apache-2.0
/**
 * B9: the KFP runs list on lab-a with `MLDECK_B9_SCALE` × 2,000 seeded runs (default 1; the
 * seed's `--scale` copies, made here if missing) through MLDeck's service (`pipeline-runs:list`
 * through the in-process port-forward to `ml-pipeline`, mapped, kept in the cache, and the answer
 * serialised once as the transport would) vs the same pages read by plain REST calls straight to
 * the API server: the first page (newest first), and the whole list sorted by name page by page
 * through KFP's tokens. Each is the median of 5 (the first page) or 3 (the whole list) rounds on a
 * warm connection. The KFP calls MLDeck makes per page are counted at its route: at most 3.
 */
import type { RunsPage, RunSort } from '../../shared/features/pipelines/runs.contract';
import { pipelineRunsContract } from '../../shared/features/pipelines/runs.contract';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import type { HttpRoute } from '../../main/platform/net/http-route';
import { startApp } from '../harness/app-under-test';
import { labInfo } from '../harness/lab';
import { labCluster } from '../lab/control-plane';
import { kfpApiUrl } from '../lab/kfp/backend';
import { seedScaleRuns } from '../lab/kfp/scale';
import { pagedListResults, type BenchResult } from './report';

const pageSize = 200;
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

/** One page by plain REST, as a client of the API server would read it. */
async function restPage(base: string, sort: RunSort, token: string | undefined): Promise<{ runs: unknown[]; next: string; total: number }> {
  const q = new URLSearchParams({
    page_size: String(pageSize),
    sort_by: sort.desc ? `${sort.key} desc` : sort.key,
    filter: JSON.stringify({ predicates: [{ key: 'storage_state', operation: 'EQUALS', string_value: 'AVAILABLE' }] }),
    ...(token ? { page_token: token } : {}),
  });
  const res = await fetch(`${base}/apis/v2beta1/runs?${q}`);
  if (!res.ok) throw new Error(`KFP answered HTTP ${res.status}`);
  const body = (await res.json()) as { runs?: unknown[]; next_page_token?: string; total_size?: number };
  return { runs: body.runs ?? [], next: body.next_page_token ?? '', total: body.total_size ?? 0 };
}

/** Every page by plain REST; returns the rows read and the pages. */
async function restAll(base: string, sort: RunSort): Promise<{ rows: number; pages: number }> {
  let token: string | undefined;
  let rows = 0;
  let pages = 0;
  do {
    const p = await restPage(base, sort, token);
    rows += p.runs.length;
    pages++;
    token = p.next || undefined;
  } while (token);
  return { rows, pages };
}

const time = async <T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
};

/** Runs B9. */
export async function b9(): Promise<BenchResult[]> {
  const scale = Number(process.env.MLDECK_B9_SCALE ?? '1') || 1;
  const lab = labCluster('lab-a');
  const base = kfpApiUrl(lab);
  const exps = (await (await fetch(`${base}/apis/v2beta1/experiments?page_size=50`)).json()) as {
    experiments?: { experiment_id: string; display_name: string }[];
  };
  const baseline = exps.experiments?.find((e) => e.display_name === 'baseline');
  if (!baseline) throw new Error('lab-a has no baseline experiment: run npm run lab -- seed');
  const seeded = await seedScaleRuns(lab, baseline.experiment_id, scale);
  const total = (await restPage(base, { key: 'created_at', desc: true }, undefined)).total;
  log(`lab-a: ${seeded} scale runs, ${total} runs in all`);

  const app = await startApp(labInfo().kubeconfig);
  try {
    // count the KFP calls MLDeck makes: every request through the routes the connector gives
    let calls = 0;
    const connector = app.services.connector;
    const pod = connector.pod.bind(connector);
    connector.pod = async (...args: Parameters<typeof connector.pod>) => {
      const route = await pod(...args);
      const counted: HttpRoute = Object.create(route) as HttpRoute;
      Object.defineProperty(counted, 'fetch', { value: (...a: Parameters<HttpRoute['fetch']>) => (calls++, route.fetch(...a)) });
      return counted as Awaited<ReturnType<typeof pod>>;
    };
    const clusterId = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
    const perPage: number[] = [];
    const list = async (sort: RunSort, cursor?: { namespace: string; pageToken: string }): Promise<RunsPage> => {
      const before = calls;
      const page = await app.api.call(pipelineRunsContract.list, {
        clusterId,
        filter: {},
        sort,
        pageSize,
        ...(cursor ? { cursors: [{ clusterId, ...cursor }] } : {}),
      });
      perPage.push(calls - before);
      // the renderer receives it over the transport: serialised once
      return JSON.parse(JSON.stringify(page)) as RunsPage;
    };
    const mldeckAll = async (sort: RunSort): Promise<{ rows: number; pages: number }> => {
      let page = await list(sort);
      let rows = 0;
      let pages = 0;
      for (;;) {
        const s = page.streams[0];
        if (!s?.ok) throw new Error(`MLDeck could not list: ${JSON.stringify(s)}`);
        rows += s.runs.length;
        pages++;
        if (!s.nextPageToken) return { rows, pages };
        page = await list(sort, { namespace: s.namespace, pageToken: s.nextPageToken });
      }
    };

    const newest: RunSort = { key: 'created_at', desc: true };
    const byName: RunSort = { key: 'display_name', desc: false };
    // the cold first page (connection made: discovery, port-forward, healthz) is reported, not compared
    const cold = await time(() => list(newest));
    const firstMl: number[] = [];
    const firstRest: number[] = [];
    for (let i = 0; i < 5; i++) {
      firstRest.push((await time(() => restPage(base, newest, undefined))).ms);
      firstMl.push((await time(() => list(newest))).ms);
    }
    const allMl: number[] = [];
    const allRest: number[] = [];
    let rows = 0;
    let pages = 0;
    for (let i = 0; i < 3; i++) {
      const r = await time(() => restAll(base, byName));
      allRest.push(r.ms);
      const m = await time(() => mldeckAll(byName));
      allMl.push(m.ms);
      // the lab is shared: runs others make meanwhile may differ by a few, not by a page
      if (Math.abs(m.value.rows - r.value.rows) > 20) throw new Error(`MLDeck listed ${m.value.rows} runs, KFP ${r.value.rows}`);
      rows = m.value.rows;
      pages = m.value.pages;
    }
    const details = { runs: rows, pages, pageSize, coldFirstPageMs: Math.round(cold.ms) };
    return pagedListResults(
      { first: 'runs list first page vs direct KFP REST', whole: 'whole sortable runs list vs direct KFP REST', calls: 'KFP calls per runs page vs 3' },
      { firstMl, firstRest, allMl, allRest },
      perPage,
      details,
    );
  } finally {
    app.close();
  }
}
