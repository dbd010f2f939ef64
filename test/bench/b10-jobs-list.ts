// SPDX-License-Identifier: Apache-2.0
/**
 * B10: the jobs list with 2,000 training jobs vs `kubectl get` of the same kinds. The jobs are
 * created suspended in a temporary namespace on lab-a (so no pods are made), then a fresh
 * MLDeck (empty cache) opens "Training jobs" from the sidebar and the time until every job
 * of the cluster is in the table is compared with `kubectl get <every served training kind> -A`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { trainingKinds } from '../../shared/kube/training-kinds';
import { openApp } from '../e2e/app-host';
import { labInfo, tempNamespace } from '../harness/lab';
import { bin } from '../lab/paths';
import { median, type BenchResult } from './report';

const run = promisify(execFile);

/** A suspended PyTorchJob: the operator records it and makes no pods. */
function suspendedJob(namespace: string, i: number) {
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'PyTorchJob',
    metadata: { name: `bench-job-${String(i).padStart(4, '0')}`, namespace },
    spec: {
      runPolicy: { suspend: true },
      pytorchReplicaSpecs: {
        Worker: {
          replicas: 2,
          template: { spec: { containers: [{ name: 'pytorch', image: 'registry.example/bench:1', resources: { limits: { 'nvidia.com/gpu': 1 } } }] } },
        },
      },
    },
  };
}

/** The training kinds lab-a serves, as `plural.group` for kubectl. */
async function servedKinds(): Promise<string[]> {
  const { stdout } = await run(bin('kubectl'), ['--kubeconfig', labInfo().kubeconfig, '--context', 'lab-a', 'api-resources', '-o', 'name']);
  const served = new Set(stdout.split('\n').map((l) => l.trim()));
  return [...new Set(trainingKinds.map((k) => `${k.resource}.${k.group}`))].filter((k) => served.has(k));
}

/** Runs B10 with `count` jobs. */
export async function b10(count = 2000): Promise<BenchResult[]> {
  const ns = await tempNamespace('bench-jobs');
  const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  try {
    const kc = labInfo().kubeconfig;
    // create in chunks through kubectl (one List per chunk)
    const t0 = performance.now();
    for (let from = 0; from < count; from += 250) {
      const items = Array.from({ length: Math.min(250, count - from) }, (_, j) => suspendedJob(ns.name, from + j));
      const child = execFile(bin('kubectl'), ['--kubeconfig', kc, '--context', 'lab-a', 'create', '-f', '-', '-o', 'name'], { maxBuffer: 64 * 1024 * 1024 });
      const done = new Promise<void>((res, rej) => child.on('exit', (code) => (code === 0 ? res() : rej(new Error(`kubectl create exited ${code}`)))));
      child.stdin?.end(JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
      await done;
    }
    log(`created ${count} suspended PyTorchJobs in ${ns.name} in ${Math.round(performance.now() - t0)} ms`);

    const kinds = await servedKinds();
    const args = ['--kubeconfig', kc, '--context', 'lab-a', 'get', kinds.join(','), '-A', '--no-headers'];
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const { stdout } = await run(bin('kubectl'), args, { maxBuffer: 256 * 1024 * 1024 });
      times.push(performance.now() - t);
      total = stdout.split('\n').filter((l) => l.trim()).length;
    }
    const kubectlMs = median(times);
    log(`kubectl get ${kinds.length} kinds -A: ${Math.round(kubectlMs)} ms for ${total} jobs`);

    const fulls: number[] = [];
    for (let i = 0; i < 3; i++) {
      const app = await openApp({ KUBECONFIG: kc });
      try {
        await app.page.getByTestId('overview-health').waitFor({ timeout: 60_000 });
        const jobs = app.page.getByRole('button', { name: 'Training jobs', exact: true });
        await jobs.waitFor({ timeout: 60_000 });
        const t = performance.now();
        await jobs.click();
        await app.page.waitForFunction(
          (n) => (document.querySelector('[data-testid="jobs-table"] [data-testid="row-count"]')?.textContent ?? '').startsWith(`${n} `),
          total,
          { timeout: 300_000 },
        );
        fulls.push(performance.now() - t);
      } finally {
        await app.close();
      }
    }
    return [
      {
        id: 'B10',
        what: 'jobs list of every training kind vs kubectl get',
        ratio: median(fulls) / kubectlMs,
        goal: { op: '<=', target: 1.5 },
        details: { jobs: total, kinds: kinds.length, kubectlMs: Math.round(kubectlMs), fullTableMs: Math.round(median(fulls)) },
      },
    ];
  } finally {
    await ns.remove();
  }
}
