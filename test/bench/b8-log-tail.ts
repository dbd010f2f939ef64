// SPDX-License-Identifier: Apache-2.0
/**
 * B8, log tail: a container writing tens of thousands of lines per second (a KWOK pod whose
 * namespaced `Logs` object points at a file that a child process fills), read at the same time
 * by `kubectl logs -f` and by MLDeck (LogCapture keeping the lines in the cache, LogTails pushing
 * them to a client, serialised as the WebSocket host does). Lines per second received over the
 * same window, and the main-process heap retained afterwards (memory bounded).
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Topic } from '../../shared/ipc/define';
import { LogTails } from '../../main/features/logs/log-tails';
import { openCache } from '../../main/platform/cache/sqlite-cache';
import { ClusterRegistry } from '../../main/platform/kube/cluster-registry';
import { FileExecApprovals } from '../../main/platform/kube/exec-approvals';
import { ExecCredentialRunner } from '../../main/platform/kube/exec-credential';
import { LogCapture } from '../../main/platform/logs/log-capture';
import { eventually, labInfo, tempNamespace } from '../harness/lab';
import { bin } from '../lab/paths';
import { median, type BenchResult } from './report';

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

/** A full garbage collection (V8's gc exposed at run time), so heap figures are what is retained. */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Lines counted as they arrive. */
class Counter {
  n = 0;
  add(k: number): void {
    this.n += k;
  }
}

/** What one run measured. */
interface Run {
  written: number;
  windowS: number;
  kubectlLines: number;
  mldeckLines: number;
}

/**
 * Runs B8: three floods (the lab shares two cores between KWOK, the API server and both
 * readers, so one run is noisy), the median ratio, and the heap retained after all three.
 * @param rate - lines per second the container writes
 * @param seconds - how long it writes
 */
export async function b8(rate = Number(process.env.MLDECK_B8_RATE ?? 30_000), seconds = 10, runs = 3): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mldeck-b8-'));
  const kubeconfig = labInfo().kubeconfig;
  const registry = new ClusterRegistry({
    dataDir: dir,
    execRunner: new ExecCredentialRunner({ approvals: new FileExecApprovals(join(dir, 'approvals.json')) }),
    env: { ...process.env, KUBECONFIG: kubeconfig },
  });
  await registry.reload();
  const clusterId = registry.contexts().find((c) => c.entry.name === 'lab-a')?.entry.id;
  if (!clusterId) throw new Error('no lab-a context');
  const cache = await openCache({ file: join(dir, 'cache.sqlite') });
  const capture = new LogCapture(registry, cache);
  const mldeck = new Counter();
  const publisher = {
    publish: () => undefined,
    publishTo<Ev>(_client: string, topic: Topic<Ev>, ev: Ev) {
      // what the WebSocket host does with every event
      const wire = JSON.stringify({ t: 'event', topic: topic.id, payload: ev });
      if (wire.length) mldeck.add((ev as { lines: unknown[] }).lines.length);
    },
  };
  const tails = new LogTails(capture, registry, publisher, {
    get: () => {
      throw new Error('no snapshots in B8');
    },
  });
  const ns = await tempNamespace('bench-logs');
  try {
    const done: Run[] = [];
    let heapBefore = 0;
    for (let i = 0; i < runs; i++) {
      const r = await floodOnce({
        dir,
        kubeconfig,
        clusterId,
        namespace: ns.name,
        pod: `b8-flood-${i}`,
        rate,
        seconds,
        capture,
        tails,
        mldeck,
        onReady: () => {
          if (i === 0) {
            collect();
            heapBefore = process.memoryUsage().heapUsed;
          }
        },
      });
      log(
        `B8 run ${i + 1}: wrote ${r.written} lines in ${seconds}s; in ${r.windowS.toFixed(1)}s kubectl logs -f got ${r.kubectlLines}, MLDeck ${r.mldeckLines}`,
      );
      done.push(r);
    }
    collect();
    const heapAfter = process.memoryUsage().heapUsed;
    const keptBytes = (await cache.listLogKeys(clusterId, ns.name)).reduce((n, k) => n + k.bytes, 0);
    const ratios = done.map((r) => r.mldeckLines / r.kubectlLines);
    const mid = done[ratios.indexOf(median(ratios))] as Run;
    log(
      `B8: heap ${(heapBefore / 1e6).toFixed(1)} MB before, ${(heapAfter / 1e6).toFixed(1)} MB after ${runs} floods; kept logs ${(keptBytes / 1e6).toFixed(2)} MB (bounded per container)`,
    );
    const details = {
      rate,
      seconds,
      runs,
      written: mid.written,
      windowS: Number(mid.windowS.toFixed(2)),
      kubectlPerSec: Math.round(mid.kubectlLines / mid.windowS),
      mldeckPerSec: Math.round(mid.mldeckLines / mid.windowS),
      ratios: ratios.map((r) => r.toFixed(3)).join(' '),
      heapBeforeMB: Number((heapBefore / 1e6).toFixed(1)),
      heapAfterMB: Number((heapAfter / 1e6).toFixed(1)),
      keptBytes,
    };
    return [
      { id: 'B8', what: 'log tail lines/s vs kubectl logs -f', ratio: median(ratios), goal: { op: '>=', target: 0.8 }, details },
      { id: 'B8', what: 'main heap retained after the floods vs before', ratio: heapAfter / heapBefore, goal: { op: '<=', target: 1.5 }, details },
    ];
  } finally {
    tails.dispose();
    capture.dispose();
    await ns.remove();
    cache.dispose();
    registry.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One flood read by both: a pod whose Logs object points at a fresh file. */
async function floodOnce(o: {
  dir: string;
  kubeconfig: string;
  clusterId: string;
  namespace: string;
  pod: string;
  rate: number;
  seconds: number;
  capture: LogCapture;
  tails: LogTails;
  mldeck: Counter;
  onReady(): void;
}): Promise<Run> {
  const { namespace, pod, mldeck } = o;
  const kubectl = (args: string[], input?: string) =>
    execFileSync(bin('kubectl'), ['--kubeconfig', o.kubeconfig, '--context', 'lab-a', ...args], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  const file = join(o.dir, `${pod}.log`);
  let follower: ReturnType<typeof spawn> | undefined;
  writeFileSync(file, `${new Date().toISOString()} stdout F ready\n`);
  kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'Logs',
      metadata: { name: pod, namespace },
      spec: { logs: [{ containers: ['main'], logsFile: file, follow: true }] },
    }),
  );
  kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: pod, namespace }, spec: { containers: [{ name: 'main', image: 'busybox' }] } }),
  );
  const served = () => {
    try {
      return kubectl(['logs', '-n', namespace, pod, '-c', 'main']).includes('ready');
    } catch {
      return false;
    }
  };
  await eventually('the flood pod serves its own log file', async () => (served() ? true : undefined));
  const key = { cluster: o.clusterId, namespace, pod, container: 'main' };
  try {
    // both readers follow before the flood starts; kubectl's lines are counted by `wc -l` in
    // its own process, so this process's work does not slow kubectl down
    const wc = spawn('wc', ['-l'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let wcOut = '';
    wc.stdout.on('data', (b: Buffer) => (wcOut += b.toString()));
    const wcDone = new Promise<number>((resolve) => wc.on('exit', () => resolve(Number(wcOut.trim()))));
    follower = spawn(bin('kubectl'), ['--kubeconfig', o.kubeconfig, '--context', 'lab-a', 'logs', '-f', '-n', namespace, pod, '-c', 'main'], {
      stdio: ['ignore', wc.stdin, 'inherit'],
    });
    wc.stdin.destroy();
    const before = mldeck.n;
    const start = await o.tails.tail({ clusterId: o.clusterId, namespace, pod, container: 'main' }, 'bench');
    mldeck.add(start.lines.length);
    await eventually('MLDeck got the first line', async () => (mldeck.n > before ? true : undefined));
    // kubectl's follow is open once it printed the line that was there (give it a moment)
    await new Promise((r) => setTimeout(r, 1000));
    o.onReady();
    const m0 = mldeck.n;

    const t0 = performance.now();
    const flood = spawn(process.execPath, [join(import.meta.dirname, 'log-flood.mjs'), file, String(o.rate), String(o.seconds)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let written = 0;
    flood.stdout.on('data', (b: Buffer) => (written = Number(b.toString().trim())));
    await new Promise<void>((resolve, reject) => {
      flood.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`log-flood exited with ${code}`))));
    });
    // the window: the flood and a short drain after it, the same for both readers
    await new Promise((r) => setTimeout(r, 2000));
    const windowS = (performance.now() - t0) / 1000;
    const mldeckLines = mldeck.n - m0;
    follower.kill();
    const kubectlLines = (await wcDone) - 1; // less the "ready" line
    o.tails.untail(start.subscriptionId, 'bench');
    return { written, windowS, kubectlLines, mldeckLines };
  } finally {
    follower?.kill();
    await o.capture.stop(key);
  }
}
