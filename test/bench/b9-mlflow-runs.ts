// SPDX-License-Identifier: Apache-2.0
/**
 * B9 (MLflow): an experiment of `MLDECK_B9_SCALE` × 10,000 runs on lab-a's tracking server
 * (`scale-runs`, made by `npm run lab -- seed --scale N`, here if missing) through MLDeck's
 * MLflow service (`mlflow:runs` through the in-process port-forward to `mlflow/mlflow`, each page
 * kept in the runs index and answered from it, serialised once as the transport would) vs the
 * same pages read by plain `runs/search` calls straight to the server (1,000 runs a page, newest
 * first): the first page, and the whole sortable table (every page, then sorted by a metric —
 * MLDeck from its index, the direct client needing nothing more than the pages it holds). Each is
 * the median of 5 (first page) or 3 (whole table) rounds on a warm connection, every round from an
 * empty index (a filter of its own, `attributes.start_time > -n`, which the direct calls send too). The MLflow calls MLDeck makes per page are counted at its route: at most 3.
 */
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { mlflowContract, type RunsWindow } from '../../shared/features/mlflow/mlflow.contract';
import { registryContract } from '../../shared/features/registry/registry.contract';
import type { HttpRoute } from '../../main/platform/net/http-route';
import { startApp } from '../harness/app-under-test';
import { labInfo } from '../harness/lab';
import { mlflowSettings } from '../harness/mlflow-settings';
import { mlflowUrl } from '../lab/peers/mlflow';
import { runsPerScale, scaleExperiment, seedMlflowScale } from '../lab/peers/mlflow-scale';
import { pagedListResults, type BenchResult } from './report';

const pageSize = 1000;
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

/** One page by plain REST, as any MLflow client would read it. */
async function restPage(experimentId: string, filter: string, token: string | undefined): Promise<{ runs: unknown[]; next: string | undefined }> {
  const res = await fetch(`${mlflowUrl}/api/2.0/mlflow/runs/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      experiment_ids: [experimentId],
      filter,
      max_results: pageSize,
      order_by: ['attributes.start_time DESC'],
      ...(token ? { page_token: token } : {}),
    }),
  });
  if (!res.ok) throw new Error(`MLflow answered HTTP ${res.status}`);
  const body = (await res.json()) as { runs?: unknown[]; next_page_token?: string };
  return { runs: body.runs ?? [], next: body.next_page_token || undefined };
}

async function restAll(experimentId: string, filter: string): Promise<number> {
  let token: string | undefined;
  let rows = 0;
  do {
    const p = await restPage(experimentId, filter, token);
    rows += p.runs.length;
    token = p.next;
  } while (token);
  return rows;
}

const time = async <T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
};

/** Runs B9 for MLflow. */
export async function b9Mlflow(): Promise<BenchResult[]> {
  const scale = Number(process.env.MLDECK_B9_SCALE ?? '1') || 1;
  log(await seedMlflowScale(scale));
  const exp = (await (
    await fetch(`${mlflowUrl}/api/2.0/mlflow/experiments/get-by-name?${new URLSearchParams({ experiment_name: scaleExperiment })}`)
  ).json()) as {
    experiment?: { experiment_id: string };
  };
  const experimentId = exp.experiment?.experiment_id;
  if (!experimentId) throw new Error(`lab-a's MLflow has no ${scaleExperiment} experiment`);

  const app = await startApp(labInfo().kubeconfig);
  try {
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
    const found = (await app.api.call(registryContract.candidates, { clusterId })).find((c) => c.namespace === 'mlflow' && c.name === 'mlflow');
    await app.api.call(registryContract.setSettings, mlflowSettings(clusterId, { pin: { namespace: 'mlflow', name: 'mlflow', uid: found?.uid ?? '' } }));
    const server = { kind: 'cluster' as const, clusterId };
    const perPage: number[] = [];
    // every round starts from an empty index: a filter no other round used (the same runs)
    let round = 0;
    const filterOf = () => `attributes.start_time > ${-1 - round}`;
    const call = async (filter: string, fetch: 'none' | 'next', offset: number, limit: number) => {
      const before = calls;
      const w = await app.api.call(mlflowContract.runs, { server, experimentId, filter, fetch, offset, limit });
      perPage.push(calls - before);
      return JSON.parse(JSON.stringify(w)) as RunsWindow;
    };
    const firstPage = async () => {
      round++;
      return call(filterOf(), 'none', 0, pageSize);
    };
    const whole = async () => {
      round++;
      const f = filterOf();
      let w = await call(f, 'none', 0, pageSize);
      let rows = w.rows.length;
      while (!w.complete) {
        w = await call(f, 'next', rows, pageSize);
        rows += w.rows.length;
      }
      const before = calls;
      const sorted = await app.api.call(mlflowContract.runs, {
        server,
        experimentId,
        filter: f,
        fetch: 'none',
        offset: 0,
        limit: 50_000,
        sort: { column: { kind: 'metric', key: 'accuracy' }, desc: true },
      });
      if (calls !== before) throw new Error('sorting asked MLflow again');
      JSON.parse(JSON.stringify(sorted));
      return sorted.total;
    };

    const cold = await time(firstPage);
    const firstMl: number[] = [];
    const firstRest: number[] = [];
    for (let i = 0; i < 5; i++) {
      firstRest.push((await time(() => restPage(experimentId, filterOf(), undefined))).ms);
      firstMl.push((await time(firstPage)).ms);
    }
    const allMl: number[] = [];
    const allRest: number[] = [];
    let rows = 0;
    for (let i = 0; i < 3; i++) {
      const r = await time(() => restAll(experimentId, filterOf()));
      allRest.push(r.ms);
      const m = await time(whole);
      allMl.push(m.ms);
      if (m.value !== r.value) throw new Error(`MLDeck indexed ${m.value} runs, MLflow listed ${r.value}`);
      rows = m.value;
    }
    const details = { runs: rows, expected: scale * runsPerScale, pageSize, coldFirstPageMs: Math.round(cold.ms) };
    return pagedListResults(
      {
        first: 'MLflow runs first page vs direct runs/search',
        whole: 'MLflow whole sortable runs table vs direct runs/search',
        calls: 'MLflow calls per runs page vs 3',
      },
      { firstMl, firstRest, allMl, allRest },
      perPage,
      details,
    );
  } finally {
    app.close();
  }
}
