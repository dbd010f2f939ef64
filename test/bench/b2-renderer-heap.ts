// SPDX-License-Identifier: Apache-2.0
/**
 * B2, renderer memory: MLDeck shows Pods in all namespaces while pods in a namespace of the
 * benchmark's own churn (annotation patches, and deletes with re-creates), the rate ramped from
 * 50 to `MLDECK_B2_MAX_RATE` (default 1,000) requests per second; every few seconds the
 * renderer's heap is collected and read over CDP (`HeapProfiler.collectGarbage`,
 * `Runtime.getHeapUsage`), and the least-squares slope of the retained heap is reported against
 * the goal of 50 kB/s. The run lasts `MLDECK_B2_HEAP_SECONDS` (default 60 s, short for CI; the
 * goal is defined over 10 minutes or more: `MLDECK_B2_HEAP_SECONDS=600`).
 */
import { tempNamespace } from '../harness/lab';
import { openBenchApp } from './bench-app';
import { slope, type BenchResult } from './report';
import { labRegistry } from './workloads';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

/** Runs the churn with the view open and reports the renderer heap's slope. */
export async function b2RendererHeap(
  seconds = Number(process.env.MLDECK_B2_HEAP_SECONDS ?? 60),
  maxRate = Number(process.env.MLDECK_B2_MAX_RATE ?? 1000),
  pods = 200,
): Promise<BenchResult[]> {
  if (!(seconds >= 20)) throw new Error('MLDECK_B2_HEAP_SECONDS must be 20 or more');
  const dir = mkdtempSync(join(tmpdir(), 'mldeck-b2-heap-'));
  const { registry, clusterId } = await labRegistry(dir);
  const ns = await tempNamespace('bench-heap');
  const path = `/api/v1/namespaces/${ns.name}/pods`;
  const names = Array.from({ length: pods }, (_, i) => `churn-${i}`);
  const podBody = (name: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { 'mldeck.dev/bench': 'churn' } },
    spec: { containers: [{ name: 'main', image: 'busybox' }], restartPolicy: 'Never' },
  });
  try {
    const http = await registry.http(clusterId);
    await inParallel(pods, 16, (i) => http.request({ method: 'POST', path, body: podBody(names[i] ?? '') }));
    const app = await openBenchApp();
    try {
      const { page } = app;
      await page.getByTestId('overview-health').waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Pods', exact: true }).click();
      await page.locator('.vtable-row').first().waitFor({ timeout: 120_000 });
      // the churn starts on a whole table: a 10,000-pod list still arriving would be counted as growth
      await page.locator('[data-testid="freshness"][data-freshness="live"]').waitFor({ timeout: 300_000 });
      const cdp = await page.context().newCDPSession(page);
      const heap = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize;
      };
      const samples: { x: number; y: number }[] = [];
      let sent = 0;
      let failures = 0;
      let firstFailure = '';
      const t0 = performance.now();
      const elapsed = () => (performance.now() - t0) / 1000;
      // one churn operation: mostly patches, every 25th a delete and re-create of the same pod
      const op = async (k: number) => {
        const name = names[k % pods] ?? '';
        try {
          if (k % 25 === 0) {
            await http.request({ method: 'DELETE', path: `${path}/${name}`, query: { gracePeriodSeconds: 0 } });
            await http.request({ method: 'POST', path, body: podBody(name) });
            sent += 2;
          } else {
            await http.request({ method: 'PATCH', path: `${path}/${name}`, body: { metadata: { annotations: { 'mldeck.dev/churn': String(k) } } } });
            sent++;
          }
        } catch (e) {
          // e.g. a patch of a pod being re-created at that moment: counted and reported below
          failures++;
          firstFailure ||= e instanceof Error ? e.message : String(e);
        }
      };
      let k = 0;
      let inFlight = 0;
      let nextSample = 5;
      const pending = new Set<Promise<void>>();
      while (elapsed() < seconds) {
        const rate = 50 + ((maxRate - 50) * elapsed()) / seconds;
        const due = Math.floor(rate * elapsed() * 0.5 + 50 * elapsed() * 0.5); // the ramp's integral
        while (k < due && inFlight < 32) {
          inFlight++;
          const p = op(k++).finally(() => {
            inFlight--;
            pending.delete(p);
          });
          pending.add(p);
        }
        if (elapsed() >= nextSample) {
          samples.push({ x: elapsed(), y: await heap() });
          nextSample += 5;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      await Promise.all(pending);
      samples.push({ x: elapsed(), y: await heap() });
      // the first samples hold the first paint's garbage settling; the slope is over the rest
      const steady = samples.slice(Math.min(2, samples.length - 2));
      const bytesPerSec = slope(steady);
      const kBps = bytesPerSec / 1000;
      const first = steady[0]?.y ?? 0;
      const last = steady.at(-1)?.y ?? 0;
      log(
        `B2 heap: ${samples.length} samples over ${Math.round(elapsed())} s, ${sent} changes sent (${failures} refused), ` +
          `renderer heap ${(first / 1e6).toFixed(1)} → ${(last / 1e6).toFixed(1)} MB, slope ${kBps.toFixed(1)} kB/s`,
      );
      if (failures) log(`B2 heap: first refused change: ${firstFailure}`);
      if (failures > sent / 10) throw new Error(`the churn was refused ${failures} times of ${sent + failures}: ${firstFailure}`);
      return [
        {
          id: 'B2',
          what: 'renderer heap slope during churn vs 50 kB/s',
          ratio: kBps / 50,
          goal: { op: '<=', target: 1 },
          details: {
            seconds: Math.round(elapsed()),
            slopeKBps: Number(kBps.toFixed(2)),
            heapFirstMB: Number((first / 1e6).toFixed(2)),
            heapLastMB: Number((last / 1e6).toFixed(2)),
            samples: samples.length,
            changesSent: sent,
            sentPerSec: Math.round(sent / elapsed()),
            maxRate,
          },
        },
      ];
    } finally {
      await app.close();
    }
  } finally {
    await ns.remove();
    registry.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function inParallel(count: number, concurrency: number, call: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await call(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
